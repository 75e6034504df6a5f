/**
 * Assembles OpenAPI definitions of the Kubernetes built-in types from client-node's generated
 * models (structure, formats, required lists, most descriptions: release 1.36) and the committed
 * overlay built from registry packages (x-kubernetes-* extensions, group-version-kinds,
 * value-type references and the descriptions client-node drops). The overlay's extensions come
 * from an older OpenAPI document, so fields added since carry no list, map or patch semantics.
 * Definitions are built on first request and cached.
 */
import { readFileSync } from 'node:fs';
import { readClientNodeModel, type ClientNodeProperty } from './client-node-models.ts';
import { packageOfGroup, scalarDefinitionNames } from './naming.ts';
import type { Overlay, OverlayProperty } from './overlay-types.ts';
import { scalarDefinitions } from './scalars.ts';
import { refTo, type BuiltinSchema } from './schema.ts';
import { parseApiVersion } from '../gvk.ts';

const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const EXTENSION_KEYS = [
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key',
] as const;

interface Index {
  overlay: Overlay;
  clientByDefinition: Map<string, string>;
  definitionByKind: Map<string, string>;
}

let index: Index | undefined;

function loadIndex(): Index {
  if (index) return index;
  const overlay = JSON.parse(readFileSync(new URL('./overlay.json', import.meta.url), 'utf8')) as Overlay;
  const clientByDefinition = new Map<string, string>();
  for (const [client, def] of Object.entries(overlay.names)) {
    // A definition has one model; client-node also keeps stale copies under other names.
    if (!clientByDefinition.has(def) || client.length > clientByDefinition.get(def)!.length) clientByDefinition.set(def, client);
  }
  const definitionByKind = new Map<string, string>();
  for (const [def, entry] of Object.entries(overlay.definitions)) {
    for (const gvk of entry.gvk ?? []) definitionByKind.set(kindKey(gvk.group, gvk.version, gvk.kind), def);
  }
  index = { overlay, clientByDefinition, definitionByKind };
  return index;
}

function kindKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

const cache = new Map<string, BuiltinSchema | undefined>();

/** The definition named `name` (e.g. `io.k8s.api.core.v1.PodTemplateSpec`), or undefined. */
export function builtinDefinition(name: string): BuiltinSchema | undefined {
  if (cache.has(name)) return cache.get(name);
  const schema = buildDefinition(name);
  cache.set(name, schema);
  return schema;
}

/** The definition name of a client-node model: `V1PodTemplateSpec` -> `io.k8s.api.core.v1.PodTemplateSpec`. */
export function definitionForClientNodeType(typeName: string): string | undefined {
  return loadIndex().overlay.names[typeName];
}

/** The client-node model name of a definition, the inverse of definitionForClientNodeType. */
export function clientNodeTypeForDefinition(definition: string): string | undefined {
  return loadIndex().clientByDefinition.get(definition);
}

/** The definition of a built-in kind: ('apps/v1', 'Deployment') -> `io.k8s.api.apps.v1.Deployment`. */
export function definitionForKind(apiVersion: string, kind: string): string | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const idx = loadIndex();
  const known = idx.definitionByKind.get(kindKey(group, version, kind));
  if (known) return known;
  // Kinds newer than the extension source: the name follows the Go package of the group.
  const guess = `${packageOfGroup(group, version)}.${kind}`;
  const client = idx.clientByDefinition.get(guess);
  const model = client ? readClientNodeModel(client) : undefined;
  return model?.properties.some((p) => p.baseName === 'kind') ? guess : undefined;
}

/** Every definition name the catalogue can build. */
export function builtinDefinitionNames(): string[] {
  return [...new Set([...loadIndex().clientByDefinition.keys(), ...scalarDefinitionNames])].sort();
}

function buildDefinition(name: string): BuiltinSchema | undefined {
  const scalar = scalarDefinitions[name];
  if (scalar) return structuredClone(scalar);
  const idx = loadIndex();
  const client = idx.clientByDefinition.get(name);
  const model = client ? readClientNodeModel(client) : undefined;
  if (!model) return undefined;
  const extra = idx.overlay.definitions[name];
  const schema: BuiltinSchema = {};
  if (model.description) schema.description = model.description;
  schema.type = 'object';
  const properties: Record<string, BuiltinSchema> = {};
  const required: string[] = [];
  for (const prop of model.properties) {
    properties[prop.baseName] = propertySchema(prop, extra?.properties?.[prop.baseName]);
    if (prop.required) required.push(prop.baseName);
  }
  if (model.properties.length) schema.properties = properties;
  if (required.length) schema.required = required;
  if (extra?.mapType) schema['x-kubernetes-map-type'] = extra.mapType;
  if (extra?.gvk) schema['x-kubernetes-group-version-kind'] = extra.gvk;
  if (extra?.unions) schema['x-kubernetes-unions'] = extra.unions;
  return schema;
}

/** A property: client-node's type and description, the overlay's value-type reference and extensions. */
function propertySchema(prop: ClientNodeProperty, extra: OverlayProperty | undefined): BuiltinSchema {
  const schema = typeSchema(prop.type, prop.format, extra?.scalar);
  const description = prop.description ?? extra?.description;
  if (description) schema.description = description;
  for (const key of EXTENSION_KEYS) {
    const v = extra?.[key];
    if (v !== undefined) (schema as Record<string, unknown>)[key] = structuredClone(v);
  }
  return schema;
}

/** Translates a client-node type expression into a schema. */
function typeSchema(type: string, format: string, scalar: string | undefined): BuiltinSchema {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: typeSchema(array[1]!, format, scalar) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: typeSchema(map[1]!, format, scalar) };
  if (scalar) return { $ref: refTo(scalar) };
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'number':
      return format === 'double' ? { type: 'number', format } : format ? { type: 'integer', format } : { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return { $ref: refTo(format === 'date-time-micro' ? MICRO_TIME : TIME) };
    case 'IntOrString':
      return { $ref: refTo(INT_OR_STRING) };
    case 'any':
      return { type: 'object' };
  }
  const def = loadIndex().overlay.names[type];
  return def ? { $ref: refTo(def) } : { type: 'object' };
}
