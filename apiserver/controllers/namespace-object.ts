/**
 * Keeps one named object in every active namespace, as kube-controller-manager's service account
 * controller and root CA publisher do, and recreates it when it is deleted.
 *
 * Kubernetes creates these objects shortly after the namespace, so a client that creates a
 * namespace and at once a Pod in it can race the controller (the ServiceAccount admission plugin
 * papers over that by retrying its lookup for about a second). Here the object is committed
 * synchronously from the store event of the namespace (or of the object's deletion): it exists
 * before the write that triggered it returns, so no client ever sees the gap. That direct commit
 * skips admission webhooks, which Kubernetes' controller writes would meet; repairs of a changed
 * object go through the ordinary update path.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { resetFieldsFor, type UserInfo } from '../extensions.ts';
import { apiVersionOf, nowTimestamp, type ApiContext } from '../objects/context.ts';
import { strategyFor } from '../objects/strategies.ts';
import { fillCreateFields } from '../objects/system-fields.ts';
import { createObject, updateObject } from '../objects/write.ts';
import { NAMESPACE_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import { objectKey, type StoreEvent } from '../storage/types.ts';
import { WorkLoop } from './loop.ts';

/** What to keep in every namespace. */
export interface NamespaceObject {
  rt: ResourceType;
  name: string;
  /** The fields of a new object besides its type and name (metadata.annotations, data, ...). */
  desired(): Record<string, unknown>;
  /** The corrected object when the stored one drifted from what it must hold; undefined when it is fine. */
  repair?(current: KubeObject): KubeObject | undefined;
  /** The field manager of the controller's writes. */
  manager: string;
  /** Who the controller acts as. */
  user: UserInfo;
}

function active(ctx: ApiContext, namespace: string): boolean {
  const ns = ctx.store.get(NAMESPACE_RESOURCE.storageKey, objectKey('', namespace));
  return !!ns && !ns.metadata.deletionTimestamp;
}

function newObject(spec: NamespaceObject, namespace: string): KubeObject {
  const desired = structuredClone(spec.desired());
  const metadata = { ...(desired.metadata as object | undefined), name: spec.name, namespace };
  return { ...desired, apiVersion: apiVersionOf(spec.rt), kind: spec.rt.kind, metadata } as KubeObject;
}

/** Commits the object in the namespace right now when it is missing there and the namespace is active. */
function ensureNow(ctx: ApiContext, spec: NamespaceObject, namespace: string): void {
  const key = objectKey(namespace, spec.name);
  if (!active(ctx, namespace) || ctx.store.get(spec.rt.storageKey, key)) return;
  const now = nowTimestamp();
  const obj = newObject(spec, namespace);
  strategyFor(spec.rt).default?.(obj);
  fillCreateFields(spec.rt, obj, now);
  const stored = ctx.ext.ssa.recordUpdate(undefined, obj, {
    manager: spec.manager, operation: 'Update', now, schema: spec.rt.schema, resetFields: resetFieldsFor(spec.rt.status, undefined),
  });
  const { durable } = ctx.store.commit([{ op: 'put', resource: spec.rt.storageKey, key, object: stored }]);
  durable.catch((err: unknown) => process.emitWarning(`persisting ${spec.rt.plural} ${key} failed: ${String(err)}`));
}

/** Starts keeping the object in every namespace; returns the stop function. */
export function keepInEveryNamespace(ctx: ApiContext, spec: NamespaceObject): () => void {
  const opts = { fieldManager: spec.manager, user: spec.user };
  // The slow path: what the direct commit could not do, and repairs.
  const loop = new WorkLoop(async (namespace) => {
    if (!active(ctx, namespace)) return false;
    const current = ctx.store.get(spec.rt.storageKey, objectKey(namespace, spec.name));
    try {
      if (!current) await createObject(ctx, spec.rt, namespace, newObject(spec, namespace), opts);
      else if (spec.repair?.(current)) await updateObject(ctx, spec.rt, namespace, spec.name, (cur) => spec.repair!(cur) ?? cur, opts);
    } catch (err) {
      // A namespace that went away or began terminating meanwhile needs nothing more.
      if (!active(ctx, namespace)) return false;
      throw err;
    }
    return false;
  });
  const ensure = (namespace: string) => {
    try { ensureNow(ctx, spec, namespace); } catch { loop.enqueue(namespace); }
  };
  for (const ns of ctx.store.list(NAMESPACE_RESOURCE.storageKey)) {
    ensure(ns.metadata.name!);
    loop.enqueue(ns.metadata.name!);
  }
  const unsubscribe = ctx.store.subscribe((events: StoreEvent[]) => {
    for (const e of events) {
      if (e.resource === NAMESPACE_RESOURCE.storageKey) {
        if (e.type === 'ADDED') ensure(e.object.metadata.name!);
      } else if (e.resource === spec.rt.storageKey && e.object.metadata.name === spec.name && e.object.metadata.namespace) {
        if (e.type === 'DELETED') ensure(e.object.metadata.namespace);
        else if (e.type === 'MODIFIED' && spec.repair) loop.enqueue(e.object.metadata.namespace);
      }
    }
  });
  return () => { unsubscribe(); loop.stop(); };
}
