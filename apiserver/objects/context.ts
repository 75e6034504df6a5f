/**
 * The server state every layer shares: storage, the resource catalog, watches, optional modules
 * and the compiled CRD cache.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Extensions } from '../extensions.ts';
import type { ResourceCatalog } from '../resources/catalog.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ObjectStore } from '../storage/store.ts';
import { objectKey } from '../storage/types.ts';
import type { WatchHub } from '../watch/hub.ts';
import { viewOf } from '../webhooks/views.ts';

type CompiledCrd = ReturnType<Extensions['crd']['compileCrd']>;
/** The admission entry point of one CRD version. */
export type CompiledVersion = NonNullable<ReturnType<CompiledCrd['version']>>;

/** Shared server state. */
export interface ApiContext {
  store: ObjectStore;
  catalog: ResourceCatalog;
  hub: WatchHub;
  ext: Extensions;
  kubeVersion: string;
  authz: 'AlwaysAllow' | 'RBAC';
  /** Admission for a custom resource version, when the CRD module is present. */
  compiledVersion(rt: ResourceType): CompiledVersion | undefined;
  /** Overrides the default 30-60 minute lifetime of watches without timeoutSeconds. */
  watchLifetimeMs?: number;
}

/** Caches compiled CRDs by uid and resourceVersion. */
export function compiledVersionCache(ext: Extensions): (rt: ResourceType) => CompiledVersion | undefined {
  const cache = new Map<string, { rv: string | undefined; compiled: CompiledCrd }>();
  return (rt) => {
    if (!rt.crd) return undefined;
    const uid = rt.crd.metadata.uid ?? rt.plural;
    let hit = cache.get(uid);
    if (!hit || hit.rv !== rt.crd.metadata.resourceVersion) {
      hit = { rv: rt.crd.metadata.resourceVersion, compiled: ext.crd.compileCrd(rt.crd) };
      cache.set(uid, hit);
    }
    return hit.compiled.version(rt.version);
  };
}

/** The apiVersion a resource type serves. */
export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** The object as served in the resource type's version (None conversion: only apiVersion changes). */
export function servedAs(obj: KubeObject, rt: ResourceType): KubeObject {
  const av = apiVersionOf(rt);
  if (obj.apiVersion === av && obj.kind === rt.kind) return obj;
  return viewOf(obj, rt) ?? { ...obj, apiVersion: av, kind: rt.kind };
}

/** The stored object at namespace/name. */
export function getStored(ctx: ApiContext, rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
  return ctx.store.get(rt.storageKey, objectKey(rt.namespaced ? namespace : '', name));
}

/** RFC 3339 UTC with whole seconds, as metav1.Time serializes. */
export function nowTimestamp(): string {
  // Formatting a Date is a measurable share of a create; the text changes once a second.
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimestamp = new Date(second * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  }
  return lastTimestamp;
}

let lastSecond = -1;
let lastTimestamp = '';
