/**
 * Definitions of the OpenAPI v2 document. CRD kinds are published the way apiextensions publishes
 * them to v2: junctors (allOf, oneOf, anyOf, not) dropped, nullable and preserve-unknown-fields
 * nodes left untyped and without properties or items, arrays without items left untyped, a kind
 * whose root preserves unknown fields reduced to a bare object. kubectl's v2 model parser rejects
 * the whole document on any array without items or any `$ref` to a missing definition, so built-in
 * definitions are copied with the same junctors dropped and every reference closed over.
 */
import { LIST_META, OBJECT_META, addClosure, knownDefinition, typeMetaProperties } from './schemas.ts';

type Schema = Record<string, unknown>;
type Gvk = { group: string; version: string; kind: string };

const JUNCTORS = ['allOf', 'oneOf', 'anyOf', 'not'];

/** The `$ref` of a v2 definition. */
export function definitionRef(name: string): { $ref: string } {
  return { $ref: `#/definitions/${name}` };
}

const typeMeta = typeMetaProperties;
const metadataDescription = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

function isObject(v: unknown): v is Schema {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** One node of a CRD structural schema in its v2 form (a new object; the input is not changed). */
function crdNodeToV2(node: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (JUNCTORS.includes(k) || k === 'nullable') continue;
    if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, isObject(pv) ? crdNodeToV2(pv) : pv]));
    else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) out[k] = crdNodeToV2(v);
    else out[k] = v;
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.nullable === true || preserve) {
    delete out.items;
    delete out.properties;
  }
  if (node.nullable === true) delete out.type;
  if (out.type === 'array' && !isObject(out.items)) delete out.type;
  if (preserve && out.type === 'object') delete out.type;
  const props = isObject(node.properties) ? node.properties : {};
  if (Array.isArray(out.required)) {
    const additional = node.additionalProperties;
    const kept = isObject(additional) && additional.nullable === true
      ? []
      : (out.required as string[]).filter((r) => !(isObject(props[r]) && (props[r] as Schema).nullable === true));
    if (kept.length) out.required = kept;
    else delete out.required;
  }
  if (node['x-kubernetes-embedded-resource'] === true && !preserve && isObject(out.properties)) {
    out.properties = { ...out.properties, ...typeMeta, metadata: { ...definitionRef(OBJECT_META), description: metadataDescription } };
    out.required = [...new Set([...((out.required as string[]) ?? []), 'kind', 'apiVersion'])];
  }
  return out;
}

/** The v2 definition of a CRD kind from the openAPIV3Schema of its version. */
export function crdKindSchemaV2(schema: unknown, gvk: Gvk): Schema {
  const gvkExt = { 'x-kubernetes-group-version-kind': [gvk] };
  if (!isObject(schema) || schema['x-kubernetes-preserve-unknown-fields'] === true) {
    // Any declared property would make kubectl reject every field it does not list.
    return { type: 'object', ...gvkExt };
  }
  const base = crdNodeToV2(schema);
  const properties = {
    ...(isObject(base.properties) ? base.properties : {}),
    ...typeMeta,
    metadata: { ...definitionRef(OBJECT_META), description: metadataDescription },
  };
  return { ...base, type: 'object', properties, ...gvkExt };
}

/** The v2 definition of a kind's list. */
export function listSchemaV2(itemDefinition: string, gvk: Gvk): Schema {
  return {
    description: `${gvk.kind} is a list of ${gvk.kind.replace(/List$/, '')}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: typeMeta.apiVersion,
      items: { type: 'array', description: `List of ${gvk.kind.replace(/List$/, '').toLowerCase()}s.`, items: definitionRef(itemDefinition) },
      kind: typeMeta.kind,
      metadata: { ...definitionRef(LIST_META), description: 'Standard list metadata.' },
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** A built-in definition without the constructs v2 cannot express; collects the names it refers to. */
function builtinToV2(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => builtinToV2(n, refs));
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (JUNCTORS.includes(k)) continue;
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace(/^#\/(definitions|components\/schemas)\//, '');
      refs.add(name);
      out[k] = definitionRef(name).$ref;
    } else if (k === 'properties' && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, builtinToV2(pv, refs)]));
    } else {
      out[k] = k === 'default' || k === 'example' || k === 'enum' || k.startsWith('x-kubernetes-') ? v : builtinToV2(v, refs);
    }
  }
  if (out.type === 'array' && !isObject(out.items)) delete out.type;
  return out;
}

/** v2 forms of built-in definitions: the catalogue never changes while the server runs. */
const builtinCache = new Map<string, { def: Schema; refs: string[] }>();

function builtinV2(name: string): { def: Schema; refs: string[] } {
  let hit = builtinCache.get(name);
  if (hit) return hit;
  const source = knownDefinition(name);
  if (!source) {
    hit = { def: { description: `${name.slice(name.lastIndexOf('.') + 1)} (no published schema).` }, refs: [] };
  } else {
    const refs = new Set<string>();
    hit = { def: builtinToV2(source, refs) as Schema, refs: [...refs] };
  }
  builtinCache.set(name, hit);
  return hit;
}

/**
 * Adds built-in definitions and everything they reference. A reference the catalogue cannot
 * resolve becomes an untyped definition, which kubectl treats as "anything". The definitions are
 * shared between documents and must not be modified.
 */
export function addBuiltinClosureV2(definitions: Record<string, unknown>, names: Iterable<string>): void {
  addClosure(definitions, names, builtinV2);
}

const withGvk = new WeakMap<Schema, Map<string, Schema>>();

/** Makes sure a built-in kind's definition names the group-version-kind it is served as (shared, not to be modified). */
export function ensureGvk(definition: Schema, gvk: Gvk): Schema {
  const listed = (definition['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? [];
  if (listed.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) return definition;
  const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
  let byGvk = withGvk.get(definition);
  if (!byGvk) withGvk.set(definition, byGvk = new Map());
  let out = byGvk.get(key);
  if (!out) byGvk.set(key, out = { ...definition, 'x-kubernetes-group-version-kind': [...listed, gvk] });
  return out;
}
