/**
 * Update rules of workload and RBAC kinds, as Kubernetes' apps, batch and rbac validation apply
 * them: fixed selectors, the StatefulSet spec fields that may change, a Job's frozen template
 * (scheduling directives excepted while it is suspended and never started), and bindings that
 * keep their role.
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { child, forbidden, goLabelSelector, goQuote, goValue, immutableField, invalidValue, semanticEqual } from './builtin-immutability.ts';

type Obj = Record<string, unknown>;

/** Deployment, ReplicaSet, DaemonSet (apps/v1): the selector is fixed at creation. */
export function validateSelectorUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const selector = child(obj, 'spec').selector;
  return immutableField('spec.selector', child(old, 'spec').selector, selector, goLabelSelector(selector));
}

/** The StatefulSet spec fields an update may change (Kubernetes 1.32). */
const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const STATEFULSET_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/** StatefulSet: everything in the spec but the fields listed in the message is fixed. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const spec: Obj = { ...child(obj, 'spec') };
  const oldSpec = child(old, 'spec');
  for (const f of STATEFULSET_MUTABLE) spec[f] = oldSpec[f];
  return semanticEqual(spec, oldSpec) ? [] : [forbidden('spec', STATEFULSET_FORBIDDEN)];
}

/** Job template fields that may change while the Job is suspended and has never started. */
function withSchedulingDirectivesOf(oldTemplate: Obj, template: Obj): Obj {
  const oldPod = child(oldTemplate, 'spec');
  const pod = child(template, 'spec');
  const mergedPod: Obj = { ...oldPod, nodeSelector: pod.nodeSelector, tolerations: pod.tolerations, schedulingGates: pod.schedulingGates };
  const affinity = pod.affinity as Obj | undefined;
  const oldAffinity = oldPod.affinity as Obj | undefined;
  if (!affinity && oldAffinity) {
    // Clearing affinity is allowed when node affinity was all it held.
    const rest = { ...oldAffinity, nodeAffinity: undefined };
    mergedPod.affinity = semanticEqual(rest, {}) ? undefined : rest;
  } else if (affinity && !oldAffinity) {
    mergedPod.affinity = { nodeAffinity: affinity.nodeAffinity };
  } else if (affinity && oldAffinity) {
    mergedPod.affinity = { ...oldAffinity, nodeAffinity: affinity.nodeAffinity };
  }
  const meta = child(template, 'metadata');
  return { ...oldTemplate, metadata: { ...child(oldTemplate, 'metadata'), labels: meta.labels, annotations: meta.annotations }, spec: mergedPod };
}

function jobCompletions(spec: Obj, oldSpec: Obj): StatusCause[] {
  if (semanticEqual(spec.completions, oldSpec.completions)) return [];
  const printed = goValue(spec.completions);
  // Elastic Indexed Jobs scale completions together with parallelism.
  if (spec.completionMode !== 'Indexed') return [invalidValue('spec.completions', printed, 'field is immutable')];
  if (spec.completions === undefined || spec.completions === null) return [];
  return spec.completions === spec.parallelism ? [] : [invalidValue('spec.completions', printed, 'can only be modified in tandem with spec.parallelism')];
}

/**
 * Job: selector, completion mode, pod failure policy, backoff limit per index, managedBy and
 * success policy are fixed; completions move only with parallelism on Indexed Jobs; the pod
 * template is fixed except node affinity, node selector, tolerations, scheduling gates, labels
 * and annotations of a Job that is suspended and has not started.
 */
export function validateJobUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const spec = child(obj, 'spec');
  const oldSpec = child(old, 'spec');
  const template = child(spec, 'template');
  let oldTemplate = child(oldSpec, 'template');
  if (oldSpec.suspend === true && !child(old, 'status').startTime) oldTemplate = withSchedulingDirectivesOf(oldTemplate, template);
  return [
    ...jobCompletions(spec, oldSpec),
    ...immutableField('spec.selector', oldSpec.selector, spec.selector, goLabelSelector(spec.selector)),
    ...immutableField('spec.template', oldTemplate, template, goValue(template, 'core.PodTemplateSpec')),
    ...immutableField('spec.completionMode', oldSpec.completionMode, spec.completionMode, goValue(spec.completionMode)),
    ...immutableField('spec.podFailurePolicy', oldSpec.podFailurePolicy, spec.podFailurePolicy, goValue(spec.podFailurePolicy, 'batch.PodFailurePolicy')),
    ...immutableField('spec.backoffLimitPerIndex', oldSpec.backoffLimitPerIndex, spec.backoffLimitPerIndex, goValue(spec.backoffLimitPerIndex)),
    ...immutableField('spec.managedBy', oldSpec.managedBy, spec.managedBy, goValue(spec.managedBy)),
    ...immutableField('spec.successPolicy', oldSpec.successPolicy, spec.successPolicy, goValue(spec.successPolicy, 'batch.SuccessPolicy')),
  ];
}

/** RoleBinding and ClusterRoleBinding: the role a binding grants never changes. */
export function validateBindingUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const ref = child(obj, 'roleRef');
  const oldRef = child(old, 'roleRef');
  if (ref.apiGroup === oldRef.apiGroup && ref.kind === oldRef.kind && ref.name === oldRef.name) return [];
  const printed = `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup)}, Kind:${goQuote(ref.kind)}, Name:${goQuote(ref.name)}}`;
  return [invalidValue('roleRef', printed, 'cannot change roleRef')];
}
