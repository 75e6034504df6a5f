/**
 * The default client of controllers: reads come from the informer cache (an informer is started on
 * the first read of a kind, as controller-runtime does), writes go to the API server. Kinds listed
 * as uncached, or reads through `reader`, always hit the API server.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ResourceDescriptor } from '../core/gvk.ts';
import type { ObjectKey } from '../core/meta.ts';
import { ApiClient } from './api-client.ts';
import type { ApiClientOptions } from './api-client.ts';
import { resourceId } from './resource.ts';
import type { ApiObject, ApplyObject, ObjectList, Resource } from './resource.ts';
import type {
  ApplyOptions, Client, DeleteAllOfOptions, DeleteOptions, ListOptions, PatchOptions, Reader, WriteOptions,
} from './types.ts';

/** Options of the cache-backed client. */
export interface CachedClientOptions extends ApiClientOptions {
  /** Resources whose reads always go to the API server (e.g. Secrets, to keep them out of memory). */
  uncached?: Resource[];
}

/** A Client reading from a cache and writing to the API server. */
export class CachedClient implements Client {
  /** The uncached client: reads hit the API server (controller-runtime's APIReader). */
  readonly reader: ApiClient;
  readonly cache: Reader;
  readonly #uncached: Set<string>;

  constructor(api: ApiClient | KubeConfig, cache: Reader, opts: CachedClientOptions = {}) {
    this.reader = api instanceof ApiClient ? api : new ApiClient(api, opts);
    this.cache = cache;
    this.#uncached = new Set((opts.uncached ?? []).map(resourceId));
  }

  #readerFor(res: ResourceDescriptor): Reader {
    return this.#uncached.has(resourceId(res)) ? this.reader : this.cache;
  }

  /** Reads from the cache (or the API server for uncached kinds). */
  get<T extends ApiObject>(res: Resource<T>, key: ObjectKey): Promise<T> {
    return this.#readerFor(res).get(res, key);
  }

  /** Lists from the cache (or the API server for uncached kinds). */
  list<T extends ApiObject>(res: Resource<T>, opts?: ListOptions): Promise<ObjectList<T>> {
    return this.#readerFor(res).list(res, opts);
  }

  /** {@inheritDoc Writer.create} */
  create<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    return this.reader.create(res, obj, opts);
  }

  /** {@inheritDoc Writer.update} */
  update<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    return this.reader.update(res, obj, opts);
  }

  /** {@inheritDoc Writer.patch} */
  patch<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.reader.patch(res, key, patch, opts);
  }

  /** {@inheritDoc Writer.apply} */
  apply<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T> {
    return this.reader.apply(res, obj, opts);
  }

  /** {@inheritDoc Writer.delete} */
  delete<T extends ApiObject>(res: Resource<T>, key: ObjectKey, opts?: DeleteOptions): Promise<void> {
    return this.reader.delete(res, key, opts);
  }

  /** {@inheritDoc Writer.deleteAllOf} */
  deleteAllOf<T extends ApiObject>(res: Resource<T>, opts?: DeleteAllOfOptions): Promise<void> {
    return this.reader.deleteAllOf(res, opts);
  }

  /** {@inheritDoc StatusWriter.updateStatus} */
  updateStatus<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    return this.reader.updateStatus(res, obj, opts);
  }

  /** {@inheritDoc StatusWriter.patchStatus} */
  patchStatus<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.reader.patchStatus(res, key, patch, opts);
  }

  /** {@inheritDoc StatusWriter.applyStatus} */
  applyStatus<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T> {
    return this.reader.applyStatus(res, obj, opts);
  }
}
