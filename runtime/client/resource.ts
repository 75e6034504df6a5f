/**
 * Typed resource identities. A `Resource<T>` is a ResourceDescriptor that also carries, at the type
 * level only, the TypeScript type of its objects, so `client.get(ConfigMaps, key)` is typed.
 */
import type { ResourceDescriptor } from '../core/gvk.ts';
import { formatApiVersion } from '../core/gvk.ts';
import type { KubeObject, ListMeta } from '../core/meta.ts';

/**
 * The least an object type must offer to be read and written through a Resource. Deliberately
 * structural and index-signature free, so plain `interface MyKind { metadata?: ...; spec?: ... }`
 * declarations qualify, as does KubeObject.
 */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
}

/** A list of objects as served by the API (KubeList without the KubeObject constraint). */
export interface ObjectList<T extends ApiObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** An object to server-side apply: any part of T, with the identity in metadata. */
export type ApplyObject<T extends ApiObject> = Partial<T> & { metadata: { name?: string; namespace?: string } };

/** A ResourceDescriptor tagged with the object type it serves. The tag never exists at run time. */
export interface Resource<T extends ApiObject = KubeObject> extends ResourceDescriptor {
  /** Phantom field: carries T for inference, always undefined. */
  readonly __object?: T;
}

/** The object type a Resource serves. */
export type ObjectOf<R> = R extends Resource<infer T> ? T : KubeObject;

/** Declares a typed resource from a descriptor. */
export function defineResource<T extends ApiObject = KubeObject>(desc: ResourceDescriptor): Resource<T> {
  return Object.freeze({ ...desc }) as Resource<T>;
}

/** The apiVersion string of a descriptor (`v1`, `apps/v1`). */
export function apiVersionOf(desc: ResourceDescriptor): string {
  return formatApiVersion(desc.group, desc.version);
}

/** A stable identity for a descriptor: `group/version/plural`. */
export function resourceId(desc: ResourceDescriptor): string {
  return `${desc.group}/${desc.version}/${desc.plural}`;
}
