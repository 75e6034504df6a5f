/**
 * Namespace lifecycle: once a namespace is deleting (phase Terminating), delete everything in it,
 * wait for finalizers, then clear spec.finalizers through /finalize so the namespace goes away.
 */
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { NAMESPACE_CONTROLLER_USER } from '../authn/controller-users.ts';
import { deleteObject } from '../objects/delete.ts';
import { nowTimestamp, type ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import { NAMESPACE_RESOURCE } from '../resources/registry.ts';
import { objectKey, type StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';

function condition(type: string, on: boolean, reason: string, message: string, now: string): Condition {
  return { type, status: on ? 'True' : 'False', lastTransitionTime: now, reason, message: on ? message : '' };
}

/** Sets the NamespaceContentRemaining / NamespaceFinalizersRemaining conditions when they change. */
async function reportProgress(ctx: ApiContext, name: string, perResource: Map<string, number>, finalizers: Map<string, number>): Promise<void> {
  const now = nowTimestamp();
  const content = [...perResource].map(([gr, n]) => `${gr} has ${n} resource instances`).join(', ');
  const fins = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).join(', ');
  const wanted = [
    condition('NamespaceDeletionDiscoveryFailure', false, 'ResourcesDiscovered', '', now),
    condition('NamespaceContentRemaining', true, 'SomeResourcesRemain', `Some resources are remaining: ${content}`, now),
    condition('NamespaceFinalizersRemaining', finalizers.size > 0, finalizers.size ? 'SomeFinalizersRemain' : 'ContentHasNoFinalizers', `Some content in the namespace has finalizers remaining: ${fins}`, now),
  ];
  const current = ((ctx.store.get(NAMESPACE_RESOURCE.storageKey, objectKey('', name))?.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
  const same = wanted.every((w) => current.some((c) => c.type === w.type && c.status === w.status && c.message === w.message));
  if (same) return;
  await updateObject(ctx, NAMESPACE_RESOURCE, undefined, name, (cur) => {
    const old = ((cur.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
    const conditions = wanted.map((w) => {
      const prev = old.find((c) => c.type === w.type);
      return prev && prev.status === w.status ? { ...w, lastTransitionTime: prev.lastTransitionTime } : w;
    });
    return { ...cur, status: { ...(cur.status as object), conditions } };
  }, { subresource: 'status', user: NAMESPACE_CONTROLLER_USER });
}

/** Starts the namespace controller; returns its stop function. */
export function startNamespaceController(ctx: ApiContext): () => void {
  const nsKey = NAMESPACE_RESOURCE.storageKey;
  const terminating = (ns: string) => !!ctx.store.get(nsKey, objectKey('', ns))?.metadata.deletionTimestamp;
  const loop = new WorkLoop(async (name) => {
    const ns = ctx.store.get(nsKey, objectKey('', name));
    if (!ns?.metadata.deletionTimestamp) return false;
    let remaining = 0;
    const perResource = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const rt of ctx.catalog.storageTypes()) {
      if (!rt.namespaced || rt.virtual) continue;
      for (const obj of ctx.store.list(rt.storageKey, name)) {
        remaining++;
        const gr = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
        perResource.set(gr, (perResource.get(gr) ?? 0) + 1);
        for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
        if (!obj.metadata.deletionTimestamp) {
          try { await deleteObject(ctx, rt, name, obj.metadata.name!, { propagationPolicy: 'Background', user: NAMESPACE_CONTROLLER_USER }); } catch { /* gone already */ }
        }
      }
    }
    if (remaining > 0) {
      await reportProgress(ctx, name, perResource, finalizers);
      loop.enqueue(name, 1000);
      return false;
    }
    await updateObject(ctx, NAMESPACE_RESOURCE, undefined, name, (cur: KubeObject) => ({ ...cur, spec: { ...(cur.spec as object), finalizers: [] } }), { subresource: 'finalize', user: NAMESPACE_CONTROLLER_USER });
    return false;
  });
  for (const ns of ctx.store.list(nsKey)) if (ns.metadata.deletionTimestamp) loop.enqueue(ns.metadata.name!);
  const unsubscribe = ctx.store.subscribe((events: StoreEvent[]) => {
    for (const e of events) {
      if (e.resource === nsKey) {
        if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) loop.enqueue(e.object.metadata.name!);
      } else if (e.type === 'DELETED' && e.object.metadata.namespace && terminating(e.object.metadata.namespace)) {
        loop.enqueue(e.object.metadata.namespace);
      }
    }
  });
  return () => { unsubscribe(); loop.stop(); };
}
