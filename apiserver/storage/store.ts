/**
 * The object store: every object of every resource, one global monotonically increasing
 * resourceVersion (like an etcd revision), a bounded event history for watches, and optional
 * durability through the write-ahead log. Stored objects are never mutated in place; writers build
 * a new object and commit it.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { EventHistory } from './history.ts';
import type { Mutation, StoreEvent } from './types.ts';
import { recover, WriteAheadLog, type WalRecord } from './wal.ts';

/** Receives committed events synchronously, in revision order. */
export type StoreListener = (events: StoreEvent[]) => void;

/** Store tuning. */
export interface StoreOptions {
  dataDir?: string;
  historyEvents?: number;
  historyAgeMs?: number;
  /** Log size that triggers compaction into a snapshot (default 16 MiB, or twice the snapshot). */
  compactBytes?: number;
}

interface Bucket {
  objects: Map<string, KubeObject>;
  sorted: string[] | undefined;
  /** Revision of the last write to this resource (0 when only restored from disk). */
  modifiedRv: number;
}

/** In-memory objects with global revisions, history and optional persistence. */
export class ObjectStore {
  private buckets = new Map<string, Bucket>();
  private byUid = new Map<string, { resource: string; key: string }>();
  private listeners: StoreListener[] = [];
  private wal: WriteAheadLog | undefined;
  /** The revision of the latest committed write. */
  rv = 0;
  history: EventHistory;
  private readonly opts: StoreOptions;

  private constructor(opts: StoreOptions) {
    this.opts = opts;
    this.history = new EventHistory(0, { maxEvents: opts.historyEvents ?? 100_000, maxAgeMs: opts.historyAgeMs ?? 10 * 60_000 });
  }

  /** Opens a store, recovering state from `dataDir` when given. */
  static async open(opts: StoreOptions = {}): Promise<ObjectStore> {
    const store = new ObjectStore(opts);
    if (opts.dataDir) {
      const state = recover(opts.dataDir);
      store.rv = state.rv;
      for (const o of state.objects) store.bucket(o.resource, true).objects.set(o.key, o.object);
      for (const o of state.objects) store.indexUid(o.resource, o.key, o.object);
      store.history = new EventHistory(state.rv, { maxEvents: opts.historyEvents ?? 100_000, maxAgeMs: opts.historyAgeMs ?? 10 * 60_000 });
      store.wal = new WriteAheadLog(opts.dataDir, opts.compactBytes);
      store.wal.snapshotSource = () => store.dump();
      await store.wal.open();
    }
    return store;
  }

  private bucket(resource: string, create: true): Bucket;
  private bucket(resource: string, create?: boolean): Bucket | undefined;
  private bucket(resource: string, create?: boolean): Bucket | undefined {
    let b = this.buckets.get(resource);
    if (!b && create) {
      b = { objects: new Map(), sorted: undefined, modifiedRv: 0 };
      this.buckets.set(resource, b);
    }
    return b;
  }

  private indexUid(resource: string, key: string, obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    if (uid) this.byUid.set(uid, { resource, key });
  }

  /** Registers a listener for committed events. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.push(listener);
    return () => { this.listeners = this.listeners.filter((l) => l !== listener); };
  }

  /** The current object at a key. */
  get(resource: string, key: string): KubeObject | undefined {
    return this.buckets.get(resource)?.objects.get(key);
  }

  /** Finds a live object by uid. */
  getByUid(uid: string): { resource: string; key: string; object: KubeObject } | undefined {
    const loc = this.byUid.get(uid);
    if (!loc) return undefined;
    const object = this.get(loc.resource, loc.key);
    return object && object.metadata.uid === uid ? { ...loc, object } : undefined;
  }

  /** Keys of a resource in key order (namespace, then name), optionally within one namespace. */
  keys(resource: string, namespace?: string): string[] {
    const b = this.buckets.get(resource);
    if (!b) return [];
    if (!b.sorted) b.sorted = [...b.objects.keys()].sort();
    if (namespace === undefined) return b.sorted;
    const prefix = `${namespace}/`;
    return b.sorted.filter((k) => k.startsWith(prefix));
  }

