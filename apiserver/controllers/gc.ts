/**
 * Garbage collection by ownerReferences (matched by uid): dependents of deleted owners are deleted,
 * references to missing owners are dropped, `orphan` strips references before the owner goes,
 * `foregroundDeletion` deletes dependents first and waits for those with blockOwnerDeletion.
 */
import type { KubeObject, OwnerReference } from '../../runtime/core/meta.ts';
import { GARBAGE_COLLECTOR_USER } from '../authn/controller-users.ts';
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../objects/delete.ts';
import type { ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import type { StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';
import { removeFinalizer, splitId, storeId } from './util.ts';

function refsOf(obj: KubeObject | undefined): OwnerReference[] {
  return obj?.metadata.ownerReferences ?? [];
}

/** Starts the collector; returns its stop function. */
export function startGarbageCollector(ctx: ApiContext): () => void {
  const dependents = new Map<string, Set<string>>();
  const index = (uid: string, id: string, add: boolean) => {
    let set = dependents.get(uid);
    if (add) { if (!set) dependents.set(uid, (set = new Set())); set.add(id); }
    else if (set) { set.delete(id); if (!set.size) dependents.delete(uid); }
  };
  for (const resource of ctx.store.resources()) {
    for (const obj of ctx.store.list(resource)) for (const r of refsOf(obj)) index(r.uid, storeId(resource, obj), true);
  }
  // An owner counts only where the dependent can see it: cluster-scoped owners from anywhere,
  // namespaced ones from the same namespace (a cluster-scoped dependent sees only cluster-scoped
  // owners). Any other reference is dangling, as the garbage collector's lookup does not find it.
  const ownerVisible = (uid: string, dependentNamespace: string | undefined) => {
    const owner = ctx.store.getByUid(uid)?.object;
    if (!owner) return false;
    const ownerNamespace = owner.metadata.namespace ?? '';
    return ownerNamespace === '' || ownerNamespace === (dependentNamespace ?? '');
  };
  const isForegroundDeleting = (uid: string) => {
    const o = ctx.store.getByUid(uid)?.object;
    return !!o?.metadata.deletionTimestamp && !!o.metadata.finalizers?.includes(FOREGROUND_FINALIZER);
  };

  const loop = new WorkLoop(async (item) => {
    const [kind, id] = [item.slice(0, 4), item.slice(4)];
    const { resource, key } = splitId(id);
    const obj = ctx.store.get(resource, key);
    const rt = ctx.catalog.forStorageKey(resource);
    if (!obj || !rt) return false;
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name!;
    if (kind === 'dep:') {
      if (obj.metadata.deletionTimestamp) return false;
      const refs = refsOf(obj);
      if (!refs.length) return false;
      const dangling = refs.filter((r) => !ownerVisible(r.uid, ns));
      const waiting = refs.filter((r) => !dangling.includes(r) && isForegroundDeleting(r.uid));
      const solid = refs.length - dangling.length - waiting.length;
      if (solid > 0) {
        if (!dangling.length) return false;
        const gone = new Set(dangling.map((r) => r.uid));
        await updateObject(ctx, rt, ns, name, (cur) => ({ ...cur, metadata: { ...cur.metadata, ownerReferences: refsOf(cur).filter((r) => !gone.has(r.uid)) } }), { user: GARBAGE_COLLECTOR_USER });
        return false;
      }
      await deleteObject(ctx, rt, ns, name, { propagationPolicy: waiting.length ? 'Foreground' : 'Background', user: GARBAGE_COLLECTOR_USER });
      return false;
    }
    const uid = obj.metadata.uid!;
    const fins = obj.metadata.finalizers ?? [];
    if (!obj.metadata.deletionTimestamp) return false;
    const deps = [...(dependents.get(uid) ?? [])].map((d) => ({ d, ...splitId(d) })).map((x) => ({ ...x, obj: ctx.store.get(x.resource, x.key) })).filter((x) => x.obj);
    if (fins.includes(ORPHAN_FINALIZER)) {
      for (const dep of deps) {
        const drt = ctx.catalog.forStorageKey(dep.resource);
        if (!drt) continue;
        await updateObject(ctx, drt, dep.obj!.metadata.namespace, dep.obj!.metadata.name!, (cur) => ({ ...cur, metadata: { ...cur.metadata, ownerReferences: refsOf(cur).filter((r) => r.uid !== uid) } }), { user: GARBAGE_COLLECTOR_USER });
      }
      await removeFinalizer(ctx, rt, ns, name, ORPHAN_FINALIZER, GARBAGE_COLLECTOR_USER);
      return false;
    }
    if (fins.includes(FOREGROUND_FINALIZER)) {
      let blocking = 0;
      for (const dep of deps) {
        const ref = refsOf(dep.obj).find((r) => r.uid === uid);
        if (ref?.blockOwnerDeletion) blocking++;
        if (dep.obj!.metadata.deletionTimestamp) continue;
        const drt = ctx.catalog.forStorageKey(dep.resource);
        if (drt) await deleteObject(ctx, drt, dep.obj!.metadata.namespace, dep.obj!.metadata.name!, { propagationPolicy: 'Foreground', user: GARBAGE_COLLECTOR_USER });
      }
      if (blocking === 0) await removeFinalizer(ctx, rt, ns, name, FOREGROUND_FINALIZER, GARBAGE_COLLECTOR_USER);
      return false;
    }
    return false;
  });

  const unsubscribe = ctx.store.subscribe((events: StoreEvent[]) => {
    for (const e of events) {
      const id = storeId(e.resource, e.object);
      const before = e.type === 'ADDED' ? [] : refsOf(e.prev);
      const after = e.type === 'DELETED' ? [] : refsOf(e.object);
      if (before.length || after.length) {
        for (const r of before) index(r.uid, id, false);
        for (const r of after) index(r.uid, id, true);
        for (const r of before) if (isForegroundDeleting(r.uid)) loop.enqueue('own:' + ctx.store.getByUid(r.uid)!.resource + '\u0000' + ctx.store.getByUid(r.uid)!.key);
        if (after.length) loop.enqueue('dep:' + id, e.type === 'ADDED' ? 300 : 0);
      }
      if (e.type === 'DELETED' && e.object.metadata.uid) {
        for (const d of dependents.get(e.object.metadata.uid) ?? []) loop.enqueue('dep:' + d);
      }
      if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) {
        const f = e.object.metadata.finalizers ?? [];
        if (f.includes(ORPHAN_FINALIZER) || f.includes(FOREGROUND_FINALIZER)) loop.enqueue('own:' + id);
        if (f.includes(FOREGROUND_FINALIZER)) for (const d of dependents.get(e.object.metadata.uid!) ?? []) loop.enqueue('dep:' + d);
      }
    }
  });
  return () => { unsubscribe(); loop.stop(); };
}
