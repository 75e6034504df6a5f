/**
 * The LimitRanger admission step for pods and claims: Container-type LimitRange items fill in
 * the default limits and requests a new pod's containers leave out (noting what they set in the
 * `kubernetes.io/limit-ranger` annotation), then every Container and Pod item's min, max and
 * maxLimitRequestRatio are checked, and PersistentVolumeClaim items' min and max against a
 * claim's requests; a violation refuses with 403 Forbidden and all the reasons, in Kubernetes'
 * words. Defaults are applied before mutating webhooks and the checks run after them, where
 * Kubernetes' admission chain places the plugin's two halves. Like Kubernetes, the plugin judges
 * claims on create and update (a resize must fit too) but pods only on create, since their
 * containers cannot change, and never a subresource write.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { canonicalQuantity } from '../table/quantity.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ApiContext } from './context.ts';
import { admissionForbidden } from './quota-admission.ts';
import { amountOf, formatAmount, roundUpWhole, ZERO, type Amount } from './quota-resource-list.ts';

const LIMIT_RANGE_STORAGE_KEY = '/limitranges';
const ANNOTATION = 'kubernetes.io/limit-ranger';
const MILLI = 1_000_000n;

type Quantities = Record<string, string>;
interface LimitItem { type?: string; min?: Quantities; max?: Quantities; default?: Quantities; defaultRequest?: Quantities; maxLimitRequestRatio?: Quantities }
interface Container { name?: string; resources?: { requests?: Quantities; limits?: Quantities } }

function isPod(rt: ResourceType): boolean {
  return rt.group === '' && rt.plural === 'pods';
}

function isClaim(rt: ResourceType): boolean {
  return rt.group === '' && rt.plural === 'persistentvolumeclaims';
}

function limitItems(ctx: ApiContext, namespace: string | undefined): LimitItem[] {
  if (!namespace) return [];
  return ctx.store.list(LIMIT_RANGE_STORAGE_KEY, namespace).flatMap((lr) => ((lr.spec as { limits?: LimitItem[] } | undefined)?.limits ?? []));
}

function containersOf(pod: KubeObject): { kind: 'container' | 'init container'; c: Container }[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return [...(spec.containers ?? []).map((c) => ({ kind: 'container' as const, c })), ...(spec.initContainers ?? []).map((c) => ({ kind: 'init container' as const, c }))];
}

/** Fills in the defaults of Container items a new pod's containers leave out. */
export function defaultPodResources(ctx: ApiContext, rt: ResourceType, pod: KubeObject): void {
  if (!isPod(rt)) return;
  const items = limitItems(ctx, pod.metadata.namespace).filter((i) => i.type === 'Container');
  if (!items.length) return;
  const limits: Quantities = {};
  const requests: Quantities = {};
  for (const i of items) { Object.assign(requests, i.defaultRequest); Object.assign(limits, i.default); }
  const notes: string[] = [];
  for (const { kind, c } of containersOf(pod)) {
    const res = (c.resources ??= {});
    const set = (target: 'requests' | 'limits', defaults: Quantities): string[] => {
      const names = Object.keys(defaults).filter((n) => res[target]?.[n] === undefined).sort();
      if (names.length) res[target] = { ...res[target], ...Object.fromEntries(names.map((n) => [n, defaults[n]!])) };
      return names;
    };
    const setRequests = set('requests', requests);
    const setLimits = set('limits', limits);
    if (setRequests.length) notes.push(`${setRequests.join(', ')} request for ${kind} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.join(', ')} limit for ${kind} ${c.name}`);
  }
  if (notes.length) pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
}

/** Values as Kubernetes compares them: in thousandths, which is exact for every practical quantity. */
function milli(a: Amount): bigint {
  return a.nanos / MILLI + (a.nanos % MILLI > 0n ? 1n : 0n);
}

interface Side { request?: Amount; limit?: Amount; requestText?: string; limitText?: string }

/**
 * What breaks an item's min, max and maxLimitRequestRatio. `max` bounds the limit and the request
 * of containers and pods, and the request of claims (which have no limits).
 */
