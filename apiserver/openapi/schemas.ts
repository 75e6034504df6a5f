/**
 * components.schemas of an OpenAPI v3 group-version document: CRD kinds from their
 * openAPIV3Schema (with apiVersion, kind and metadata → ObjectMeta added, as apiextensions
 * publishes them) and built-in kinds from the shared built-in catalogue, each with the
 * definitions they reference. `$ref`s point at `#/components/schemas/...`; a `$ref` with
 * sibling keys is wrapped in `allOf`, as kube-openapi does for v3.
 */
import { builtinDefinition } from '../../runtime/core/builtins/index.ts';

/** The definition name apiextensions gives a CRD kind: reversed group, version, kind. */
export function crdDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** The definition every object's metadata refers to. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** The definition every list's metadata refers to. */
export const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** The definitions every document carries because operations reference them. */
export const commonDefinitions = [OBJECT_META, LIST_META, 'io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch'];

const fallbackDefinitions: Record<string, Record<string, unknown>> = {
  [OBJECT_META]: {
    description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Name must be unique within a namespace.' },
      namespace: { type: 'string', description: 'Namespace defines the space within which each name must be unique.' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      annotations: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      uid: { type: 'string' }, resourceVersion: { type: 'string' }, generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' }, finalizers: { type: 'array', items: { type: 'string', default: '' } },
    },
  },
  [LIST_META]: { type: 'object', properties: { resourceVersion: { type: 'string' }, continue: { type: 'string' }, remainingItemCount: { type: 'integer', format: 'int64' } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status': { type: 'object', properties: { kind: { type: 'string' }, apiVersion: { type: 'string' }, message: { type: 'string' }, reason: { type: 'string' }, code: { type: 'integer', format: 'int32' } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': { type: 'object', properties: { propagationPolicy: { type: 'string' }, dryRun: { type: 'array', items: { type: 'string' } } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
};

/** A definition from the built-in catalogue, or the minimal form of one operations reference. */
export function knownDefinition(name: string): Record<string, unknown> | undefined {
  return (builtinDefinition(name) as Record<string, unknown> | undefined) ?? fallbackDefinitions[name];
}

/** Rewrites `$ref`s to components form and wraps refs that carry siblings in allOf. */
export function toV3(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => toV3(n, refs));
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref') continue;
    out[k] = k === 'properties' || k === 'patternProperties'
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [pk, toV3(pv, refs)]))
      : (k === 'default' || k === 'example' || k === 'enum' || k.startsWith('x-kubernetes-')) ? v : toV3(v, refs);
  }
  if (typeof src.$ref === 'string') {
    const name = src.$ref.replace(/^#\/(definitions|components\/schemas)\//, '');
    refs.add(name);
    const ref = { $ref: `#/components/schemas/${name}` };
    return Object.keys(out).length ? { allOf: [ref], ...out } : ref;
  }
  return out;
}

/**
 * Adds the named definitions and, transitively, everything they reference, as `resolve` renders
 * each one (undefined leaves a name out). Shared by the v3 and v2 documents.
 */
export function addClosure(target: Record<string, unknown>, names: Iterable<string>, resolve: (name: string) => { def: unknown; refs: Iterable<string> } | undefined): void {
  const queue = [...names];
  while (queue.length) {
    const name = queue.shift()!;
    if (target[name]) continue;
    const hit = resolve(name);
    if (!hit) continue;
    target[name] = hit.def;
    queue.push(...hit.refs);
  }
}

/** Adds a definition and, transitively, everything it references. */
export function addDefinitionClosure(schemas: Record<string, unknown>, names: Iterable<string>): void {
  addClosure(schemas, names, (name) => {
    const def = knownDefinition(name);
    if (!def) return undefined;
    const refs = new Set<string>();
    return { def: toV3(def, refs), refs };
  });
}

/** apiVersion and kind as apiextensions publishes them on every CRD kind. */
export const typeMetaProperties = {
  apiVersion: {
    description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    type: 'string',
  },
  kind: {
    description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    type: 'string',
  },
};

/** The published schema of a CRD kind. */
export function crdKindSchema(schema: unknown, gvk: { group: string; version: string; kind: string }): Record<string, unknown> {
  const refs = new Set<string>();
  const base = (toV3(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, refs) ?? {}) as Record<string, unknown>;
  const properties = { ...((base.properties as Record<string, unknown>) ?? {}) };
  properties.apiVersion = typeMetaProperties.apiVersion;
  properties.kind = typeMetaProperties.kind;
  properties.metadata = {
    description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
  };
  return { ...base, type: 'object', properties, 'x-kubernetes-group-version-kind': [gvk] };
}

/** The published schema of a kind's list. */
export function listSchema(itemDefinition: string, gvk: { group: string; version: string; kind: string }): Record<string, unknown> {
  return {
    description: `${gvk.kind} is a list of ${gvk.kind.replace(/List$/, '')}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      items: { type: 'array', description: `List of ${gvk.kind.replace(/List$/, '').toLowerCase()}s.`, items: { $ref: `#/components/schemas/${itemDefinition}` } },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { allOf: [{ $ref: `#/components/schemas/${LIST_META}` }], default: {}, description: 'Standard list metadata.' },
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}