  /** Current objects of a resource in key order. */
  list(resource: string, namespace?: string): KubeObject[] {
    const b = this.buckets.get(resource);
    if (!b) return [];
    return this.keys(resource, namespace).map((k) => b.objects.get(k)!);
  }

  /** Every resource name that holds objects. */
  resources(): string[] {
    return [...this.buckets.keys()].filter((r) => this.buckets.get(r)!.objects.size > 0);
  }

  /**
   * The objects of a resource as they were at revision `rv`, rebuilt by undoing later events.
   * Undefined when the history no longer reaches back that far.
   */
  /**
   * True when a resource has had no write after rv and rv is still within history, so its
   * current state is its state at rv: paged lists then read live keys instead of rebuilding a
   * snapshot per page.
   */
  unchangedSince(resource: string, rv: number): boolean {
    return (this.buckets.get(resource)?.modifiedRv ?? 0) <= rv && (rv >= this.rv || this.history.covers(rv));
  }

  snapshotAt(resource: string, rv: number): Map<string, KubeObject> | undefined {
    if (rv >= this.rv) return new Map(this.buckets.get(resource)?.objects ?? []);
    if (!this.history.covers(rv)) return undefined;
    const state = new Map(this.buckets.get(resource)?.objects ?? []);
    const later = this.history.since(rv);
    for (let i = later.length - 1; i >= 0; i--) {
      const e = later[i]!;
      if (e.resource !== resource) continue;
      if (e.type === 'ADDED') state.delete(e.key);
      else state.set(e.key, e.prev!);
    }
    return state;
  }

  /**
   * Applies mutations atomically in memory (each gets the next revision, stamped into
   * metadata.resourceVersion), notifies listeners, and resolves once durable.
   */
  commit(mutations: Mutation[]): { events: StoreEvent[]; durable: Promise<void> } {
    const events: StoreEvent[] = [];
    const records: WalRecord[] = [];
    for (const m of mutations) {
      const b = this.bucket(m.resource, true);
      const prev = b.objects.get(m.key);
      const rv = ++this.rv;
      if (m.op === 'put') {
        b.modifiedRv = rv;
        const object = m.object;
        object.metadata.resourceVersion = String(rv);
        if (!prev) b.sorted = undefined;
        b.objects.set(m.key, object);
        this.indexUid(m.resource, m.key, object);
        events.push({ type: prev ? 'MODIFIED' : 'ADDED', rv, resource: m.resource, key: m.key, object, prev });
        if (this.wal) records.push({ rv, resource: m.resource, key: m.key, object });
      } else {
        if (!prev) { this.rv--; continue; }
        b.modifiedRv = rv;
        b.objects.delete(m.key);
        b.sorted = undefined;
        if (prev.metadata.uid) this.byUid.delete(prev.metadata.uid);
        const object = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
        events.push({ type: 'DELETED', rv, resource: m.resource, key: m.key, object, prev });
        if (this.wal) records.push({ rv, resource: m.resource, key: m.key });
      }
    }
    this.history.append(events);
    const durable = this.wal && records.length ? this.wal.append(records) : Promise.resolve();
    for (const l of this.listeners) {
      try { l(events); } catch (err) { process.emitWarning(`store listener failed: ${String(err)}`); }
    }
    return { events, durable };
  }

  /** The full state, for snapshots. */
  dump(): { rv: number; objects: { resource: string; key: string; object: KubeObject }[] } {
    const objects: { resource: string; key: string; object: KubeObject }[] = [];
    for (const [resource, b] of this.buckets) for (const [key, object] of b.objects) objects.push({ resource, key, object });
    return { rv: this.rv, objects };
  }

  /** Flushes and closes the log. */
  async close(): Promise<void> {
    await this.wal?.close();
  }
}
