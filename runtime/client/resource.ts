/**
 * Typed resource identities. A `Resource<T>` is a ResourceDescriptor that also carries, at the type
 * level only, the TypeScript type of its objects, so `client.get(ConfigMaps, key)` is typed.
 */
import type { ResourceDescriptor } from '../core/gvk.ts';
import { formatApiVersion } from '../core/gvk.ts';
import type { KubeObject } from '../core/meta.ts';

/** A ResourceDescriptor tagged with the object type it serves. The tag never exists at run time. */
export interface Resource<T extends KubeObject = KubeObject> extends ResourceDescriptor {
  /** Phantom field: carries T for inference, always undefined. */
  readonly __object?: T;
}

/** The object type a Resource serves. */
export type ObjectOf<R> = R extends Resource<infer T> ? T : KubeObject;

/** Declares a typed resource from a descriptor. */
export function defineResource<T extends KubeObject = KubeObject>(desc: ResourceDescriptor): Resource<T> {
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
