/**
 * The quota controller: keeps `status.hard` (spec.hard as decoded) and `status.used` of every
 * ResourceQuota current. A namespace is recounted when a quota's spec.hard differs from its
 * status, when something in it is deleted or changes what it charges (a pod finishing, a service
 * changing type, a claim growing), and on a periodic resync. Creates are not recounted: quota
 * admission charges them as it admits them, as on a Kubernetes cluster.
 */
import { RESOURCE_QUOTA_CONTROLLER_USER } from '../authn/controller-users.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ApiContext } from '../objects/context.ts';
import { jsonEqual } from '../objects/equality.ts';
import { QUOTA_STORAGE_KEY, quotaType, withQuotaLock } from '../objects/quota-admission.ts';
import { evaluatorFor, inQuotaScopes, quotaScopes } from '../objects/quota-evaluators.ts';
import { addAmounts, listFrom, listToJson, sameLists, ZERO, type ResourceList } from '../objects/quota-resource-list.ts';
import { updateObject } from '../objects/write.ts';
import type { StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';

/** kube-controller-manager's default --resource-quota-sync-period. */
const DEFAULT_RESYNC_MS = 5 * 60_000;

/** Options of the quota controller. */
export interface ResourceQuotaControllerOptions {
  /** How often every quota is recounted in full. */
  resyncMs?: number;
}

interface QuotaShape { spec?: { hard?: Record<string, unknown> }; status?: { hard?: Record<string, unknown>; used?: Record<string, unknown> } }

/** The status a quota should have given what its namespace holds now. */
export function computeQuotaStatus(ctx: ApiContext, quota: KubeObject, now = Date.now()): { hard: Record<string, string>; used: Record<string, string> } {
  const q = quota as KubeObject & QuotaShape;
  const hard = listFrom(q.spec?.hard);
  const namespace = quota.metadata.namespace!;
  const scopes = quotaScopes(quota);
  const used: ResourceList = listFrom(q.status?.used);
  for (const name of used.keys()) if (!hard.has(name)) used.delete(name);
  for (const rt of ctx.catalog.storageTypes()) {
    const ev = evaluatorFor(rt);
    if (!ev) continue;
    const names = [...hard.keys()].filter((n) => ev.matches(n));
    if (!names.length) continue;
    const sums: ResourceList = new Map(names.map((n) => [n, ZERO]));
    for (const obj of ctx.store.list(ev.storageKey, namespace)) {
      if (!inQuotaScopes(ev, obj, scopes)) continue;
      const usage = ev.usage(obj, now);
      for (const n of names) {
        const v = usage.get(n);
        if (v) sums.set(n, addAmounts(sums.get(n)!, v));
      }
    }
    for (const [n, v] of sums) used.set(n, v);
  }
  return { hard: listToJson(hard), used: listToJson(used) };
}

function hardIsCurrent(quota: KubeObject): boolean {
  const q = quota as KubeObject & QuotaShape;
  const hard = listFrom(q.spec?.hard);
  const used = listFrom(q.status?.used);
  return sameLists(hard, listFrom(q.status?.hard)) && [...hard.keys()].every((n) => used.has(n));
}

/** Starts the quota controller; returns its stop function. */
export function startResourceQuotaController(ctx: ApiContext, opts: ResourceQuotaControllerOptions = {}): () => void {
  const quotasIn = new Map<string, number>();
  const track = (ns: string, delta: number) => {
    const n = (quotasIn.get(ns) ?? 0) + delta;
    if (n > 0) quotasIn.set(ns, n); else quotasIn.delete(ns);
  };

  const sync = async (namespace: string): Promise<boolean> => {
    for (const quota of ctx.store.list(QUOTA_STORAGE_KEY, namespace)) {
      const wanted = computeQuotaStatus(ctx, quota);
      if (jsonEqual(quota.status ?? {}, wanted)) continue;
      try {
        await updateObject(ctx, quotaType(ctx), namespace, quota.metadata.name!, (cur) => ({ ...cur, status: wanted }), { subresource: 'status', user: RESOURCE_QUOTA_CONTROLLER_USER });
      } catch (err) {
        if ((err as { reason?: string }).reason !== 'NotFound') throw err;
      }
    }
    return false;
  };
  const loop = new WorkLoop((namespace) => withQuotaLock(ctx, namespace, () => sync(namespace)));

  for (const quota of ctx.store.list(QUOTA_STORAGE_KEY)) track(quota.metadata.namespace!, 1);
  for (const ns of quotasIn.keys()) loop.enqueue(ns);

  const chargeChanged = (e: StoreEvent): boolean => {
    const rt = ctx.catalog.forStorageKey(e.resource);
    const ev = rt && evaluatorFor(rt);
    if (!ev || e.type === 'ADDED') return false;
    return e.type === 'DELETED' || !e.prev || !sameLists(ev.usage(e.prev), ev.usage(e.object));
  };

  const unsubscribe = ctx.store.subscribe((events: StoreEvent[]) => {
    for (const e of events) {
      const ns = e.object.metadata.namespace;
      if (!ns) continue;
      if (e.resource === QUOTA_STORAGE_KEY) {
        if (e.type === 'ADDED') track(ns, 1);
        if (e.type === 'DELETED') {
          track(ns, -1);
          if (quotasIn.has(ns)) loop.enqueue(ns);
          continue;
        }
        const specChanged = e.type === 'MODIFIED' && !jsonEqual(e.prev?.spec, e.object.spec);
        if (e.type === 'ADDED' || specChanged || !hardIsCurrent(e.object)) loop.enqueue(ns);
      } else if (quotasIn.has(ns) && chargeChanged(e)) {
        loop.enqueue(ns);
      }
    }
  });

  const resync = setInterval(() => { for (const ns of quotasIn.keys()) loop.enqueue(ns); }, opts.resyncMs ?? DEFAULT_RESYNC_MS);
  resync.unref();
  return () => { clearInterval(resync); unsubscribe(); loop.stop(); };
}
