/**
 * Objects of webhook-converted CRDs as seen in versions other than the storage version. Serving
 * is synchronous (a watch event goes to every watcher in the commit's turn), webhook calls are
 * not, so views are converted ahead of use: on writes, before the commit, for every served
 * version; on reads, lists and watch starts for whatever is missing. A view is keyed by the
 * object's content (everything but server-maintained metadata), so metadata-only changes
 * (deletion timestamps, finalizers, resourceVersions) reuse it.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceType } from '../resources/types.ts';
import { convertObjects, servedApiVersion, usesWebhookConversion, type ConversionSettings } from './conversion.ts';

/** Contents kept per object (older ones serve watches resuming from history). */
const CONTENTS_PER_OBJECT = 4;
/** Objects converted per ConversionReview. */
const BATCH = 200;

type Views = Map<string /*apiVersion*/, KubeObject>;
type ObjectEntry = Map<string /*content key*/, Views>;

/** Views per CRD uid, then per object uid. */
const cache = new Map<string, Map<string, ObjectEntry>>();

function crdKey(rt: ResourceType): string {
  return rt.crd?.metadata.uid ?? rt.storageKey;
}

function objectId(obj: KubeObject): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

function contentKey(obj: KubeObject): string {
  const md = obj.metadata;
  return JSON.stringify({ ...obj, apiVersion: obj.apiVersion, metadata: { name: md.name, namespace: md.namespace, labels: md.labels, annotations: md.annotations } });
}

/** True when serving obj through rt needs a webhook-converted view. */
export function needsView(obj: KubeObject, rt: ResourceType): boolean {
  return !!rt.crd && obj.kind !== undefined && obj.apiVersion !== servedApiVersion(rt) && usesWebhookConversion(rt.crd);
}

function lookup(rt: ResourceType, obj: KubeObject, key = contentKey(obj)): KubeObject | undefined {
  return cache.get(crdKey(rt))?.get(objectId(obj))?.get(key)?.get(servedApiVersion(rt));
}

function remember(rt: ResourceType, apiVersion: string, original: KubeObject, view: KubeObject, key = contentKey(original)): void {
  let objects = cache.get(crdKey(rt));
  if (!objects) cache.set(crdKey(rt), (objects = new Map()));
  const id = objectId(original);
  let entry = objects.get(id);
  if (!entry) objects.set(id, (entry = new Map()));
  let views = entry.get(key);
  if (!views) {
    if (entry.size >= CONTENTS_PER_OBJECT) entry.delete(entry.keys().next().value!);
    entry.set(key, (views = new Map()));
  }
  views.set(apiVersion, view);
}

/**
 * The view of a stored object in rt's version, with the stored object's current metadata
 * (the view's labels and annotations). Undefined when rt needs no webhook view; a 500 StatusError
 * when the view was not converted (the webhook failed or was unreachable).
 */
export function viewOf(obj: KubeObject, rt: ResourceType): KubeObject | undefined {
  if (!needsView(obj, rt)) return undefined;
  const view = lookup(rt, obj);
  if (!view) {
    throw statusError('InternalError', { message: `Internal error occurred: conversion webhook for ${obj.apiVersion}, Kind=${obj.kind} failed: no converted object for ${servedApiVersion(rt)} (the webhook could not be reached)` });
  }
  const md = { ...obj.metadata };
  if (view.metadata.labels) md.labels = view.metadata.labels; else delete md.labels;
  if (view.metadata.annotations) md.annotations = view.metadata.annotations; else delete md.annotations;
  return { ...view, metadata: md };
}

/** Converts (and keeps) the views of objs in rt's version that are missing; throws what the webhook reports. */
export async function ensureViews(rt: ResourceType, objs: Iterable<KubeObject>, settings?: ConversionSettings): Promise<void> {
  if (!rt.crd || !usesWebhookConversion(rt.crd)) return;
  const missing: { obj: KubeObject; key: string }[] = [];
  for (const obj of objs) {
    if (!needsView(obj, rt)) continue;
    const key = contentKey(obj);
    if (!lookup(rt, obj, key)) missing.push({ obj, key });
  }
  const to = servedApiVersion(rt);
  for (let i = 0; i < missing.length; i += BATCH) {
    const chunk = missing.slice(i, i + BATCH);
    const converted = await convertObjects(rt.crd, chunk.map((m) => m.obj), to, settings);
    chunk.forEach((m, k) => remember(rt, to, m.obj, converted[k]!, m.key));
  }
}

/**
 * Before a commit: converts the object about to be stored into every other served version, so
 * the watch events and responses of the commit can be served. A failure is not the write's: the
 * object is stored, and reads in the other versions report the conversion error.
 */
export async function prepareViews(types: ResourceType[], stored: KubeObject, settings?: ConversionSettings): Promise<void> {
  await Promise.all(types.map((t) => ensureViews(t, [stored], settings).catch(() => undefined)));
}

/** Forgets the views of a deleted object. */
export function forgetViews(crdUid: string | undefined, obj: KubeObject): void {
  if (crdUid) cache.get(crdUid)?.delete(objectId(obj));
}

/** Forgets every view of a CRD (it was deleted). */
export function forgetCrd(crdUid: string): void {
  cache.delete(crdUid);
}
