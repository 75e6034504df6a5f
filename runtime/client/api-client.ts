/**
 * The direct client: every call is one request to the API server. Errors are StatusErrors parsed
 * from the server's Status body, so callers branch on `reason` (isNotFound, isConflict, ...).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ObjectKey } from '../core/meta.ts';
import { resourcePath } from '../core/gvk.ts';
import type { ResourceDescriptor } from '../core/gvk.ts';
import { statusError } from '../core/errors.ts';
import { formatLabelSelector } from '../core/selectors.ts';
import type { LabelSelector } from '../core/selectors.ts';
import { Transport } from './transport.ts';
import type { TransportOptions } from './transport.ts';
import { apiVersionOf } from './resource.ts';
import type { ApiObject, ApplyObject, ObjectList, Resource } from './resource.ts';
import type {
  ApplyOptions, Client, DeleteAllOfOptions, DeleteOptions, ListOptions, PatchOptions, PatchType, WriteOptions,
} from './types.ts';

/** Options of the direct client. */
export interface ApiClientOptions extends TransportOptions {
  /** Field manager for writes and server-side apply when a call names none. */
  fieldManager?: string;
}

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** Formats a selector given in either syntax for a query parameter. */
export function selectorString(sel: string | LabelSelector | undefined): string | undefined {
  if (sel === undefined) return undefined;
  return typeof sel === 'string' ? sel : formatLabelSelector(sel);
}

function requireName(res: ResourceDescriptor, name: string | undefined): string {
  if (!name) throw statusError('BadRequest', { message: `resource name may not be empty (${res.plural})` });
  return name;
}

function namespaceFor(res: ResourceDescriptor, ns: string | undefined): string | undefined {
  if (!res.namespaced) return undefined;
  if (!ns) throw statusError('BadRequest', { message: `a namespace is required for namespaced resource ${res.plural}` });
  return ns;
}

/** A Client that talks to the API server for every call. */
export class ApiClient implements Client {
  readonly transport: Transport;
  readonly fieldManager: string | undefined;

  constructor(kubeConfig: KubeConfig | Transport, opts: ApiClientOptions = {}) {
    this.transport = kubeConfig instanceof Transport ? kubeConfig : new Transport(kubeConfig, opts);
    this.fieldManager = opts.fieldManager;
  }

