/**
 * CRD deletion: while a CRD carries the cleanup finalizer and a deletionTimestamp, delete all of its
 * custom resources (honouring their finalizers), then release the CRD.
 */
import { LOOPBACK_USER } from '../authn/controller-users.ts';
import { deleteObject, CRD_CLEANUP_FINALIZER } from '../objects/delete.ts';
import { markCrdTerminating } from '../objects/crd-status.ts';
import { nowTimestamp, type ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import { crdSpec } from '../resources/crd-resources.ts';
import { CRD_RESOURCE } from '../resources/registry.ts';
import { objectKey, type StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';
import { removeFinalizer } from './util.ts';

/** Starts the CRD cleanup controller; returns its stop function. */
export function startCrdCleanup(ctx: ApiContext): () => void {
  const loop = new WorkLoop(async (name) => {
    const crd = ctx.store.get(CRD_RESOURCE.storageKey, objectKey('', name));
    if (!crd?.metadata.deletionTimestamp || !crd.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) return false;
    const spec = crdSpec(crd);
    const storageKey = `${spec.group}/${spec.names.plural}`;
    const rt = ctx.catalog.forStorageKey(storageKey);
    const remaining = ctx.store.list(storageKey);
    if (remaining.length && rt) {
      const terminating = (crd.status as { conditions?: { type: string; reason: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Terminating');
      if (terminating?.reason !== 'InstanceDeletionInProgress') {
        await updateObject(ctx, CRD_RESOURCE, undefined, name, (cur) => {
          markCrdTerminating(cur, 'InstanceDeletionInProgress', 'CustomResource deletion is in progress', nowTimestamp());
          return cur;
        }, { subresource: 'status', user: LOOPBACK_USER });
      }
      for (const obj of remaining) {
        if (obj.metadata.deletionTimestamp) continue;
        // Kubernetes' CRD finalizer deletes instances from storage, past admission.
        try { await deleteObject(ctx, rt, obj.metadata.namespace, obj.metadata.name!, { bypassAdmission: true }); } catch { /* gone already */ }
      }
      loop.enqueue(name, 200);
      return false;
    }
    await removeFinalizer(ctx, CRD_RESOURCE, undefined, name, CRD_CLEANUP_FINALIZER, LOOPBACK_USER);
    return false;
  });
  for (const crd of ctx.store.list(CRD_RESOURCE.storageKey)) if (crd.metadata.deletionTimestamp) loop.enqueue(crd.metadata.name!);
  const unsubscribe = ctx.store.subscribe((events: StoreEvent[]) => {
    for (const e of events) {
      if (e.resource === CRD_RESOURCE.storageKey && e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) loop.enqueue(e.object.metadata.name!);
    }
  });
  return () => { unsubscribe(); loop.stop(); };
}
