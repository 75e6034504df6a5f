/**
 * A shared informer: one reflector feeding one indexed store, fanning changes out to any number of
 * handlers. Relists are diffed against the store, so objects that vanished while disconnected are
 * delivered as deletes (with their last known state) and changed ones as updates.
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';
import { IndexedStore, keyOf } from './store.ts';
import type { Indexers, StoreReader } from './store.ts';
import { Reflector } from './reflector.ts';
import type { CacheLogger, ReflectorOptions, ReflectorSink, ReflectorStats } from './reflector.ts';

/** Callbacks for changes. Exceptions are caught and logged; they never stop the informer. */
export interface ResourceEventHandler<T extends ApiObject = KubeObject> {
  /** An object appeared. `initial` is true for objects of the first list (or replayed to a late handler). */
  onAdd?(obj: T, initial: boolean): void;
  /** An object changed; on periodic resync `oldObj === newObj`. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** An object disappeared; `obj` is its last known state. */
  onDelete?(obj: T): void;
}

/** Handle to remove a handler. */
export interface HandlerRegistration {
  remove(): void;
}

/** Options of a SharedInformer: the reflector's plus store and resync settings. */
export interface InformerOptions<T extends ApiObject> extends ReflectorOptions<T> {
  indexers?: Indexers<T>;
  /** Re-deliver every stored object as an update this often (0 disables). */
  resyncPeriodMs?: number;
}

/** Watches one resource scope and keeps an indexed in-memory copy of it. */
export class SharedInformer<T extends ApiObject = KubeObject> {
  readonly store: IndexedStore<T>;
  readonly #reflector: Reflector<T>;
  readonly #handlers = new Set<ResourceEventHandler<T>>();
  readonly #resyncMs: number;
  readonly #logger: CacheLogger | undefined;
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #failureWaiters: ((err: unknown) => void)[] = [];
  #resyncTimer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(opts: InformerOptions<T>) {
    this.store = new IndexedStore<T>(opts.indexers);
    this.#resyncMs = opts.resyncPeriodMs ?? 0;
    this.#logger = opts.logger;
    const sink: ReflectorSink<T> = {
      replace: (items) => this.#replace(items),
      listFailed: (err) => this.#listFailed(err),
      apply: (type, obj) => this.#apply(type, obj),
    };
    this.#reflector = new Reflector<T>(opts, sink);
  }

  /** Read-only view of the store. */
  get reader(): StoreReader<T> {
    return this.store;
  }

  /** Counters of the underlying list+watch loop. */
  get stats(): ReflectorStats {
    return this.#reflector.stats;
  }

  /** The resourceVersion the store reflects. */
  get resourceVersion(): string {
    return this.#reflector.resourceVersion;
  }

  /** True once the first list has been stored. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once synced; resolves false if the signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push(() => { signal?.removeEventListener('abort', onAbort); resolve(true); });
    });
  }

  /**
   * Resolves with undefined once synced, or with the error of the next failed list attempt before
   * that (the informer keeps retrying). Lets readers fail fast when a resource is not served or
   * not permitted instead of waiting forever.
   */
  syncOutcome(): Promise<unknown> {
    if (this.#synced) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onSync = () => resolve(undefined);
      this.#syncWaiters.push(onSync);
      this.#failureWaiters.push((err) => {
        this.#syncWaiters = this.#syncWaiters.filter((w) => w !== onSync);
        resolve(err);
      });
    });
  }

  #listFailed(err: unknown): void {
    const waiters = this.#failureWaiters;
    this.#failureWaiters = [];
    for (const w of waiters) w(err);
  }

  /** Adds indexes; allowed at any time (existing contents are indexed). */
  addIndexers(indexers: Indexers<T>): void {
    this.store.addIndexers(indexers);
  }

  /** Adds a handler. If the informer already holds objects they are replayed as initial adds. */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.#handlers.add(handler);
    if (this.#synced) for (const obj of this.store.list()) this.#call(handler, 'onAdd', obj, true);
    return { remove: () => { this.#handlers.delete(handler); } };
  }

  /** Starts list+watch (idempotent). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#reflector.start();
    if (this.#resyncMs > 0) {
      this.#resyncTimer = setInterval(() => this.#resync(), this.#resyncMs);
      this.#resyncTimer.unref();
    }
  }

  /** Stops watching; the store keeps its last contents. */
  async stop(): Promise<void> {
    clearInterval(this.#resyncTimer);
    await this.#reflector.stop();
  }

  #replace(items: T[]): void {
    const seen = new Set<string>();
    const initial = !this.#synced;
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      const old = this.store.get(key);
      if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) continue;
      this.store.upsert(obj);
      if (old) this.#emit('onUpdate', old, obj);
      else this.#emit('onAdd', obj, initial);
    }
    if (this.store.size > seen.size) {
      for (const key of this.store.keys()) {
        if (seen.has(key)) continue;
        const gone = this.store.remove(key)!;
        this.#emit('onDelete', gone);
      }
    }
    if (!this.#synced) {
      this.#synced = true;
      const waiters = this.#syncWaiters;
      this.#syncWaiters = [];
      this.#failureWaiters = [];
      for (const w of waiters) w();
    }
  }

  #apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = keyOf(obj);
    if (type === 'DELETED') {
      const old = this.store.remove(key);
      if (old) this.#emit('onDelete', obj);
      return;
    }
    const old = this.store.get(key);
    // A re-watch can replay an event already folded in by a relist.
    if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) return;
    this.store.upsert(obj);
    if (old) this.#emit('onUpdate', old, obj);
    else this.#emit('onAdd', obj, false);
  }

  #resync(): void {
    if (!this.#synced) return;
    for (const obj of this.store.list()) this.#emit('onUpdate', obj, obj);
  }

  #emit(kind: keyof ResourceEventHandler<T>, a: T, b?: T | boolean): void {
    for (const h of this.#handlers) this.#call(h, kind, a, b);
  }

  #call(h: ResourceEventHandler<T>, kind: keyof ResourceEventHandler<T>, a: T, b?: T | boolean): void {
    try {
      if (kind === 'onAdd') h.onAdd?.(a, b as boolean);
      else if (kind === 'onUpdate') h.onUpdate?.(a, b as T);
      else h.onDelete?.(a);
    } catch (err) {
      this.#logger?.warn({ err: String(err) }, 'informer event handler threw');
    }
  }
}
