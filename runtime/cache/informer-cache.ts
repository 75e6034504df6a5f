/**
 * The informer cache (controller-runtime's cache, client-go's shared informer factory): at most one
 * informer per resource and scope, created on demand, with reads served from their stores.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject, ObjectKey } from '../core/meta.ts';
import { objectKeyString } from '../core/meta.ts';
import { isForbidden, isNotFound, notFound, statusError, StatusError } from '../core/errors.ts';
import { fieldPathValue, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../core/selectors.ts';
import type { LabelSelector } from '../core/selectors.ts';
import type { ResourceDescriptor } from '../core/gvk.ts';
import { Transport } from '../client/transport.ts';
import { resourceId } from '../client/resource.ts';
import type { ApiObject, ObjectList, Resource } from '../client/resource.ts';
import type { ListOptions, Reader } from '../client/types.ts';
import { selectorString } from '../client/api-client.ts';
import { SharedInformer } from './informer.ts';
import type { InformerOptions } from './informer.ts';
import type { IndexFunc } from './store.ts';
import { NamespaceIndex } from './store.ts';
import type { BackoffOptions } from './backoff.ts';
import type { CacheLogger } from './reflector.ts';

/** Which slice of a resource an informer watches. */
export interface InformerScope {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

/** Options of an InformerCache. */
export interface InformerCacheOptions {
  /** Restrict informers of namespaced resources to this namespace unless a scope names another. */
  namespace?: string;
  /** Default resync period of informers (0 = none). */
  resyncPeriodMs?: number;
  /** Applied to objects before storing; defaults to dropping metadata.managedFields. `null` keeps objects whole. */
  transform?: ((obj: ApiObject) => ApiObject) | null;
  /** Per-resource scopes (by `resourceId`), e.g. a label selector for Secrets to bound memory. */
  scopes?: Record<string, InformerScope>;
  /** Return deep copies from reads so callers may mutate them. Default true. */
  copyOnRead?: boolean;
  pageSize?: number;
  idleTimeoutMs?: number;
  minWatchTimeoutSeconds?: number;
  listTimeoutMs?: number;
  backoff?: BackoffOptions;
  logger?: CacheLogger;
}

/** Field index name used by `indexField` and consulted by field-selector lists. */
export function fieldIndexName(field: string): string {
  return `field:${field}`;
}

/** The default transform: managedFields are large and never needed by controllers. */
export function stripManagedFields<T extends ApiObject>(obj: T): T {
  const meta = obj.metadata as { managedFields?: unknown } | undefined;
  if (meta?.managedFields !== undefined) delete meta.managedFields;
  return obj;
}

function isUnauthorized(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'Unauthorized';
}

/** A set of shared informers and a Reader over them. */
export class InformerCache implements Reader {
  readonly transport: Transport;
  readonly #opts: InformerCacheOptions;
  readonly #informers = new Map<string, SharedInformer<ApiObject>>();
  #started = false;

  constructor(kubeConfig: KubeConfig | Transport, opts: InformerCacheOptions = {}) {
    this.transport = kubeConfig instanceof Transport ? kubeConfig : new Transport(kubeConfig);
    this.#opts = opts;
  }

  #scopeFor(res: ResourceDescriptor, scope?: InformerScope): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
    const s = scope ?? this.#opts.scopes?.[resourceId(res)] ?? {};
    return {
      namespace: res.namespaced ? (s.namespace ?? this.#opts.namespace) || undefined : undefined,
      labelSelector: selectorString(s.labelSelector) || undefined,
      fieldSelector: s.fieldSelector || undefined,
    };
  }

