/**
 * Event handlers turn watch events on objects into reconcile requests: for the object itself, for
 * its controlling owner, or for whatever a map function returns.
 */
import type { KubeObject, ObjectMeta } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';
import { parseApiVersion } from '../core/gvk.ts';
import type { Request } from '../controller/reconcile.ts';
import type { RequestQueue } from '../controller/source.ts';

/** Reacts to object events by enqueueing requests. Absent methods ignore that event type. */
export interface EventHandler<T extends ApiObject = KubeObject> {
  create?(obj: T, queue: RequestQueue): void;
  update?(oldObj: T, newObj: T, queue: RequestQueue): void;
  delete?(obj: T, queue: RequestQueue): void;
  /** Events that are not from the API (periodic resyncs, external triggers). */
  generic?(obj: T, queue: RequestQueue): void;
}

/** The metadata of any API object (typed kinds may declare it optional). */
export function metaOf(obj: ApiObject): ObjectMeta {
  return (obj.metadata ?? {}) as ObjectMeta;
}

function requestOf(obj: ApiObject): Request {
  return { namespace: metaOf(obj).namespace ?? '', name: metaOf(obj).name ?? '' };
}

/** Enqueues the object that changed (controller-runtime's EnqueueRequestForObject). */
export function enqueueRequestForObject<T extends ApiObject = KubeObject>(): EventHandler<T> {
  const add = (obj: T, q: RequestQueue) => { if (metaOf(obj).name) q.add(requestOf(obj)); };
  return { create: add, update: (_old, obj, q) => add(obj, q), delete: add, generic: add };
}

/** Identifies the owner kind whose references an owner handler follows. */
export interface OwnerKind {
  group: string;
  kind: string;
}

/** Options of enqueueRequestForOwner. */
export interface OwnerHandlerOptions {
  /** Follow only the reference with `controller: true`. Default true. */
  onlyController?: boolean;
}

/** Requests of owners of kind `owner` named in obj's ownerReferences (same namespace as obj). */
export function ownerRequests(obj: ApiObject, owner: OwnerKind, onlyController = true): Request[] {
  const out: Request[] = [];
  for (const ref of metaOf(obj).ownerReferences ?? []) {
    if (onlyController && !ref.controller) continue;
    if (ref.kind !== owner.kind || parseApiVersion(ref.apiVersion).group !== owner.group) continue;
    // Owner references cannot cross namespaces: a namespaced owner lives with its dependent, and a
    // cluster-scoped owner is addressed with an empty namespace by the caller's descriptor.
    out.push({ namespace: metaOf(obj).namespace ?? '', name: ref.name });
  }
  return out;
}

/**
 * Enqueues the owner of the object that changed (controller-runtime's EnqueueRequestForOwner).
 * On update, owners of both the old and the new object are enqueued so an owner that lost a
 * child hears about it.
 */
export function enqueueRequestForOwner<T extends ApiObject = KubeObject>(owner: OwnerKind & { namespaced?: boolean }, opts: OwnerHandlerOptions = {}): EventHandler<T> {
  const onlyController = opts.onlyController ?? true;
  const add = (obj: T, q: RequestQueue) => {
    for (const r of ownerRequests(obj, owner, onlyController)) q.add(owner.namespaced === false ? { namespace: '', name: r.name } : r);
  };
  return {
    create: add,
    update: (oldObj, newObj, q) => { add(oldObj, q); add(newObj, q); },
    delete: add,
    generic: add,
  };
}

/** Maps an object to the requests it should trigger. */
export type MapFunc<T extends ApiObject = KubeObject> = (obj: T) => Request[] | Promise<Request[]>;

/**
 * Enqueues whatever fn returns for the changed object (controller-runtime's
 * EnqueueRequestsFromMapFunc). On update both old and new objects are mapped.
 */
export function enqueueRequestsFromMapFunc<T extends ApiObject = KubeObject>(fn: MapFunc<T>, onError?: (err: unknown) => void): EventHandler<T> {
  const add = (obj: T, q: RequestQueue) => {
    try {
      const out = fn(obj);
      if (Array.isArray(out)) for (const r of out) q.add(r);
      else out.then((rs) => rs.forEach((r) => q.add(r)), (err) => onError?.(err));
    } catch (err) {
      onError?.(err);
    }
  };
  return {
    create: add,
    update: (oldObj, newObj, q) => { add(oldObj, q); add(newObj, q); },
    delete: add,
    generic: add,
  };
}
