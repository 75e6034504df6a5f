/**
 * Status writes of the workloads. Jobs have their own rules (workload-job-status.ts); the apps
 * workloads (Deployments, ReplicaSets, StatefulSets, DaemonSets) are judged as Kubernetes'
 * ValidateXStatusUpdate does: counters that are not negative, replica counts that do not exceed
 * the replicas they count, and a collision count that never goes down.
 */
import { childPath, invalidError, type FieldError } from '../field-errors.ts';
import { nonNegativeErrors } from './formats.ts';
import { objAt, type Obj } from './readers.ts';
import type { SubresourceValidator } from './types.ts';
import { validateJobStatus } from './workload-job-status.ts';

const ABOVE_REPLICAS = 'cannot be greater than status.replicas';

/** A counter as Go reads it: absent is 0. */
const count = (status: Obj, field: string): number => (typeof status[field] === 'number' ? status[field] : 0);

/** ValidateNonnegativeField for each counter, in the given order. */
function counterErrors(status: Obj, fields: readonly string[]): FieldError[] {
  return fields.flatMap((f) => nonNegativeErrors(status[f], childPath('status', f)));
}

/** `field` may not exceed `limit`: Invalid at `status.<field>` with the given message. */
function notAbove(status: Obj, field: string, limit: string, message: string): FieldError[] {
  return count(status, field) > count(status, limit) ? [invalidError(childPath('status', field), count(status, field), message)] : [];
}

/**
 * Each count of pods may not exceed status.replicas, and the available pods are among the ready
 * ones (`availableMessage` is worded per kind, as Kubernetes words it).
 */
function replicaCountErrors(status: Obj, counts: readonly string[], availableMessage: string): FieldError[] {
  return [
    ...counts.flatMap((field) => notAbove(status, field, 'replicas', ABOVE_REPLICAS)),
    ...notAbove(status, 'availableReplicas', 'readyReplicas', availableMessage),
  ];
}

/** The collision count guards hash collisions of revision names: once raised it stays. */
function collisionCountErrors(status: Obj, oldStatus: Obj): FieldError[] {
  const now = status.collisionCount;
  const before = oldStatus.collisionCount;
  return typeof now === 'number' && typeof before === 'number' && now < before ? [invalidError('status.collisionCount', now, 'cannot be decremented')] : [];
}

/** A status validator reading the new and stored status objects. */
function statusRules(rules: (status: Obj, oldStatus: Obj) => FieldError[]): SubresourceValidator {
  return (obj, old) => rules(objAt(obj, 'status'), objAt(old, 'status'));
}

const validateDeploymentStatus = statusRules((s, old) => [
  ...counterErrors(s, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount']),
  ...replicaCountErrors(s, ['updatedReplicas', 'readyReplicas', 'availableReplicas'], 'cannot be greater than readyReplicas'),
  ...collisionCountErrors(s, old),
]);

const validateReplicaSetStatus = statusRules((s) => [
  ...counterErrors(s, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
  ...replicaCountErrors(s, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], 'cannot be greater than readyReplicas'),
]);

const validateStatefulSetStatus = statusRules((s, old) => [
  ...counterErrors(s, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount']),
  ...replicaCountErrors(s, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'], 'cannot be greater than status.readyReplicas'),
  ...collisionCountErrors(s, old),
]);

const validateDaemonSetStatus = statusRules((s, old) => [
  ...counterErrors(s, [
    'currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration',
    'updatedNumberScheduled', 'collisionCount', 'numberAvailable', 'numberUnavailable',
  ]),
  ...collisionCountErrors(s, old),
]);

/** Status validators of the workload kinds, by storage key. */
export const WORKLOAD_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  'apps/deployments': validateDeploymentStatus,
  'apps/replicasets': validateReplicaSetStatus,
  'apps/statefulsets': validateStatefulSetStatus,
  'apps/daemonsets': validateDaemonSetStatus,
  'batch/jobs': validateJobStatus,
};
