/** Finalizer helpers: edit metadata.finalizers in place, reporting whether anything changed. */
import type { KubeObject } from '../core/meta.ts';

/** True when obj carries finalizer. */
export function containsFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Alias of containsFinalizer. */
export const hasFinalizer = containsFinalizer;

/** Adds finalizer if missing; returns true when obj changed (and needs writing). */
export function addFinalizer(obj: KubeObject, finalizer: string): boolean {
  if (containsFinalizer(obj, finalizer)) return false;
  obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), finalizer];
  return true;
}

/** Removes every occurrence of finalizer; returns true when obj changed. */
export function removeFinalizer(obj: KubeObject, finalizer: string): boolean {
  const before = obj.metadata.finalizers ?? [];
  const after = before.filter((f) => f !== finalizer);
  if (after.length === before.length) return false;
  obj.metadata.finalizers = after;
  return true;
}

/** True when the object is being deleted (deletionTimestamp set). */
export function isBeingDeleted(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}
