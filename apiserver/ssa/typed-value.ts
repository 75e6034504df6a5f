/**
 * Schema-aware operations on JSON values for server-side apply: the field set a value sets, the
 * comparison of two values (added / modified / removed paths), the merge of an applied
 * configuration into a live object, and the removal of paths. Semantics follow structured-merge-diff.
 */
import { isDeepStrictEqual } from 'node:util';
import { FieldSet, fieldPE, keyPE, valuePE, type Path, type PathElement } from './fieldpath.ts';
import { childNode, resolveNode, type SchemaNode } from './schema.ts';

type JsonMap = Record<string, unknown>;
type ListNode = Extract<SchemaNode, { kind: 'list' }>;

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Thrown when a value does not fit its schema (e.g. a map-list item without any key field). */
export class SchemaMismatchError extends Error {
  readonly path: Path;
  constructor(path: Path, message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
    this.path = path;
  }
}

/** The path element identifying a list item of a granular list. */
export function itemPE(list: ListNode, item: unknown, path: Path): PathElement {
  if (list.listType === 'set') return valuePE(item);
  if (!isMap(item)) throw new SchemaMismatchError(path, 'associative list with keys may not have non-map elements');
  const key: JsonMap = {};
  for (const k of list.keys) {
    if (k in item) key[k] = item[k];
    else if (list.keyDefaults && k in list.keyDefaults) key[k] = list.keyDefaults[k];
  }
  if (list.keys.length > 0 && Object.keys(key).length === 0) {
    throw new SchemaMismatchError(path, `associative list with keys has an element that omits all key fields ${JSON.stringify(list.keys)}`);
  }
  return keyPE(key);
}

function isAtomic(node: SchemaNode): boolean {
  return node.kind === 'scalar' || (node.kind === 'map' && node.atomic) || (node.kind === 'list' && node.listType === 'atomic');
}

/** The set of fields a value specifies (what an applied configuration claims). */
export function toFieldSet(value: unknown, node: SchemaNode, path: Path = [], set = new FieldSet()): FieldSet {
  const n = resolveNode(node, value);
  if (isAtomic(n) || value === null || value === undefined) {
    set.insert(path);
    return set;
  }
  if (n.kind === 'list' && Array.isArray(value)) {
    for (const item of value) {
      const itemPath = [...path, itemPE(n, item, path)];
      toFieldSet(item, n.elem, itemPath, set);
      set.insert(itemPath);
    }
  } else if (n.kind === 'map' && isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      const { node: child, declared } = childNode(n, k);
      const childPath = [...path, fieldPE(k)];
      toFieldSet(v, child, childPath, set);
      if (v === null || (isMap(v) && Object.keys(v).length === 0) || !declared) set.insert(childPath);
    }
  } else set.insert(path);
  return set;
}

/** What changed between two values, by path. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares `lhs` (old) and `rhs` (new); undefined means absent. */
export function compare(lhs: unknown, rhs: unknown, node: SchemaNode): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, node, [], out);
  return out;
}

function isEmptyContainer(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

function compareAt(lhs: unknown, rhs: unknown, node: SchemaNode, path: Path, out: Comparison): void {
  const n = resolveNode(node, rhs ?? lhs);
  const granular = !isAtomic(n) && !(isEmptyContainer(lhs) && isEmptyContainer(rhs));
  const shapesAgree = n.kind === 'list'
    ? (lhs === undefined || lhs === null || Array.isArray(lhs)) && (rhs === undefined || rhs === null || Array.isArray(rhs))
    : (lhs === undefined || lhs === null || isMap(lhs)) && (rhs === undefined || rhs === null || isMap(rhs));
  if (!granular || !shapesAgree) {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
    else if (!isDeepStrictEqual(lhs, rhs)) out.modified.insert(path);
    return;
  }
  if (n.kind === 'list') {
    const left = indexItems(n, (lhs as unknown[] | null) ?? [], path);
    const right = indexItems(n, (rhs as unknown[] | null) ?? [], path);
    for (const pe of new Set([...left.keys(), ...right.keys()])) {
      compareAt(left.get(pe), right.get(pe), n.elem, [...path, pe], out);
    }
  } else if (n.kind === 'map') {
    const l = (lhs as JsonMap | null) ?? {};
    const r = (rhs as JsonMap | null) ?? {};
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      compareAt(l[k], r[k], childNode(n, k).node, [...path, fieldPE(k)], out);
    }
  }
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
}

