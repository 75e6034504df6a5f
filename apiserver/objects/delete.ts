/**
 * The delete pipeline: preconditions, propagation policy (garbage-collector finalizers),
 * graceful deletion while finalizers remain, immediate removal otherwise.
 */
import { conflict, notFound, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { UserInfo } from '../extensions.ts';
import { CRD_RESOURCE, NAMESPACE_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import { objectKey } from '../storage/types.ts';
import { getStored, nowTimestamp, servedAs, type ApiContext } from './context.ts';
import { cloneJson } from './equality.ts';
import { markCrdTerminating } from './crd-status.ts';
import { pendingSpecFinalizers } from './write.ts';
import { admitDelete } from '../webhooks/index.ts';

/** The parts of metav1.DeleteOptions the server honours. */
export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** The authenticated user of the request (admission webhooks receive it); absent for the server's own deletes. */
  user?: UserInfo;
  /** Collects warnings for the Warning header. */
  warnings?: string[];
  /**
   * Deletes made straight on storage skip admission webhooks, as the CRD finalizer's removal of
   * a deleted CRD's instances does in Kubernetes.
   */
  bypassAdmission?: boolean;
}

/** The DeleteOptions fields webhooks see in the review's options. */
function reviewOptions(opts: DeleteOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.propagationPolicy) out.propagationPolicy = opts.propagationPolicy;
  if (opts.orphanDependents !== undefined) out.orphanDependents = opts.orphanDependents;
  if (opts.preconditions) out.preconditions = opts.preconditions;
  return out;
}

/** The outcome of a delete. */
export interface DeleteResult {
  object: KubeObject;
  /** False when the object remains, waiting for finalizers. */
  deleted: boolean;
}

/** Finalizer the garbage collector honours for orphaning deletes. */
export const ORPHAN_FINALIZER = 'orphan';
/** Finalizer the garbage collector honours for foreground deletes. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** Finalizer that holds a CRD until its instances are gone. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function gcFinalizer(opts: DeleteOptions): string | undefined {
  if (opts.orphanDependents === true) return ORPHAN_FINALIZER;
  if (opts.orphanDependents === false) return undefined;
  if (opts.propagationPolicy === 'Orphan') return ORPHAN_FINALIZER;
  if (opts.propagationPolicy === 'Foreground') return FOREGROUND_FINALIZER;
  return undefined;
}

/** Deletes one object per the options. */
export async function deleteObject(ctx: ApiContext, rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
  const live = getStored(ctx, rt, namespace, name);
  if (!live) throw notFound(rt.group, rt.plural, name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== live.metadata.uid) {
    throw conflict(rt.group, rt.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== live.metadata.resourceVersion) {
    throw conflict(rt.group, rt.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`);
  }
  const isNamespace = rt.storageKey === NAMESPACE_RESOURCE.storageKey;
  if (!opts.bypassAdmission) await admitDelete(ctx, rt, live, { dryRun: opts.dryRun, user: opts.user, warnings: opts.warnings, options: reviewOptions(opts) });
  if (getStored(ctx, rt, namespace, name) !== live) return deleteObject(ctx, rt, namespace, name, opts);
  if (isNamespace && IMMORTAL_NAMESPACES.has(name)) {
    throw statusError('Forbidden', { message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, name, kind: 'namespaces' });
  }
  const finalizers = [...(live.metadata.finalizers ?? [])];
  const gc = gcFinalizer(opts);
  if (gc && !finalizers.includes(gc)) {
    // Orphan and foreground are exclusive: the latest request wins.
    const other = gc === ORPHAN_FINALIZER ? FOREGROUND_FINALIZER : ORPHAN_FINALIZER;
    const i = finalizers.indexOf(other);
    if (i >= 0) finalizers.splice(i, 1);
    finalizers.push(gc);
  }
  const isCrd = rt.storageKey === CRD_RESOURCE.storageKey;
  if (isCrd && !finalizers.includes(CRD_CLEANUP_FINALIZER)) finalizers.push(CRD_CLEANUP_FINALIZER);
  const key = objectKey(live.metadata.namespace ?? '', name);
  if (finalizers.length || pendingSpecFinalizers(rt, live)) {
    const sameFinalizers = finalizers.length === (live.metadata.finalizers ?? []).length;
    if (live.metadata.deletionTimestamp && sameFinalizers) return { object: servedAs(live, rt), deleted: false };
    const now = nowTimestamp();
    const obj = cloneJson(live);
    obj.metadata.finalizers = finalizers;
    if (!obj.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = now;
      obj.metadata.deletionGracePeriodSeconds = 0;
      if ((obj.metadata.generation ?? 0) > 0) obj.metadata.generation = obj.metadata.generation! + 1;
      if (isNamespace) obj.status = { ...(obj.status as object), phase: 'Terminating' };
      if (isCrd) markCrdTerminating(obj, 'InstanceDeletionPending', 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon', now);
    }
    if (opts.dryRun) return { object: servedAs(obj, rt), deleted: false };
    const { durable } = ctx.store.commit([{ op: 'put', resource: rt.storageKey, key, object: obj }]);
    await durable;
    return { object: servedAs(obj, rt), deleted: false };
  }
  if (opts.dryRun) return { object: servedAs(live, rt), deleted: true };
  const { events, durable } = ctx.store.commit([{ op: 'delete', resource: rt.storageKey, key }]);
  await durable;
  return { object: servedAs(events[0]?.object ?? live, rt), deleted: true };
}
