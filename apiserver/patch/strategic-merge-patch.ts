/**
 * Strategic merge patch (the patch kubectl sends to built-in kinds): maps merge, `null` deletes,
 * lists follow their field's strategy (`merge` by merge key or as a set of primitives, otherwise
 * replace), and the directives `$patch` (replace | delete | merge), `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` behave as in Kubernetes'
 * apimachinery, including the resulting element order and the status codes of malformed patches.
 */
import { statusError } from '../../runtime/core/errors.ts';
import { untypedPatchSchema, type PatchSchema } from './patch-schema.ts';

type JsonMap = Record<string, unknown>;

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';
const setElementOrderPrefix = '$setElementOrder/';

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's %v rendering, used where Kubernetes echoes patch content into an error message. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  return String(v);
}

const badRequest = (message: string) => statusError('BadRequest', { message });
const unprocessable = () => statusError('Invalid', { message: 'the server rejected our request due to an error in our request' });
const internal = (message: string) => statusError('InternalError', { message: `Internal error occurred: ${message}` });
const noMergeKey = (m: JsonMap, key: string) => internal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

/** Kind of a JSON value as Go's reflect would tell them apart for merging purposes. */
function kindOf(v: unknown): 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil' {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'string') return 'string';
  return typeof v === 'boolean' ? 'bool' : 'number';
}

/** Splits `merge,retainKeys` style strategies into the list strategy and whether retainKeys is on. */
function listOrMapStrategy(strategies: string[]): string {
  const rest = strategies.filter((s) => s !== 'retainKeys');
  if (rest.length > 1 || strategies.length > 2) throw internal(`unexpected patch strategy: [${strategies.join(' ')}]`);
  return rest[0] ?? '';
}

/**
 * Applies a strategic merge patch to `obj` (not modified). `schema` supplies patch strategies and merge
 * keys; without it every list is replaced, as for an unknown type.
 */
export function applyStrategicMergePatch(obj: unknown, patch: unknown, schema: PatchSchema = untypedPatchSchema): unknown {
  if (!isMap(patch)) {
    const kind = patch === null ? 'null' : Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    if (patch === null) return structuredClone(obj);
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const original = isMap(obj) ? structuredClone(obj) : {};
  return mergeMap(original, structuredClone(patch), schema);
}

function mergeMap(original: JsonMap | undefined, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (directiveMarker in patch) {
    const directive = patch[directiveMarker];
    if (directive === 'replace') {
      delete patch[directiveMarker];
      return patch;
    }
    if (directive === 'delete') return {};
    throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
  const out: JsonMap = original ?? {};
  applyRetainKeys(out, patch);
  applySetElementOrder(out, patch, schema);

  for (const rawKey of Object.keys(patch)) {
    const patchV = patch[rawKey];
    let key = rawKey;
    let deleteList = false;
    if (rawKey.startsWith(deleteFromPrimitiveListPrefix)) {
      key = rawKey.slice(deleteFromPrimitiveListPrefix.length);
      deleteList = true;
    } else if (rawKey.startsWith('$deleteFromPrimitiveList')) {
      throw badRequest('invalid patch format of primitive list');
    }
    if (patchV === null) {
      delete out[key];
      continue;
    }
    if (!(key in out) || kindOf(out[key]) !== kindOf(patchV)) {
      if (deleteList) continue;
      const cleaned = removeDirectives(discardNulls(patchV));
      if (cleaned.keep) out[key] = cleaned.value;
      else delete out[key];
      continue;
    }
    const { meta, schema: sub } = schema.lookup(key);
    const strategy = listOrMapStrategy(meta.strategies);
    const current = out[key];
    if (isMap(current)) {
      out[key] = strategy === 'replace' ? patchV : mergeMap(current, patchV as JsonMap, sub ?? untypedPatchSchema);
    } else if (Array.isArray(current)) {
      if (!Array.isArray(patchV)) throw internal('expected a []interface {}');
      out[key] = strategy === 'merge' || deleteList
        ? mergeList(current, patchV, sub ?? untypedPatchSchema, meta.mergeKey ?? '', deleteList)
        : patchV;
    } else {
      const cleaned = removeDirectives(patchV);
      if (cleaned.keep) out[key] = cleaned.value;
      else delete out[key];
    }
  }
  return out;
}

/** `$retainKeys`: drop original fields not listed; every set field of the patch must be listed. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!(retainKeysDirective in patch)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(k)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** `$setElementOrder/<field>`: merge the list (if patched) and order it as the directive lists. */
function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: PatchSchema): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith('$setElementOrder')) continue;
    if (!directiveKey.startsWith(setElementOrderPrefix)) throw badRequest('invalid patch format of setElementOrder list');
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw internal('expected a []interface {}');
    const key = directiveKey.slice(setElementOrderPrefix.length);
    const originalList = original[key];
    const patchList = patch[key];
    if (originalList !== undefined && !Array.isArray(originalList)) throw internal('expected a []interface {}');
    if (patchList !== undefined && !Array.isArray(patchList)) throw internal('expected a []interface {}');
    const { meta, schema: sub } = schema.lookup(key);
    const strategy = listOrMapStrategy(meta.strategies);
    const mergeKey = meta.mergeKey ?? '';
    validateOrderCoversPatch(patchList ?? [], order, mergeKey);

    let merged: unknown[];
    if (originalList && !patchList) merged = originalList;
    else if (!originalList && patchList) {
      const cleaned = removeDirectives(patchList);
      if (!cleaned.keep) continue;
      merged = cleaned.value as unknown[];
    } else if (originalList && patchList) {
      merged = strategy === 'merge' ? mergeList(originalList, patchList, sub ?? untypedPatchSchema, mergeKey, false) : patchList;
    } else continue;

    const elementIsMap = [...(originalList ?? []), ...(patchList ?? [])].some(isMap);
    const identity = (v: unknown) => (elementIsMap ? (v as JsonMap)[mergeKey] : v);
    original[key] = orderElements(merged, order, originalList ?? [], identity);
    delete patch[key];
  }
}

