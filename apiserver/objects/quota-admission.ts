/**
 * The ResourceQuota admission check of creates: an object that would take any quota of its
 * namespace past `status.hard` is refused with 403, and an admitted one is charged to
 * `status.used` right away, so that a burst of creates cannot all slip under one limit before the
 * quota controller recounts. Dry runs are checked but never charged. Checks of one namespace run
 * one at a time, as Kubernetes' quota evaluator works through a namespace's queue.
 */
import { statusError, type StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { LOOPBACK_USER } from '../authn/controller-users.ts';
import type { ResourceType } from '../resources/types.ts';
import { objectKey } from '../storage/types.ts';
import type { ApiContext } from './context.ts';
import { evaluatorFor, inQuotaScopes, quotaScopes } from './quota-evaluators.ts';
import { addLists, listFrom, listToJson, maskList, prettyList, sameLists, type ResourceList } from './quota-resource-list.ts';
import { updateObject } from './write.ts';

/** Where quotas are stored. */
export const QUOTA_STORAGE_KEY = '/resourcequotas';

const locksByServer = new WeakMap<ApiContext, Map<string, Promise<unknown>>>();

/**
 * Runs fn after every earlier quota check or recount of the namespace has finished, so readers of
 * `status.used` never interleave with its writers.
 */
export function withQuotaLock<T>(ctx: ApiContext, namespace: string, fn: () => Promise<T>): Promise<T> {
  let locks = locksByServer.get(ctx);
  if (!locks) locksByServer.set(ctx, (locks = new Map()));
  const prev = locks.get(namespace) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const settled = run.then(() => undefined, () => undefined);
  locks.set(namespace, settled);
  void settled.then(() => { if (locks.get(namespace) === settled) locks.delete(namespace); });
  return run;
}

/** Kubernetes' admission refusal: 403 `<resource> "<name>" is forbidden: <reason>`. */
export function admissionForbidden(rt: ResourceType, name: string, text: string): StatusError {
  const gr = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
  return statusError('Forbidden', {
    message: name ? `${gr} "${name}" is forbidden: ${text}` : `${gr} is forbidden: ${text}`,
    name, kind: rt.plural, ...(rt.group ? { group: rt.group } : {}),
  });
}

interface QuotaStatus { hard?: Record<string, unknown>; used?: Record<string, unknown> }

const statusOf = (q: KubeObject): QuotaStatus => (q.status as QuotaStatus | undefined) ?? {};

/**
 * Refuses a create (or, for Services and claims, an update: `old` given) that would exceed a quota
 * of its namespace; charges what it adds unless dryRun. An update is charged only what it adds
 * over the old object.
 */
export async function admitQuota(ctx: ApiContext, rt: ResourceType, obj: KubeObject, dryRun = false, old?: KubeObject): Promise<void> {
  const namespace = obj.metadata.namespace;
  if (!namespace || !ctx.store.list(QUOTA_STORAGE_KEY, namespace).length) return;
  const ev = evaluatorFor(rt);
  if (!ev || (old && !ev.chargesUpdates)) return;
  await withQuotaLock(ctx, namespace, async () => {
    const subject = obj.metadata.name ?? '';
    const matched: { quota: KubeObject; hard: ResourceList; used: ResourceList }[] = [];
    for (const quota of ctx.store.list(QUOTA_STORAGE_KEY, namespace)) {
      const hard = listFrom(statusOf(quota).hard);
      const restricted = [...hard.keys()].filter((n) => ev.matches(n));
      if (!restricted.length || !inQuotaScopes(ev, obj, quotaScopes(quota))) continue;
      const name = quota.metadata.name!;
      const failure = ev.constraintFailure(obj, restricted);
      if (failure) throw admissionForbidden(rt, subject, `failed quota: ${name}: ${failure}`);
      const used = listFrom(statusOf(quota).used);
      if (restricted.some((r) => !used.has(r))) {
        throw admissionForbidden(rt, subject, `status unknown for quota: ${name}, resources: ${restricted.sort().join(',')}`);
      }
      matched.push({ quota, hard, used });
    }
    if (!matched.length) return;
    const usage = old ? growth(ev.usage(obj), ev.usage(old)) : ev.usage(obj);
    const negative = [...usage].filter(([, v]) => v.nanos < 0n).map(([n]) => n).sort();
    if (negative.length) throw admissionForbidden(rt, subject, `quota usage is negative for resource(s): ${negative.join(',')}`);
    if ([...usage.values()].every((v) => v.nanos === 0n)) return;
    const charges: { quota: KubeObject; used: ResourceList }[] = [];
    for (const { quota, hard, used } of matched) {
      const requested = maskList(usage, hard.keys());
      const next = addLists(used, requested);
      const exceeded = [...requested.keys()].filter((n) => next.get(n)!.nanos > hard.get(n)!.nanos);
      if (exceeded.length) {
        const text = `exceeded quota: ${quota.metadata.name}, requested: ${prettyList(maskList(requested, exceeded))}, used: ${prettyList(maskList(used, exceeded))}, limited: ${prettyList(maskList(hard, exceeded))}`;
        throw admissionForbidden(rt, subject, text);
      }
      if (!sameLists(used, next)) charges.push({ quota, used: next });
    }
    // A name already taken fails in storage right after admission; charging it would only leave
    // usage that nothing holds until the next full recount.
    const taken = !old && !!ctx.store.get(rt.storageKey, objectKey(namespace, obj.metadata.name ?? ''));
    if (dryRun || taken) return;
    for (const { quota, used } of charges) {
      await updateObject(ctx, quotaType(ctx), namespace, quota.metadata.name!, (cur) => ({
        ...cur, status: { ...(cur.status as object), used: listToJson(used) },
      }), { subresource: 'status', user: LOOPBACK_USER });
    }
  });
}

/** The served ResourceQuota type. */
export function quotaType(ctx: ApiContext): ResourceType {
  return ctx.catalog.forStorageKey(QUOTA_STORAGE_KEY)!;
}

/** What an update adds: new minus old, never below zero (a shrink frees nothing at admission). */
function growth(next: ResourceList, prev: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, a] of next) {
    const before = prev.get(name)?.nanos ?? 0n;
    out.set(name, { nanos: a.nanos > before ? a.nanos - before : 0n, format: a.format });
  }
  return out;
}
