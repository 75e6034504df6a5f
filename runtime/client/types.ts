/**
 * The client contract: typed reads and writes of Kubernetes objects by Resource. Implemented by the
 * direct API client, the cache-backed client, and anything a test wants to fake.
 */
import type { ObjectKey } from '../core/meta.ts';
import type { LabelSelector } from '../core/selectors.ts';
import type { ApiObject, ApplyObject, ObjectList, Resource } from './resource.ts';

/** Options of list calls. Selectors accept the string syntax or a metav1.LabelSelector. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

/** Options shared by every write. */
export interface WriteOptions {
  /** Run admission and validation without persisting (`dryRun=All`). */
  dryRun?: boolean;
  /** Field manager recorded in managedFields; defaults to the client's. */
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** Patch encodings: merge (RFC 7386), json (RFC 6902), strategic (built-ins only). */
export type PatchType = 'merge' | 'json' | 'strategic';

/** Options of patch calls. */
export interface PatchOptions extends WriteOptions {
  type?: PatchType;
}

/** Options of server-side apply. */
export interface ApplyOptions extends WriteOptions {
  /** Take ownership of conflicting fields from other managers. */
  force?: boolean;
}

/** Options of delete calls. */
export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/** Options of deleteAllOf: a delete of every object matching the selectors. */
export interface DeleteAllOfOptions extends DeleteOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

/** Reads objects. */
export interface Reader {
  /** Reads one object; rejects with a NotFound StatusError when absent. */
  get<T extends ApiObject>(res: Resource<T>, key: ObjectKey): Promise<T>;
  /** Lists objects of a resource. */
  list<T extends ApiObject>(res: Resource<T>, opts?: ListOptions): Promise<ObjectList<T>>;
}

/** Writes objects. Namespaces come from `obj.metadata.namespace` or the key. */
export interface Writer {
  create<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T>;
  /** Replaces an object; `metadata.resourceVersion` makes it an optimistic-concurrency update. */
  update<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T>;
  patch<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T>;
  /** Server-side apply of a (partial) object, creating it if absent. */
  apply<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T>;
  delete<T extends ApiObject>(res: Resource<T>, key: ObjectKey, opts?: DeleteOptions): Promise<void>;
  deleteAllOf<T extends ApiObject>(res: Resource<T>, opts?: DeleteAllOfOptions): Promise<void>;
}

/** Writes the status subresource. */
export interface StatusWriter {
  updateStatus<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T>;
  patchStatus<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T>;
  applyStatus<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T>;
}

/** A full client: reads, writes and status writes. */
export interface Client extends Reader, Writer, StatusWriter {}
