/**
 * The LimitRanger admission step for new pods and claims: Container-type LimitRange items fill in
 * the default limits and requests a container leaves out (noting what they set in the
 * `kubernetes.io/limit-ranger` annotation), then every Container and Pod item's min, max and
 * maxLimitRequestRatio are checked, and PersistentVolumeClaim items' min and max against a new
 * claim's requests; a violation refuses with 403 Forbidden and all the reasons, in Kubernetes' words. Defaults are applied before mutating webhooks and the checks run
 * after them, where Kubernetes' admission chain places the plugin's two halves.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { canonicalQuantity } from '../table/quantity.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ApiContext } from './context.ts';
import { admissionForbidden } from './quota-admission.ts';
import { amountOf, type Amount } from './quota-resource-list.ts';

const LIMIT_RANGE_STORAGE_KEY = '/limitranges';
const ANNOTATION = 'kubernetes.io/limit-ranger';
const MILLI = 1_000_000n;

type Quantities = Record<string, string>;
interface LimitItem { type?: string; min?: Quantities; max?: Quantities; default?: Quantities; defaultRequest?: Quantities; maxLimitRequestRatio?: Quantities }
interface Container { name?: string; resources?: { requests?: Quantities; limits?: Quantities } }

function isNewPod(rt: ResourceType): boolean {
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
  if (!isNewPod(rt)) return;
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

function constraintErrors(type: string, item: LimitItem, side: (name: string) => Side): string[] {
  const errors: string[] = [];
  for (const [name, text] of Object.entries(item.min ?? {})) {
    const enforced = amountOf(text); const s = side(name);
    if (!enforced) continue;
    const shown = canonicalQuantity(text);
    if (!s.request) errors.push(`minimum ${name} usage per ${type} is ${shown}.  No request is specified.`);
    else if (milli(s.request) < milli(enforced)) errors.push(`minimum ${name} usage per ${type} is ${shown}, but request is ${s.requestText}.`);
    else if (s.limit && milli(s.limit) < milli(enforced)) errors.push(`minimum ${name} usage per ${type} is ${shown}, but limit is ${s.limitText}.`);
  }
  for (const [name, text] of Object.entries(item.max ?? {})) {
    const enforced = amountOf(text); const s = side(name);
    if (!enforced) continue;
    const shown = canonicalQuantity(text);
    if (!s.limit) errors.push(`maximum ${name} usage per ${type} is ${shown}.  No limit is specified.`);
    else if (milli(s.limit) > milli(enforced)) errors.push(`maximum ${name} usage per ${type} is ${shown}, but limit is ${s.limitText}.`);
    else if (s.request && milli(s.request) > milli(enforced)) errors.push(`maximum ${name} usage per ${type} is ${shown}, but request is ${s.requestText}.`);
  }
  for (const [name, text] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const enforced = amountOf(text); const s = side(name);
    if (!enforced) continue;
    const shown = canonicalQuantity(text);
    if (!s.request || milli(s.request) === 0n) { errors.push(`${name} max limit to request ratio per ${type} is ${shown}, but no request is specified or request is 0.`); continue; }
    if (!s.limit || milli(s.limit) === 0n) { errors.push(`${name} max limit to request ratio per ${type} is ${shown}, but no limit is specified or limit is 0.`); continue; }
    const ratio = Number(milli(s.limit)) / Number(milli(s.request));
    if (ratio * 1000 > Number(milli(enforced))) errors.push(`${name} max limit to request ratio per ${type} is ${shown}, but provided ratio is ${ratio.toFixed(6)}.`);
  }
  return errors;
}

function containerSide(c: Container): (name: string) => Side {
  return (name) => {
    const r = c.resources?.requests?.[name];
    const l = c.resources?.limits?.[name];
    return { request: amountOf(r), limit: amountOf(l), requestText: canonicalQuantity(r), limitText: canonicalQuantity(l) };
  };
}

/** A pod's total: containers summed (only names every container sets), then the largest init container if larger. */
function podTotal(pod: KubeObject, key: 'requests' | 'limits'): Map<string, bigint> {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const lists = (spec.containers ?? []).map((c) => c.resources?.[key] ?? {});
  const total = new Map<string, bigint>();
  for (const name of new Set(lists.flatMap((l) => Object.keys(l)))) {
    if (!lists.every((l) => l[name] !== undefined)) continue;
    // Kubernetes sums CPU in thousandths and everything else in whole units.
    total.set(name, lists.reduce((n, l) => n + (name === 'cpu' ? milli(amountOf(l[name]) ?? { nanos: 0n, format: 'DecimalSI' }) : wholeUnits(l[name]!)), 0n));
  }
  for (const c of spec.initContainers ?? []) {
    for (const [name, text] of Object.entries(c.resources?.[key] ?? {})) {
      const v = name === 'cpu' ? milli(amountOf(text) ?? { nanos: 0n, format: 'DecimalSI' }) : wholeUnits(text);
      if (!total.has(name) || v > total.get(name)!) total.set(name, v);
    }
  }
  return total;
}