  /** The shared informer of a resource scope, created (and started, if the cache runs) on first use. */
  informerFor<T extends ApiObject>(res: Resource<T>, scope?: InformerScope): SharedInformer<T> {
    const s = this.#scopeFor(res, scope);
    const id = `${resourceId(res)}|${s.namespace ?? ''}|${s.labelSelector ?? ''}|${s.fieldSelector ?? ''}`;
    let inf = this.#informers.get(id);
    if (!inf) {
      const transform = this.#opts.transform === undefined ? stripManagedFields : this.#opts.transform ?? undefined;
      const opts: InformerOptions<ApiObject> = {
        transport: this.transport, resource: res, ...s,
        resyncPeriodMs: this.#opts.resyncPeriodMs, transform,
        pageSize: this.#opts.pageSize, idleTimeoutMs: this.#opts.idleTimeoutMs,
        minWatchTimeoutSeconds: this.#opts.minWatchTimeoutSeconds, listTimeoutMs: this.#opts.listTimeoutMs,
        backoff: this.#opts.backoff, logger: this.#opts.logger,
      };
      inf = new SharedInformer<ApiObject>(opts);
      this.#informers.set(id, inf);
      if (this.#started) inf.start();
    }
    return inf as unknown as SharedInformer<T>;
  }

  /** Whether an informer exists for the resource's default scope. */
  hasInformer(res: ResourceDescriptor, scope?: InformerScope): boolean {
    const s = this.#scopeFor(res, scope);
    return this.#informers.has(`${resourceId(res)}|${s.namespace ?? ''}|${s.labelSelector ?? ''}|${s.fieldSelector ?? ''}`);
  }

  /**
   * Indexes a resource by a computed field (controller-runtime's IndexField), so that
   * `list(res, { fieldSelector: 'field=value' })` and `byIndex` are served from the index.
   */
  indexField<T extends ApiObject>(res: Resource<T>, field: string, extract: IndexFunc<T>, scope?: InformerScope): void {
    this.informerFor(res, scope).addIndexers({ [fieldIndexName(field)]: extract });
  }

  /** Starts every informer, and any created later. */
  start(): void {
    this.#started = true;
    for (const inf of this.#informers.values()) inf.start();
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
    this.transport.close();
  }

  /** Resolves true once every current informer has synced, false if the signal aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.#informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  async #synced<T extends ApiObject>(res: Resource<T>, namespace?: string): Promise<SharedInformer<T>> {
    const inf = this.informerFor(res);
    const scopeNs = this.#scopeFor(res).namespace;
    if (res.namespaced && scopeNs && namespace && namespace !== scopeNs) {
      throw statusError('BadRequest', { message: `namespace "${namespace}" is outside the cache's scope "${scopeNs}" for ${res.plural}` });
    }
    if (!this.#started) inf.start();
    while (!inf.hasSynced()) {
      const err = await inf.syncOutcome();
      // A resource that is not served (CRD missing) or not permitted will not sync by waiting.
      if (isNotFound(err) || isForbidden(err) || isUnauthorized(err)) throw err;
    }
    return inf;
  }

  #copy<T>(obj: T): T {
    return this.#opts.copyOnRead === false ? obj : structuredClone(obj);
  }

  /** Reads from the informer store (starting it and waiting for its first sync when needed). */
  async get<T extends ApiObject>(res: Resource<T>, key: ObjectKey): Promise<T> {
    const inf = await this.#synced(res, key.namespace);
    const obj = inf.store.get(objectKeyString(res.namespaced ? key : { name: key.name }));
    if (!obj) throw notFound(res.group, res.plural, key.name);
    return this.#copy(obj);
  }

  /** Lists from the informer store, filtering by namespace, label and field selectors. */
  async list<T extends ApiObject>(res: Resource<T>, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const inf = await this.#synced(res, opts.namespace);
    const fieldReqs = parseFieldSelector(opts.fieldSelector);
    const store = inf.store;
    // Indexed field requirements are answered by their index; the others by reading the field.
    const indexed = fieldReqs.filter((r) => store.hasIndex(fieldIndexName(r.field)));
    const plain = fieldReqs.filter((r) => !store.hasIndex(fieldIndexName(r.field)));
    const seed = indexed.find((r) => r.operator === 'Equals');
    let items: T[];
    if (seed) items = store.byIndex(fieldIndexName(seed.field), seed.value);
    else if (res.namespaced && opts.namespace) items = store.byIndex(NamespaceIndex, opts.namespace);
    else items = store.list();
    const memberships = indexed.filter((r) => r !== seed).map((r) => ({ r, members: new Set(store.byIndex(fieldIndexName(r.field), r.value)) }));
    const labelReqs = parseLabelSelector(selectorString(opts.labelSelector));
    items = items.filter((o) =>
      (!res.namespaced || !opts.namespace || o.metadata?.namespace === opts.namespace) &&
      (labelReqs.length === 0 || matchesLabels(labelReqs, (o.metadata as { labels?: Record<string, string> } | undefined)?.labels)) &&
      (plain.length === 0 || matchesFields(plain, (f) => fieldPathValue(o, f))) &&
      memberships.every(({ r, members }) => members.has(o) === (r.operator === 'Equals')));
    return {
      apiVersion: res.group ? `${res.group}/${res.version}` : res.version,
      kind: res.listKind ?? `${res.kind}List`,
      metadata: { resourceVersion: inf.resourceVersion },
      items: items.map((o) => this.#copy(o)),
    };
  }
}
