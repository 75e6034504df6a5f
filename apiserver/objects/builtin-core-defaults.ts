/**
 * Defaults and checks of the smaller built-in kinds: claims (volume mode, Pending phase), limit
 * ranges (container defaults taken from max, default requests from defaults and min) and
 * priority classes (preemption policy, the reserved value range and name prefix, immutable value
 * and policy).
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { objectAt, objectsIn } from './builtin-pod-defaults.ts';

/** PersistentVolumeClaim: a filesystem volume; a claim nobody has bound reads as Pending. */
export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  const spec = objectAt(obj.spec) ?? {};
  obj.spec = spec;
  spec.volumeMode ??= 'Filesystem';
  const status = objectAt(obj.status);
  if (status) status.phase ||= 'Pending';
  else obj.status = { phase: 'Pending' };
}

/**
 * LimitRange: a Container item without a default limit for a resource it caps takes the max;
 * without a default request it takes the default limit, else the min.
 */
export function defaultLimitRange(obj: KubeObject): void {
  for (const item of objectsIn(objectAt(obj.spec)?.limits)) {
    if (item.type !== 'Container') continue;
    const defaults = { ...objectAt(item.default) };
    const requests = { ...objectAt(item.defaultRequest) };
    for (const [name, q] of Object.entries(objectAt(item.max) ?? {})) defaults[name] ??= q;
    for (const [name, q] of Object.entries(defaults)) requests[name] ??= q;
    for (const [name, q] of Object.entries(objectAt(item.min) ?? {})) requests[name] ??= q;
    // Empty resource lists are omitted when Kubernetes prints the object.
    if (Object.keys(defaults).length) item.default = defaults;
    if (Object.keys(requests).length) item.defaultRequest = requests;
  }
}

/** The highest priority a user-defined class may have; higher values are for system classes. */
export const HIGHEST_USER_PRIORITY = 1_000_000_000;
/** The classes every cluster has, with their fixed priorities (usable before they are listed). */
export const SYSTEM_CLASSES: Readonly<Record<string, number>> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };
const SYSTEM_PREFIX = 'system-';

/** PriorityClass: pods of a class preempt lower priorities unless told otherwise. */
export function defaultPriorityClass(obj: KubeObject): void {
  obj.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** Checks a PriorityClass as Kubernetes' validation does: system names and values, immutability. */
export function validatePriorityClass(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  const value = obj.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    causes.push({ reason: 'FieldValueRequired', field: 'value', message: 'Required value' });
  } else if (SYSTEM_CLASSES[name] !== undefined) {
    if (value !== SYSTEM_CLASSES[name]) causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": name of a system priority class must have value ${SYSTEM_CLASSES[name]}` });
  } else if (name.startsWith(SYSTEM_PREFIX)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only` });
  } else if (value > HIGHEST_USER_PRIORITY) {
    causes.push({ reason: 'FieldValueForbidden', field: 'value', message: `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}` });
  }
  const policy = obj.preemptionPolicy;
  if (policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    causes.push({ reason: 'FieldValueNotSupported', field: 'preemptionPolicy', message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Never", "PreemptLowerPriority"` });
  }
  if (old) {
    if (old.value !== obj.value) causes.push({ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: may not be changed in an update.' });
    if (old.preemptionPolicy !== obj.preemptionPolicy) causes.push({ reason: 'FieldValueInvalid', field: 'preemptionPolicy', message: `Invalid value: ${JSON.stringify(obj.preemptionPolicy)}: field is immutable` });
  }
  return causes;
}

/**
 * The status a kind reads back with right after create. Kubernetes resets status on create and
 * prints Go structs: counters without omitempty show as zeros, nested structs as `{}`.
 */
export const CREATED_STATUS: Record<string, () => Record<string, unknown>> = {
  'apps/deployments': () => ({}),
  'apps/statefulsets': () => ({ replicas: 0, availableReplicas: 0 }),
  'apps/daemonsets': () => ({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }),
  'apps/replicasets': () => ({ replicas: 0 }),
  'batch/jobs': () => ({}),
  'batch/cronjobs': () => ({}),
  'networking.k8s.io/ingresses': () => ({ loadBalancer: {} }),
  'policy/poddisruptionbudgets': () => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
  '/resourcequotas': () => ({}),
};
