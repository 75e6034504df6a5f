/**
 * How quota measures each kind of object: which quota resource names it can be charged for, what
 * one object charges, which scopes it falls in and what it must state to be admitted. Pods,
 * services and claims have their own rules; configmaps, secrets, replication controllers and
 * quotas also answer to their bare plural; everything else is an object count
 * `count/<resource>[.<group>]`.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceType } from '../resources/types.ts';
import { podConstraintFailure, podInScope, podMatches, podUsage, type ScopeSelector } from './quota-pod-usage.ts';
import { amountOf, count, roundUpWhole, ZERO, type ResourceList } from './quota-resource-list.ts';

/** The quota rules of one resource. */
export interface QuotaEvaluator {
  /** The storage identity (`group/plural`) of the objects measured. */
  storageKey: string;
  /** Whether a quota resource name is one these objects are charged for. */
  matches(name: string): boolean;
  /** What one object charges (the names it can be charged for; zeros included). */
  usage(obj: KubeObject, now?: number): ResourceList;
  /** Whether the object falls in a scope (only pods have scopes; others match none). */
  inScope(obj: KubeObject, scope: ScopeSelector): boolean;
  /** Why the object cannot be admitted under quotas on `required`, or undefined. */
  constraintFailure(obj: KubeObject, required: string[]): string | undefined;
  /** Updates can raise the charge (a Service's type, a claim's size); other objects are checked on create only. */
  chargesUpdates?: boolean;
}

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** Kinds Kubernetes never counts: events, and requests that are not stored. */
const IGNORED = new Set(['/events', 'events.k8s.io/events', '/bindings', '/componentstatuses']);

/** Kinds whose bare plural is a quota name beside `count/<plural>`. */
const LEGACY_COUNTS = new Set(['/configmaps', '/secrets', '/replicationcontrollers', '/resourcequotas']);

/** The object-count quota name of a resource: `count/<plural>` or `count/<plural>.<group>`. */
export function objectCountName(group: string, plural: string): string {
  return group ? `count/${plural}.${group}` : `count/${plural}`;
}

const noScopes = () => false;
const noConstraints = () => undefined;

function countEvaluator(rt: ResourceType): QuotaEvaluator {
  const names = new Set([objectCountName(rt.group, rt.plural)]);
  if (LEGACY_COUNTS.has(rt.storageKey)) names.add(rt.plural);
  return {
    storageKey: rt.storageKey,
    matches: (name) => names.has(name),
    usage: () => new Map([...names].map((n) => [n, count(1)])),
    inScope: noScopes,
    constraintFailure: noConstraints,
  };
}

const podEvaluator: QuotaEvaluator = {
  storageKey: '/pods',
  matches: podMatches,
  usage: podUsage,
  inScope: podInScope,
  constraintFailure: podConstraintFailure,
};

interface ServiceSpec { type?: string; ports?: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean }

const SERVICE_NAMES = new Set(['services', 'count/services', 'services.nodeports', 'services.loadbalancers']);

const serviceEvaluator: QuotaEvaluator = {
  storageKey: '/services',
  chargesUpdates: true,
  matches: (name) => SERVICE_NAMES.has(name),
  usage: (svc) => {
    const spec = (svc.spec as ServiceSpec | undefined) ?? {};
    const ports = spec.ports ?? [];
    const out: ResourceList = new Map([['count/services', count(1)], ['services', count(1)], ['services.loadbalancers', ZERO], ['services.nodeports', ZERO]]);
    if (spec.type === 'NodePort') out.set('services.nodeports', count(ports.length));
    if (spec.type === 'LoadBalancer') {
      // Node ports are not allocated yet at admission: the intent counts, not the values.
      const nodePorts = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
      out.set('services.nodeports', count(nodePorts));
      out.set('services.loadbalancers', count(1));
    }
    return out;
  },
  inScope: noScopes,
  constraintFailure: noConstraints,
};

interface ClaimShape {
  spec?: { storageClassName?: string; resources?: { requests?: Record<string, unknown> } };
  status?: { allocatedResources?: Record<string, unknown> };
}

const CLAIM_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];

const claimEvaluator: QuotaEvaluator = {
  storageKey: '/persistentvolumeclaims',
  chargesUpdates: true,
  matches: (name) => name === 'count/persistentvolumeclaims' || CLAIM_RESOURCES.includes(name)
    || CLAIM_RESOURCES.some((r) => name.endsWith(STORAGE_CLASS_SUFFIX + r)),
  usage: (obj) => {
    const claim = obj as KubeObject & ClaimShape;
    const out: ResourceList = new Map([['persistentvolumeclaims', count(1)], ['count/persistentvolumeclaims', count(1)]]);
    const className = claim.metadata.annotations?.[STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '';
    if (className) out.set(`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, count(1));
    const requested = amountOf(claim.spec?.resources?.requests?.storage);
    if (!requested) return out;
    // An expansion in progress is charged at the larger of the request and the allocation.
    const allocated = amountOf(claim.status?.allocatedResources?.storage);
    const storage = roundUpWhole(allocated && allocated.nanos > requested.nanos ? allocated : requested);
    out.set('requests.storage', storage);
    if (className) out.set(`${className}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    return out;
  },
  inScope: noScopes,
  constraintFailure: noConstraints,
};

/** The evaluator of a resource, or undefined for what quota never measures. */
export function evaluatorFor(rt: ResourceType): QuotaEvaluator | undefined {
  if (!rt.namespaced || rt.virtual || IGNORED.has(rt.storageKey)) return undefined;
  switch (rt.storageKey) {
    case '/pods': return podEvaluator;
    case '/services': return serviceEvaluator;
    case '/persistentvolumeclaims': return claimEvaluator;
    default: return countEvaluator(rt);
  }
}

/** The scopes a quota restricts itself to: `spec.scopes` as Exists, then `spec.scopeSelector`. */
export function quotaScopes(quota: KubeObject): ScopeSelector[] {
  const spec = (quota.spec as { scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeSelector[] } } | undefined) ?? {};
  return [
    ...(spec.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(spec.scopeSelector?.matchExpressions ?? []),
  ];
}

/** Whether an object falls within every scope of a quota. */
export function inQuotaScopes(ev: QuotaEvaluator, obj: KubeObject, scopes: ScopeSelector[]): boolean {
  return scopes.every((s) => ev.inScope(obj, s));
}