  #writeQuery(opts: WriteOptions | undefined): Record<string, string | undefined> {
    return {
      dryRun: opts?.dryRun ? 'All' : undefined,
      fieldManager: opts?.fieldManager ?? this.fieldManager,
      fieldValidation: opts?.fieldValidation,
    };
  }

  #withType<O extends ApiObject>(res: ResourceDescriptor, obj: O): O {
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(res), kind: obj.kind ?? res.kind };
  }

  /** {@inheritDoc Reader.get} */
  async get<T extends ApiObject>(res: Resource<T>, key: ObjectKey): Promise<T> {
    const path = resourcePath(res, namespaceFor(res, key.namespace), requireName(res, key.name));
    return this.transport.json<T>({ method: 'GET', path });
  }

  /** {@inheritDoc Reader.list} */
  async list<T extends ApiObject>(res: Resource<T>, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const path = resourcePath(res, res.namespaced ? opts.namespace : undefined);
    return this.transport.json<ObjectList<T>>({
      method: 'GET', path,
      query: {
        labelSelector: selectorString(opts.labelSelector), fieldSelector: opts.fieldSelector,
        limit: opts.limit, continue: opts.continue,
        resourceVersion: opts.resourceVersion, resourceVersionMatch: opts.resourceVersionMatch,
      },
    });
  }

  /** {@inheritDoc Writer.create} */
  async create<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    const path = resourcePath(res, namespaceFor(res, obj.metadata?.namespace));
    return this.transport.json<T>({ method: 'POST', path, query: this.#writeQuery(opts), body: this.#withType(res, obj) });
  }

  /** {@inheritDoc Writer.update} */
  async update<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    return this.#put(res, obj, undefined, opts);
  }

  /** {@inheritDoc StatusWriter.updateStatus} */
  async updateStatus<T extends ApiObject>(res: Resource<T>, obj: T, opts?: WriteOptions): Promise<T> {
    return this.#put(res, obj, 'status', opts);
  }

  async #put<T extends ApiObject>(res: Resource<T>, obj: T, sub: string | undefined, opts?: WriteOptions): Promise<T> {
    const path = resourcePath(res, namespaceFor(res, obj.metadata?.namespace), requireName(res, obj.metadata?.name), sub);
    return this.transport.json<T>({ method: 'PUT', path, query: this.#writeQuery(opts), body: this.#withType(res, obj) });
  }

  /** {@inheritDoc Writer.patch} */
  async patch<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.#patch(res, key, patch, undefined, opts);
  }

  /** {@inheritDoc StatusWriter.patchStatus} */
  async patchStatus<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.#patch(res, key, patch, 'status', opts);
  }

  async #patch<T extends ApiObject>(res: Resource<T>, key: ObjectKey, patch: unknown, sub: string | undefined, opts?: PatchOptions): Promise<T> {
    const path = resourcePath(res, namespaceFor(res, key.namespace), requireName(res, key.name), sub);
    const contentType = patchContentTypes[opts?.type ?? 'merge'];
    return this.transport.json<T>({ method: 'PATCH', path, query: this.#writeQuery(opts), body: patch, contentType });
  }

  /** {@inheritDoc Writer.apply} */
  async apply<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T> {
    return this.#apply(res, obj, undefined, opts);
  }

  /** {@inheritDoc StatusWriter.applyStatus} */
  async applyStatus<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, opts?: ApplyOptions): Promise<T> {
    return this.#apply(res, obj, 'status', opts);
  }

  async #apply<T extends ApiObject>(res: Resource<T>, obj: ApplyObject<T>, sub: string | undefined, opts?: ApplyOptions): Promise<T> {
    const fieldManager = opts?.fieldManager ?? this.fieldManager;
    if (!fieldManager) throw statusError('Invalid', { message: 'fieldManager: Required value: is required for apply patch', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }] });
    // Apply configurations must not carry managedFields; the server owns them.
    const { managedFields: _dropped, ...metadata } = obj.metadata as { managedFields?: unknown; name?: string; namespace?: string };
    const body = this.#withType(res, { ...obj, metadata });
    const path = resourcePath(res, namespaceFor(res, metadata.namespace), requireName(res, metadata.name), sub);
    return this.transport.json<T>({
      method: 'PATCH', path, body, contentType: 'application/apply-patch+yaml',
      query: { ...this.#writeQuery({ ...opts, fieldManager }), force: opts?.force ? 'true' : undefined },
    });
  }

  /** {@inheritDoc Writer.delete} */
  async delete<T extends ApiObject>(res: Resource<T>, key: ObjectKey, opts?: DeleteOptions): Promise<void> {
    const path = resourcePath(res, namespaceFor(res, key.namespace), requireName(res, key.name));
    await this.transport.request({ method: 'DELETE', path, body: deleteBody(opts) });
  }

  /** {@inheritDoc Writer.deleteAllOf} */
  async deleteAllOf<T extends ApiObject>(res: Resource<T>, opts: DeleteAllOfOptions = {}): Promise<void> {
    const path = resourcePath(res, res.namespaced ? namespaceFor(res, opts.namespace) : undefined);
    await this.transport.request({
      method: 'DELETE', path, body: deleteBody(opts),
      query: { labelSelector: selectorString(opts.labelSelector), fieldSelector: opts.fieldSelector },
    });
  }
}

function deleteBody(opts: DeleteOptions | undefined): object {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (opts?.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts?.preconditions) body.preconditions = opts.preconditions;
  if (opts?.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts?.dryRun) body.dryRun = ['All'];
  return body;
}
