/**
 * What a pod charges against a quota: compute requests and limits of the pod as the scheduler
 * sizes it (containers and sidecars summed, init containers as a peak, overhead on top), the
 * quota scopes it falls in, and the per-container requests a cpu or memory quota insists on.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { addLists, count, listFrom, maxLists, type ResourceList } from './quota-resource-list.ts';

interface Container {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: unknown; limits?: unknown };
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  overhead?: unknown;
  activeDeadlineSeconds?: number;
  priorityClassName?: string;
  affinity?: { podAffinity?: AffinityRules; podAntiAffinity?: AffinityRules };
}

interface AffinityTerm { namespaces?: string[]; namespaceSelector?: unknown }
interface AffinityRules {
  requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: AffinityTerm }[];
}

/** One scope a quota restricts itself to (`spec.scopes` entries are Exists selectors). */
export interface ScopeSelector {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** The quota resource names a pod can be charged for besides prefixed ones. */
export const POD_RESOURCES = new Set([
  'count/pods', 'pods', 'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

/** Kubernetes' native resources have no domain or one under kubernetes.io. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** True for a quota name a pod is charged for: the fixed set, huge pages, extended requests. */
export function podMatches(name: string): boolean {
  if (POD_RESOURCES.has(name)) return true;
  if (name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) return true;
  return name.startsWith('requests.') && !isNative(name);
}

const specOf = (pod: KubeObject): PodSpec => (pod.spec as PodSpec | undefined) ?? {};

function sized(containers: Container[], init: Container[], which: 'requests' | 'limits'): ResourceList {
  let sum: ResourceList = new Map();
  for (const c of containers) sum = addLists(sum, listFrom(c.resources?.[which]));
  let sidecars: ResourceList = new Map();
  let initPeak: ResourceList = new Map();
  for (const c of init) {
    let own = listFrom(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running beside the app containers and every later init container.
      sum = addLists(sum, own);
      sidecars = addLists(sidecars, own);
      own = sidecars;
    } else {
      own = addLists(own, sidecars);
    }
    initPeak = maxLists(initPeak, own);
  }
  return maxLists(sum, initPeak);
}

/** The pod's effective requests and limits, overhead included (limits only where set). */
export function podCompute(pod: KubeObject): { requests: ResourceList; limits: ResourceList } {
  const spec = specOf(pod);
  const requests = sized(spec.containers ?? [], spec.initContainers ?? [], 'requests');
  let limits = sized(spec.containers ?? [], spec.initContainers ?? [], 'limits');
  const overhead = listFrom(spec.overhead);
  limits = addLists(limits, new Map([...overhead].filter(([name]) => limits.has(name))));
  return { requests: addLists(requests, overhead), limits };
}

/** The quota names a set of requests and limits charges (`pods` always). */
export function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', count(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) { out.set(r, req); out.set(`requests.${r}`, req); }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [name, req] of requests) {
    if (name.startsWith('hugepages-')) { out.set(name, req); out.set(`requests.${name}`, req); }
    else if (!isNative(name) && !name.startsWith('requests.')) out.set(`requests.${name}`, req);
  }
  return out;
}

/** Succeeded and Failed pods, and pods past their deletion grace, hold no compute quota. */
export function podHoldsCompute(pod: KubeObject, now = Date.now()): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (deletionTimestamp && deletionGracePeriodSeconds !== undefined) {
    if (now > Date.parse(deletionTimestamp) + deletionGracePeriodSeconds * 1000) return false;
  }
  return true;
}

/** Everything a pod charges: `count/pods` always, compute while it is not terminal. */
export function podUsage(pod: KubeObject, now = Date.now()): ResourceList {
  const base: ResourceList = new Map([['count/pods', count(1)]]);
  if (!podHoldsCompute(pod, now)) return base;
  const { requests, limits } = podCompute(pod);
  return addLists(base, computeUsage(requests, limits));
}

function isBestEffort(spec: PodSpec): boolean {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const which of ['requests', 'limits'] as const) {
      const list = listFrom(c.resources?.[which]);
      for (const r of ['cpu', 'memory']) if ((list.get(r)?.nanos ?? 0n) > 0n) return false;
    }
  }
  return true;
}

function crossNamespaceAffinity(spec: PodSpec): boolean {
  const cross = (t: AffinityTerm | undefined) => !!t && ((t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
  for (const rules of [spec.affinity?.podAffinity, spec.affinity?.podAntiAffinity]) {
    if (!rules) continue;
    if ((rules.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(cross)) return true;
    if ((rules.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((w) => cross(w.podAffinityTerm))) return true;
  }
  return false;
}

function priorityClassMatches(className: string | undefined, s: ScopeSelector): boolean {
  const has = !!className;
  switch (s.operator) {
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'In': return has && (s.values ?? []).includes(className!);
    case 'NotIn': return !has || !(s.values ?? []).includes(className!);
    default: return false;
  }
}

/** Whether a pod falls in one quota scope. */
export function podInScope(pod: KubeObject, s: ScopeSelector): boolean {
  const spec = specOf(pod);
  const terminating = spec.activeDeadlineSeconds != null && spec.activeDeadlineSeconds >= 0;
  switch (s.scopeName) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return isBestEffort(spec);
    case 'NotBestEffort': return !isBestEffort(spec);
    case 'PriorityClass': return priorityClassMatches(spec.priorityClassName, s);
    case 'CrossNamespacePodAffinity': return crossNamespaceAffinity(spec);
    default: return false;
  }
}

const MUST_REQUEST = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/**
 * A quota on cpu or memory needs every container to state them (a rule Kubernetes keeps for
 * compatibility). Returns `must specify ...` for what is missing, or undefined.
 */
export function podConstraintFailure(pod: KubeObject, required: string[]): string | undefined {
  const needed = required.filter((r) => MUST_REQUEST.has(r));
  if (!needed.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const spec = specOf(pod);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const has = computeUsage(listFrom(c.resources?.requests), listFrom(c.resources?.limits));
    for (const r of needed) {
      if (has.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(c.name ?? '');
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
