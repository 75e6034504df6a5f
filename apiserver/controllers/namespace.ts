/**
 * Namespace lifecycle: once a namespace is deleting (phase Terminating), delete everything in it,
 * wait for finalizers, then clear spec.finalizers through /finalize so the namespace goes away.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { deleteObject } from '../objects/delete.ts';
import type { ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import { NAMESPACE_RESOURCE } from '../resources/registry.ts';
import { objectKey, type StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';

/** Starts the namespace controller; returns its stop function. */
export function startNamespaceController(ctx: ApiContext): () => void {
  const nsKey = NAMESPACE_RESOURCE.storageKey;
  const terminating = (ns: string) => !!ctx.store.get(nsKey, objectKey('', ns))?.metadata.deletionTimestamp;
  const loop = new WorkLoop(async (name) => {
    const ns = ctx.store.get(nsKey, objectKey('', name));
    if (!ns?.metadata.deletionTimestamp) return false;
    let remaining = 0;
    for (const rt of ctx.catalog.storageTypes()) {
      if (!rt.namespaced || rt.virtual) continue;
      for (const obj of ctx.store.list(rt.storageKey, name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) {
          try { await deleteObject(ctx, rt, name, obj.metadata.name!, { propagationPolicy: 'Background' }); } catch { /* gone already */ }
        }
      }
    }
    if (remaining > 0) {
      loop.enqueue(name, 1000);
      return false;
    }
    await updateObject(ctx, NAMESPACE_RESOURCE, undefined, name, (cur: KubeObject) => ({ ...cur, spec: { ...(cur.spec as object), finalizers: [] } }), { subresource: 'finalize' });
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