function constraintErrors(type: string, item: LimitItem, side: (name: string) => Side, maxBounds: 'limit' | 'request' = 'limit'): string[] {
  const errors: string[] = [];
  const each = (quantities: Quantities | undefined, check: (name: string, enforced: bigint, shown: string, s: Side) => string | undefined) => {
    for (const [name, text] of Object.entries(quantities ?? {})) {
      const enforced = amountOf(text);
      const error = enforced && check(name, milli(enforced), canonicalQuantity(text), side(name));
      if (error) errors.push(error);
    }
  };
  each(item.min, (name, enforced, shown, s) => {
    const at = `minimum ${name} usage per ${type} is ${shown}`;
    if (!s.request) return `${at}.  No request is specified.`;
    if (milli(s.request) < enforced) return `${at}, but request is ${s.requestText}.`;
    if (s.limit && milli(s.limit) < enforced) return `${at}, but limit is ${s.limitText}.`;
    return undefined;
  });
  each(item.max, (name, enforced, shown, s) => {
    const at = `maximum ${name} usage per ${type} is ${shown}`;
    if (maxBounds === 'request') {
      if (!s.request) return `${at}.  No request is specified.`;
      return milli(s.request) > enforced ? `${at}, but request is ${s.requestText}.` : undefined;
    }
    if (!s.limit) return `${at}.  No limit is specified.`;
    if (milli(s.limit) > enforced) return `${at}, but limit is ${s.limitText}.`;
    if (s.request && milli(s.request) > enforced) return `${at}, but request is ${s.requestText}.`;
    return undefined;
  });
  each(item.maxLimitRequestRatio, (name, enforced, shown, s) => {
    const at = `${name} max limit to request ratio per ${type} is ${shown}`;
    if (!s.request || milli(s.request) === 0n) return `${at}, but no request is specified or request is 0.`;
    if (!s.limit || milli(s.limit) === 0n) return `${at}, but no limit is specified or limit is 0.`;
    const ratio = Number(milli(s.limit)) / Number(milli(s.request));
    return ratio * 1000 > Number(enforced) ? `${at}, but provided ratio is ${ratio.toFixed(6)}.` : undefined;
  });
  return errors;
}

function containerSide(c: Container): (name: string) => Side {
  return (name) => {
    const r = c.resources?.requests?.[name];
    const l = c.resources?.limits?.[name];
    return { request: amountOf(r), limit: amountOf(l), requestText: canonicalQuantity(r), limitText: canonicalQuantity(l) };
  };
}

/** One container's share of a pod total: CPU in thousandths, anything else in whole units, rounded up as Kubernetes sums them. */
function podUnit(name: string, text: string): Amount {
  const a = amountOf(text) ?? ZERO;
  return { nanos: name === 'cpu' ? milli(a) * MILLI : roundUpWhole(a).nanos, format: 'DecimalSI' };
}

/** A pod's total: containers summed (only names every container sets), then the largest init container if larger. */
function podTotal(pod: KubeObject, key: 'requests' | 'limits'): Map<string, Amount> {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const lists = (spec.containers ?? []).map((c) => c.resources?.[key] ?? {});
  const total = new Map<string, Amount>();
  for (const name of new Set(lists.flatMap((l) => Object.keys(l)))) {
    if (!lists.every((l) => l[name] !== undefined)) continue;
    total.set(name, { nanos: lists.reduce((n, l) => n + podUnit(name, l[name]!).nanos, 0n), format: 'DecimalSI' });
  }
  for (const c of spec.initContainers ?? []) {
    for (const [name, text] of Object.entries(c.resources?.[key] ?? {})) {
      const v = podUnit(name, text);
      if (!total.has(name) || v.nanos > total.get(name)!.nanos) total.set(name, v);
    }
  }
  return total;
}

function podSide(pod: KubeObject): (name: string) => Side {
  const requests = podTotal(pod, 'requests');
  const limits = podTotal(pod, 'limits');
  return (name) => {
    const r = requests.get(name);
    const l = limits.get(name);
    return { request: r, limit: l, requestText: r && formatAmount(r), limitText: l && formatAmount(l) };
  };
}

/** A claim's requests against a PersistentVolumeClaim item's min and max. */
function claimErrors(item: LimitItem, claim: KubeObject): string[] {
  const requests = ((claim.spec as { resources?: { requests?: Quantities } } | undefined)?.resources?.requests) ?? {};
  return constraintErrors('PersistentVolumeClaim', { min: item.min, max: item.max }, containerSide({ resources: { requests } }), 'request');
}

/** Whether the plugin judges this write: Kubernetes' LimitRanger handles the kinds and operations below only. */
function judged(rt: ResourceType, operation: 'CREATE' | 'UPDATE', subresource: string | undefined): boolean {
  if (subresource) return false;
  return isClaim(rt) || (isPod(rt) && operation === 'CREATE');
}

/**
 * Checks a new pod (Container and Pod items), or a claim being created or updated
 * (PersistentVolumeClaim items), against its namespace's LimitRanges; other writes pass.
 */
export function validateLimitRanges(ctx: ApiContext, rt: ResourceType, obj: KubeObject, operation: 'CREATE' | 'UPDATE', subresource?: string): void {
  if (!judged(rt, operation, subresource)) return;
  const errors: string[] = [];
  for (const item of limitItems(ctx, obj.metadata.namespace)) {
    if (isClaim(rt)) { if (item.type === 'PersistentVolumeClaim') errors.push(...claimErrors(item, obj)); continue; }
    if (item.type === 'Container') for (const { c } of containersOf(obj)) errors.push(...constraintErrors('Container', item, containerSide(c)));
    if (item.type === 'Pod') errors.push(...constraintErrors('Pod', item, podSide(obj)));
  }
  if (!errors.length) return;
  throw admissionForbidden(rt, obj.metadata.name ?? '', errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
}
