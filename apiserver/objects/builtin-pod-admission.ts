/**
 * What Kubernetes' built-in admission plugins add to a new Pod, as clients read it back, in their
 * order: the service account and its API access volume (ServiceAccount), the priority of its class
 * (Priority) and the five-minute tolerations of unreachable and not-ready nodes
 * (DefaultTolerationSeconds). Also the Priority plugin's rule that one PriorityClass at most is
 * the global default.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ApiContext } from './context.ts';
import { SYSTEM_CLASSES } from './builtin-core-defaults.ts';
import { objectAt, objectsIn, type Obj } from './builtin-pod-defaults.ts';
import { admitServiceAccount } from './builtin-pod-service-account.ts';

const PRIORITY_CLASSES = 'scheduling.k8s.io/priorityclasses';
const DEFAULT_TOLERATION_SECONDS = 300;
const NODE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function priorityClasses(ctx: ApiContext): KubeObject[] {
  return ctx.store.list(PRIORITY_CLASSES);
}

/**
 * Resolves the Pod's priority: its named class (403 when there is none), else the global default
 * class, else priority 0. The class's preemption policy comes along.
 */
function admitPriority(pod: KubeObject, spec: Obj, ctx: ApiContext): void {
  const name = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  let value: number;
  let policy: unknown = 'PreemptLowerPriority';
  if (name && SYSTEM_CLASSES[name] !== undefined && !priorityClasses(ctx).some((c) => c.metadata.name === name)) {
    value = SYSTEM_CLASSES[name]!;
  } else if (name) {
    const cls = priorityClasses(ctx).find((c) => c.metadata.name === name);
    if (!cls) {
      throw statusError('Forbidden', { message: `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${name} was found`, kind: 'pods' });
    }
    value = Number(cls.value ?? 0);
    policy = cls.preemptionPolicy ?? policy;
  } else {
    const global = priorityClasses(ctx).filter((c) => c.globalDefault === true)
      .sort((a, b) => Number(a.value ?? 0) - Number(b.value ?? 0))[0];
    value = global ? Number(global.value ?? 0) : 0;
    if (global) {
      spec.priorityClassName = global.metadata.name;
      policy = global.preemptionPolicy ?? policy;
    }
  }
  if (spec.priority !== undefined && spec.priority !== value) {
    throw statusError('Forbidden', { message: `pods "${pod.metadata.name ?? ''}" is forbidden: the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`, kind: 'pods' });
  }
  spec.priority = value;
  spec.preemptionPolicy ??= policy;
}

/** Adds the tolerations of unreachable and not-ready nodes unless the Pod already tolerates them. */
function admitTolerations(spec: Obj): void {
  const tolerations = objectsIn(spec.tolerations);
  const tolerates = (key: string) => tolerations.some((t) =>
    (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute') &&
    ((t.operator === 'Exists' && (t.key === undefined || t.key === '')) || t.key === key));
  const added = NODE_TAINTS.filter((key) => !tolerates(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  if (added.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** Runs the built-in Pod admission on a Pod being created. */
export function admitPod(pod: KubeObject, ctx: ApiContext): void {
  const spec = objectAt(pod.spec);
  if (!spec) return;
  admitServiceAccount(pod, spec, ctx);
  admitPriority(pod, spec, ctx);
  admitTolerations(spec);
}

/** Only one PriorityClass may be the global default: another one makes the write forbidden. */
export function assertSingleGlobalDefault(obj: KubeObject, ctx: ApiContext): void {
  if (obj.globalDefault !== true) return;
  const other = priorityClasses(ctx).find((c) => c.globalDefault === true && c.metadata.name !== obj.metadata.name);
  if (!other) return;
  throw statusError('Forbidden', {
    message: `priorityclasses.scheduling.k8s.io "${obj.metadata.name ?? ''}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`,
    kind: 'priorityclasses', group: 'scheduling.k8s.io',
  });
}