/** The non-directive patch items must appear in the order list in the same relative order. */
function validateOrderCoversPatch(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? patchList.filter((v) => !(isMap(v) && v[directiveMarker] === 'delete')) : patchList;
  let p = 0;
  for (let o = 0; p < items.length && o < order.length; o++) {
    while (p < items.length && isMap(items[p]) && directiveMarker in (items[p] as JsonMap)) p++;
    if (p >= items.length) break;
    const a = mergeKey ? (items[p] as JsonMap)[mergeKey] : items[p];
    const b = mergeKey ? (order[o] as JsonMap)?.[mergeKey] : order[o];
    if (a === b) p++;
  }
  if (p < items.length) throw internal(`The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`);
}

/** A list field with the `merge` strategy (or a `$deleteFromPrimitiveList`). */
function mergeList(original: unknown[], patch: unknown[], schema: PatchSchema, mergeKey: string, deleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kinds = new Set([...original, ...patch].map(kindOf));
  if (kinds.has('slice')) throw unprocessable();
  if (kinds.size > 1) throw internal(`list element types are not identical: ${goFormat([original, patch])}`);
  const elementIsMap = kinds.has('map');
  let merged: unknown[];
  let base = original;
  let patchItems = patch;
  if (!elementIsMap) {
    if (deleteList) return original.filter((v) => !patch.includes(v));
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw internal(`cannot merge lists without merge key for ${schema.name}`);
    ({ base, patchItems } = applyListDirectives(original, patch as JsonMap[], mergeKey));
    merged = [...base];
    for (const item of patchItems as JsonMap[]) {
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      const at = merged.findIndex((m) => (m as JsonMap)[mergeKey] === item[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonMap, item, schema);
      else merged.push(item);
    }
  }
  const identity = (v: unknown) => (elementIsMap ? (v as JsonMap)[mergeKey] : v);
  return orderElements(merged, patchItems, base, identity);
}

/** `{$patch: delete, <key>: v}` removes matching items; `{$patch: replace}` replaces the whole list. */
function applyListDirectives(original: unknown[], patch: JsonMap[], mergeKey: string): { base: unknown[]; patchItems: unknown[] } {
  let base = original;
  const plain: JsonMap[] = [];
  let replace = false;
  for (const item of patch) {
    if (!(directiveMarker in item)) { plain.push(item); continue; }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      base = base.filter((o) => (o as JsonMap)[mergeKey] !== item[mergeKey]);
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw internal('merging lists cannot yet be specified in the patch');
    else throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
  }
  return replace ? { base: plain, patchItems: [] } : { base, patchItems: plain };
}

/**
 * Kubernetes' element order after a merge: items named by the patch (or order list) follow that
 * order; items only on the server keep their original order and stay in front of patch items that
 * the original listed after them.
 */
function orderElements(merged: unknown[], patchOrder: unknown[], serverOrder: unknown[], identity: (v: unknown) => unknown): unknown[] {
  const indexIn = (list: unknown[], v: unknown) => {
    const id = identity(v);
    return list.findIndex((x) => identity(x) === id);
  };
  const fromPatch = merged.filter((v) => indexIn(patchOrder, v) >= 0);
  const serverOnly = merged.filter((v) => indexIn(patchOrder, v) < 0);
  const byIndex = (list: unknown[]) => (a: unknown, b: unknown) => {
    const ia = indexIn(list, a);
    const ib = indexIn(list, b);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  };
  fromPatch.sort(byIndex(patchOrder));
  serverOnly.sort(byIndex(serverOrder));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < fromPatch.length) {
    if (j >= fromPatch.length) { out.push(serverOnly[i++]); continue; }
    if (i >= serverOnly.length) { out.push(fromPatch[j++]); continue; }
    const li = indexIn(serverOrder, serverOnly[i]);
    const ri = indexIn(serverOrder, fromPatch[j]);
    if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
    else out.push(fromPatch[j++]);
  }
  return out;
}

/** Drops maps carrying a `$patch` directive from new content, as Kubernetes does. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const r = removeDirectives(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (!isMap(v)) return { value: v, keep: true };
  if (directiveMarker in v) return { value: undefined, keep: false };
  const out: JsonMap = {};
  for (const [k, child] of Object.entries(v)) {
    const r = removeDirectives(child);
    if (r.keep) out[k] = r.value;
  }
  return { value: out, keep: true };
}

/** New content keeps no null members (nulls only mean "delete" against existing fields). */
function discardNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = discardNulls(child);
  return out;
}
