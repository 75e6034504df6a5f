/**
 * A client bound to one resource (and optionally one namespace): what generated per-kind clients
 * return, e.g. `locustTests(client, 'ns').get('demo')`.
 */
import type { ApiObject, ApplyObject, ObjectList, Resource } from './resource.ts';
import type {
  ApplyOptions, Client, DeleteAllOfOptions, DeleteOptions, ListOptions, PatchOptions, WriteOptions,
} from './types.ts';

/** Operations on one resource; names are resolved in the bound namespace. */
export interface TypedClient<T extends ApiObject> {
  readonly resource: Resource<T>;
  readonly namespace: string | undefined;
  get(name: string): Promise<T>;
  list(opts?: ListOptions): Promise<ObjectList<T>>;
  create(obj: T, opts?: WriteOptions): Promise<T>;
  update(obj: T, opts?: WriteOptions): Promise<T>;
  patch(name: string, patch: unknown, opts?: PatchOptions): Promise<T>;
  apply(obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T>;
  delete(name: string, opts?: DeleteOptions): Promise<void>;
  deleteAllOf(opts?: DeleteAllOfOptions): Promise<void>;
  updateStatus(obj: T, opts?: WriteOptions): Promise<T>;
  patchStatus(name: string, patch: unknown, opts?: PatchOptions): Promise<T>;
  applyStatus(obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T>;
}

/** Binds a client to a resource and namespace. Objects without a namespace get the bound one. */
export function typedClient<T extends ApiObject>(client: Client, res: Resource<T>, namespace?: string): TypedClient<T> {
  const ns = res.namespaced ? namespace : undefined;
  const key = (name: string) => ({ namespace: ns, name });
  const place = <O extends ApiObject>(obj: O): O =>
    ns && !obj.metadata?.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: ns } } : obj;
  return {
    resource: res,
    namespace: ns,
    get: (name) => client.get(res, key(name)),
    list: (opts) => client.list(res, { ...opts, namespace: opts?.namespace ?? ns }),
    create: (obj, opts) => client.create(res, place(obj), opts),
    update: (obj, opts) => client.update(res, place(obj), opts),
    patch: (name, patch, opts) => client.patch(res, key(name), patch, opts),
    apply: (obj, opts) => client.apply(res, place(obj), opts),
    delete: (name, opts) => client.delete(res, key(name), opts),
    deleteAllOf: (opts) => client.deleteAllOf(res, { ...opts, namespace: opts?.namespace ?? ns }),
    updateStatus: (obj, opts) => client.updateStatus(res, place(obj), opts),
    patchStatus: (name, patch, opts) => client.patchStatus(res, key(name), patch, opts),
    applyStatus: (obj, opts) => client.applyStatus(res, place(obj), opts),
  };
}