function indexItems(list: ListNode, items: unknown[], path: Path): Map<PathElement, unknown> {
  const m = new Map<PathElement, unknown>();
  for (const item of items) {
    const pe = itemPE(list, item, path);
    if (!m.has(pe)) m.set(pe, item);
  }
  return m;
}

/** Merges `rhs` (the applied configuration) into `lhs` (the live object). */
export function merge(lhs: unknown, rhs: unknown, node: SchemaNode, path: Path = []): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return structuredClone(rhs);
  const n = resolveNode(node, rhs);
  if (isAtomic(n)) return structuredClone(rhs);
  if (n.kind === 'map' && isMap(lhs) && isMap(rhs)) {
    const out: JsonMap = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) out[k] = merge(lhs[k], v, childNode(n, k).node, [...path, fieldPE(k)]);
    return out;
  }
  if (n.kind === 'list' && Array.isArray(lhs) && Array.isArray(rhs)) return mergeList(n, lhs, rhs, path);
  return structuredClone(rhs);
}

/**
 * Item order of a merged granular list: the applied items in their order, with live-only items kept
 * where they were relative to the items both sides share.
 */
function mergeList(n: ListNode, lhs: unknown[], rhs: unknown[], path: Path): unknown[] {
  const left = indexItems(n, lhs, path);
  const right = indexItems(n, rhs, path);
  const lPEs = [...left.keys()];
  const rPEs = [...right.keys()];
  const shared = rPEs.filter((pe) => left.has(pe));
  let nextShared = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const emit = (pe: PathElement) => {
    out.push(merge(left.get(pe), right.get(pe), n.elem, [...path, pe]));
    done.add(pe);
  };
  let l = 0;
  let r = 0;
  while (l < lPEs.length || r < rPEs.length) {
    if (l < lPEs.length && r < rPEs.length) {
      if (lPEs[l] === rPEs[r]) {
        emit(lPEs[l]);
        l++; r++;
        if (shared[nextShared] === lPEs[l - 1]) nextShared++;
        continue;
      }
      if (right.has(lPEs[l]) && nextShared < shared.length && shared[nextShared] !== lPEs[l]) { l++; continue; }
    }
    if (l < lPEs.length) {
      const pe = lPEs[l];
      if (!right.has(pe)) { out.push(left.get(pe)); l++; continue; }
      if (done.has(pe)) l++;
    }
    if (r < rPEs.length) {
      const pe = rPEs[r];
      emit(pe);
      r++;
      if (shared[nextShared] === pe) nextShared++;
    }
  }
  return out;
}

/** Removes the value at each path of `paths` from `obj` (in place). */
export function removePaths(obj: JsonMap, paths: Path[], node: SchemaNode): void {
  // A removed node takes its children with it; removing those first could strip an item's keys.
  const keys = new Set(paths.map((p) => JSON.stringify(p)));
  const hasRemovedAncestor = (p: Path) => p.some((_, i) => i < p.length - 1 && keys.has(JSON.stringify(p.slice(0, i + 1))));
  for (const path of paths.filter((p) => !hasRemovedAncestor(p)).sort((a, b) => b.length - a.length)) removeAt(obj, path, node);
}

function removeAt(root: unknown, path: Path, rootNode: SchemaNode): void {
  let cur: unknown = root;
  let node: SchemaNode = rootNode;
  for (let i = 0; i < path.length; i++) {
    const pe = path[i];
    const last = i === path.length - 1;
    const n = resolveNode(node, cur);
    if (pe.startsWith('f:')) {
      if (!isMap(cur)) return;
      const name = pe.slice(2);
      if (last) { delete cur[name]; return; }
      node = n.kind === 'map' ? childNode(n, name).node : node;
      cur = cur[name];
    } else {
      if (!Array.isArray(cur) || n.kind !== 'list') return;
      const list = cur;
      const at = list.findIndex((item) => {
        try { return itemPE(n, item, path.slice(0, i)) === pe; } catch { return false; }
      });
      if (at < 0) return;
      if (last) { list.splice(at, 1); return; }
      node = n.elem;
      cur = list[at];
    }
  }
}

/** Drops null members recursively: typed objects cannot hold them. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = dropNulls(child);
  return out;
}
