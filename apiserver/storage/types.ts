/** Shapes shared by the storage layer and its consumers. */
import type { KubeObject } from '../../runtime/core/meta.ts';

/** What happened to an object. */
export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One committed change. `resource` is the storage identity `group/plural`; `key` is
 * `namespace/name` (empty namespace for cluster-scoped objects). For DELETED, `object` is the last
 * state stamped with the deletion revision.
 */
export interface StoreEvent {
  type: StoreEventType;
  rv: number;
  resource: string;
  key: string;
  object: KubeObject;
  prev?: KubeObject;
}

/** A change requested of the store: write an object or remove it. */
export type Mutation =
  | { op: 'put'; resource: string; key: string; object: KubeObject }
  | { op: 'delete'; resource: string; key: string };

/** The storage key of an object in its resource. */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
