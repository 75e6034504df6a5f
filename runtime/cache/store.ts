/**
 * A thread-of-control-free object store keyed by `namespace/name`, with secondary indexes. The
 * namespace index always exists; callers add field indexes (e.g. owner uid, spec.nodeName) and
 * query them with `byIndex`.
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';

/** Computes the index values of an object (none, one or many). */
export type IndexFunc<T extends ApiObject = KubeObject> = (obj: T) => string[];

/** Named index functions. */
export type Indexers<T extends ApiObject = KubeObject> = Record<string, IndexFunc<T>>;

/** Name of the built-in namespace index. */
export const NamespaceIndex = 'namespace';

/** The store key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function keyOf(obj: ApiObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

/** Reads objects of a store without changing it. */
export interface StoreReader<T extends ApiObject = KubeObject> {
  get(key: string): T | undefined;
  list(): T[];
  keys(): string[];
  readonly size: number;
  /** Objects whose index `indexName` contains `value`; throws when the index does not exist. */
  byIndex(indexName: string, value: string): T[];
  /** Whether an index of this name exists. */
  hasIndex(indexName: string): boolean;
}

/** An indexed object store. */
export class IndexedStore<T extends ApiObject = KubeObject> implements StoreReader<T> {
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers({ [NamespaceIndex]: (o: T) => [o.metadata?.namespace ?? ''], ...indexers });
  }

  /** Adds indexes, building them over the current contents. Existing names are rejected. */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.#indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
      this.#indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.#indices.set(name, index);
      for (const [key, obj] of this.#items) this.#indexInto(index, fn, key, obj);
    }
  }

  /** {@inheritDoc StoreReader.hasIndex} */
  hasIndex(indexName: string): boolean {
    return this.#indexers.has(indexName);
  }

  /** {@inheritDoc StoreReader.size} */
  get size(): number {
    return this.#items.size;
  }

  /** {@inheritDoc StoreReader.get} */
  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  /** {@inheritDoc StoreReader.list} */
  list(): T[] {
    return [...this.#items.values()];
  }

  /** {@inheritDoc StoreReader.keys} */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** Iterates entries without copying. */
  entries(): IterableIterator<[string, T]> {
    return this.#items.entries();
  }

  /** {@inheritDoc StoreReader.byIndex} */
  byIndex(indexName: string, value: string): T[] {
    const index = this.#indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const obj = this.#items.get(k);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Inserts or replaces an object; returns the previous one. */
  upsert(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, obj);
    for (const [name, fn] of this.#indexers) this.#indexInto(this.#indices.get(name)!, fn, key, obj);
    return old;
  }

  /** Removes an object by key; returns it. */
  remove(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  /** Empties the store. */
  clear(): void {
    this.#items.clear();
    for (const index of this.#indices.values()) index.clear();
  }

  #indexInto(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const value of safeIndex(fn, obj)) {
      let set = index.get(value);
      if (!set) index.set(value, (set = new Set()));
      set.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      for (const value of safeIndex(fn, obj)) {
        const set = index.get(value);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) index.delete(value);
      }
    }
  }
}

// An index function that throws must not corrupt the store: the object is simply not indexed.
function safeIndex<T extends ApiObject>(fn: IndexFunc<T>, obj: T): string[] {
  try {
    return fn(obj) ?? [];
  } catch {
    return [];
  }
}