function wholeUnits(text: string): bigint {
  const a = amountOf(text);
  if (!a) return 0n;
  const whole = a.nanos / 1_000_000_000n;
  return a.nanos % 1_000_000_000n > 0n ? whole + 1n : whole;
}

function podSide(pod: KubeObject): (name: string) => Side {
  const requests = podTotal(pod, 'requests');
  const limits = podTotal(pod, 'limits');
  const amount = (name: string, v: bigint | undefined): { a?: Amount; text?: string } => {
    if (v === undefined) return {};
    const text = canonicalQuantity(name === 'cpu' ? `${v}m` : String(v));
    return { a: amountOf(text), text };
  };
  return (name) => {
    const r = amount(name, requests.get(name));
    const l = amount(name, limits.get(name));
    return { request: r.a, limit: l.a, requestText: r.text, limitText: l.text };
  };
}

/** A claim's requests against a PersistentVolumeClaim item: the max applies to the request (claims set no limits). */
function claimErrors(item: LimitItem, claim: KubeObject): string[] {
  const requests = ((claim.spec as { resources?: { requests?: Quantities } } | undefined)?.resources?.requests) ?? {};
  const side = containerSide({ resources: { requests } });
  const errors = constraintErrors('PersistentVolumeClaim', { min: item.min }, side);
  for (const [name, text] of Object.entries(item.max ?? {})) {
    const enforced = amountOf(text); const s = side(name);
    if (!enforced) continue;
    if (!s.request) errors.push(`maximum ${name} usage per PersistentVolumeClaim is ${canonicalQuantity(text)}.  No request is specified.`);
    else if (milli(s.request) > milli(enforced)) errors.push(`maximum ${name} usage per PersistentVolumeClaim is ${canonicalQuantity(text)}, but request is ${s.requestText}.`);
  }
  return errors;
}

/** Checks a new pod (Container and Pod items) or claim (PersistentVolumeClaim items) against its namespace's LimitRanges. */
export function validateLimitRanges(ctx: ApiContext, rt: ResourceType, obj: KubeObject): void {
  if (!isNewPod(rt) && !isClaim(rt)) return;
  const errors: string[] = [];
  for (const item of limitItems(ctx, obj.metadata.namespace)) {
    if (isClaim(rt)) { if (item.type === 'PersistentVolumeClaim') errors.push(...claimErrors(item, obj)); continue; }
    if (item.type === 'Container') for (const { c } of containersOf(obj)) errors.push(...constraintErrors('Container', item, containerSide(c)));
    if (item.type === 'Pod') errors.push(...constraintErrors('Pod', item, podSide(obj)));
  }
  if (!errors.length) return;
  throw admissionForbidden(rt, obj.metadata.name ?? '', errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
}
