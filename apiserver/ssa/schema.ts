/**
 * The structure server-side apply needs from a schema: which nodes are scalars, which maps and lists
 * are granular (merged and owned per field or item) or atomic (owned and replaced whole), and how
 * list items are identified (`x-kubernetes-list-type: map` keys, `set` values). Built from CRD
 * openAPIV3Schemas or the built-in catalogue; nodes without a schema are deduced from the value
 * (maps granular, lists atomic), as structured-merge-diff does.
 */
import { builtinDefinition, definitionForKind, refName, type BuiltinSchema } from '../../runtime/core/builtins/index.ts';

/** A schema node. */
export type SchemaNode =
  | { kind: 'scalar' }
  | { kind: 'deduced' }
  | { kind: 'map'; atomic: boolean; field(name: string): SchemaNode | undefined; elem: SchemaNode | undefined }
  | { kind: 'list'; listType: 'atomic' | 'set' | 'map'; keys: string[]; elem: SchemaNode; keyDefaults?: Record<string, unknown> };

/** The node used where nothing is known. */
export const deducedNode: SchemaNode = { kind: 'deduced' };

type Resolve = (definition: string) => BuiltinSchema | undefined;
type OpenApi = BuiltinSchema & { 'x-kubernetes-preserve-unknown-fields'?: boolean; type?: string };

function deref(s: OpenApi | undefined, resolve: Resolve): OpenApi | undefined {
  let cur = s;
  for (let i = 0; cur && i < 16; i++) {
    const ref = refName(cur);
    if (!ref) return cur;
    cur = resolve(ref) as OpenApi | undefined;
  }
  return cur;
}

/**
 * Defaults of list-map key fields of built-in types, which Kubernetes' schemas declare and the
 * catalogue does not carry: a port without a protocol is keyed as TCP.
 */
const builtinKeyDefaults: Record<string, unknown> = { protocol: 'TCP' };

function keyDefaults(items: OpenApi | undefined, keys: string[], builtin: boolean): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const prop = items?.properties?.[k] as (OpenApi & { default?: unknown }) | undefined;
    if (prop?.default !== undefined) out[k] = prop.default;
    else if (builtin && k in builtinKeyDefaults && prop) out[k] = builtinKeyDefaults[k];
  }
  return Object.keys(out).length ? out : undefined;
}

/** Builds a lazily resolved schema node from an OpenAPI schema. */
export function schemaNodeFromOpenApi(schema: unknown, resolve: Resolve = () => undefined, builtin = false): SchemaNode {
  const s = deref(schema as OpenApi, resolve);
  if (!s) return deducedNode;
  if (s['x-kubernetes-int-or-string']) return { kind: 'scalar' };
  const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  if (type === 'object') {
    const props = s.properties ?? {};
    const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    const cache = new Map<string, SchemaNode>();
    const elem = additional
      ? schemaNodeFromOpenApi(additional, resolve, builtin)
      : (s['x-kubernetes-preserve-unknown-fields'] || Object.keys(props).length === 0 ? deducedNode : undefined);
    return {
      kind: 'map',
      atomic: s['x-kubernetes-map-type'] === 'atomic',
      field(name) {
        if (!(name in props)) return undefined;
        if (!cache.has(name)) cache.set(name, schemaNodeFromOpenApi(props[name], resolve, builtin));
        return cache.get(name);
      },
      elem,
    };
  }
  if (type === 'array') {
    const elem = schemaNodeFromOpenApi(s.items, resolve, builtin);
    const items = deref(s.items as OpenApi | undefined, resolve);
    const listType = s['x-kubernetes-list-type'];
    const mapList = (keys: string[]): SchemaNode => {
      const defaults = keyDefaults(items, keys, builtin);
      return defaults ? { kind: 'list', listType: 'map', keys, elem, keyDefaults: defaults } : { kind: 'list', listType: 'map', keys, elem };
    };
    if (listType === 'map') return mapList(s['x-kubernetes-list-map-keys'] ?? []);
    if (listType === 'set') return { kind: 'list', listType: 'set', keys: [], elem };
    if (listType === 'atomic') return { kind: 'list', listType: 'atomic', keys: [], elem };
    // Built-in types without a list type: a merge patch strategy makes the list associative.
    const strategies = (s['x-kubernetes-patch-strategy'] ?? '').split(',');
    if (strategies.includes('merge')) {
      const key = s['x-kubernetes-patch-merge-key'];
      return key ? mapList([key]) : { kind: 'list', listType: 'set', keys: [], elem };
    }
    return { kind: 'list', listType: 'atomic', keys: [], elem };
  }
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return { kind: 'scalar' };
  return deducedNode;
}

const objectMetaDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The schema of a whole object: a CRD version schema when given, else the built-in definition of
 * its kind, else deduced. `metadata` always follows ObjectMeta (labels and annotations per key,
 * finalizers as a set, ownerReferences keyed by uid).
 */
export function objectSchema(apiVersion: string | undefined, kind: string | undefined, schema?: unknown): SchemaNode {
  let root: SchemaNode = deducedNode;
  if (schema) root = schemaNodeFromOpenApi(schema, builtinDefinition);
  else if (apiVersion && kind) {
    const def = definitionForKind(apiVersion, kind);
    const builtin = def ? builtinDefinition(def) : undefined;
    if (builtin) root = schemaNodeFromOpenApi(builtin, builtinDefinition, true);
  }
  const meta = builtinDefinition(objectMetaDefinition);
  const metaNode = meta ? schemaNodeFromOpenApi(meta, builtinDefinition, true) : deducedNode;
  const base = root;
  return {
    kind: 'map',
    atomic: false,
    field(name) {
      if (name === 'metadata') return metaNode;
      if (name === 'apiVersion' || name === 'kind') return { kind: 'scalar' };
      return base.kind === 'map' ? base.field(name) : undefined;
    },
    elem: base.kind === 'map' ? base.elem : deducedNode,
  };
}

/** The effective node for a value: deduced nodes take their shape from the value itself. */
export function resolveNode(node: SchemaNode | undefined, value: unknown): SchemaNode {
  if (node && node.kind !== 'deduced') return node;
  if (Array.isArray(value)) return { kind: 'list', listType: 'atomic', keys: [], elem: deducedNode };
  if (typeof value === 'object' && value !== null) return { kind: 'map', atomic: false, field: () => undefined, elem: deducedNode };
  return { kind: 'scalar' };
}

/** The node of a map's child and whether it is a declared (struct) field. */
export function childNode(node: Extract<SchemaNode, { kind: 'map' }>, name: string): { node: SchemaNode; declared: boolean } {
  const f = node.field(name);
  if (f) return { node: f, declared: true };
  return { node: node.elem ?? deducedNode, declared: false };
}
