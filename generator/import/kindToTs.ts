/**
 * One version of a CRD → the kind interface of that version's package: the root schema becomes
 * the interface, and the CRD-level settings (names, scope, subresources, printer columns, storage,
 * deprecation, metadata) become the kind's `+kubebuilder:` markers.
 */
import { defaultPlural } from '../crd/plural.ts';
import { docLinesFor, renderJsDoc } from './descriptions.ts';
import { goQuote, markerString, markerStringList } from './markerValues.ts';
import { markersForKey, type Schema } from './schemaMarkers.ts';
import { convertField, type ConvertContext } from './schemaToTs.ts';
import { propertyKey } from './typeRegistry.ts';

/** The apimachinery TypeMeta docs that the generator gives `apiVersion` and `kind` by default. */
export const TYPE_META_DOCS: Record<string, string> = {
  apiVersion:
    'APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
};

/** The parts of a CRD object the importer reads. */
export interface CrdObject {
  metadata: { name?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; plural: string; singular?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    scope: string;
    versions: CrdVersion[];
    conversion?: unknown;
    preserveUnknownFields?: boolean;
  };
}

/** One entry of `spec.versions`. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; jsonPath: string; description?: string; format?: string; priority?: number }[];
  selectableFields?: { jsonPath: string }[];
}

/** The annotation controller-gen sets itself; never turned into a marker. */
export const VERSION_ANNOTATION = 'controller-gen.kubebuilder.io/version';

/** Declares the kind interface of `version` in ctx's registry; returns its name. */
export function convertKind(ctx: ConvertContext, crd: CrdObject, version: CrdVersion, isFirstVersion: boolean): string {
  const kind = crd.spec.names.kind;
  const root: Schema = { ...(version.schema?.openAPIV3Schema ?? {}) };
  const path = `${kind}(${version.name})`;
  if (!version.schema?.openAPIV3Schema) ctx.issues.push(`${path}: version has no schema`);
  const doc = rootDoc(ctx, root, path);
  const markers = [...crdMarkers(ctx, crd, version, isFirstVersion, path)];
  const props = (root.properties ?? {}) as Record<string, Schema>;
  const required = new Set((root.required as string[] | undefined) ?? []);
  for (const k of ['description', 'properties', 'required']) delete root[k];
  if (root.type !== 'object') ctx.issues.push(`${path}: root schema is not type: object`);
  delete root.type;
  for (const [k, v] of Object.entries(root)) {
    try {
      markers.push(...markersForKey(k, v, root));
    } catch (err) {
      ctx.issues.push(`${path}: ${(err as Error).message}`);
    }
  }
  const fields: string[] = [];
  const refs: string[] = [];
  for (const name of ['apiVersion', 'kind']) {
    const schema = props[name];
    if (!schema) ctx.issues.push(`${path}: no "${name}" property`);
    const rest = { ...(schema ?? {}) };
    delete rest.type;
    if (schema && !rest.description) ctx.issues.push(`${path}.${name}: no description (the generator always documents TypeMeta fields)`);
    const fieldDoc = rest.description === TYPE_META_DOCS[name] ? [] : docOf(ctx, String(rest.description ?? ''), `${path}.${name}`);
    delete rest.description;
    if (Object.keys(rest).length || (schema && schema.type !== 'string') || required.has(name)) ctx.issues.push(`${path}.${name}: not the plain TypeMeta schema`);
    fields.push(`${renderJsDoc(fieldDoc, [], '  ')}  ${name}: string;\n`);
  }
  const meta = props.metadata;
  if (!meta || JSON.stringify(meta) !== '{"type":"object"}' || required.has('metadata')) ctx.issues.push(`${path}.metadata: not the plain ObjectMeta schema`);
  ctx.scalars.add('ObjectMeta');
  fields.push('  metadata?: ObjectMeta;\n');
  for (const [name, schema] of Object.entries(props)) {
    if (name === 'apiVersion' || name === 'kind' || name === 'metadata') continue;
    const f = convertField(ctx, schema, `${path}.${name}`, name, kind, true);
    refs.push(...f.refs);
    fields.push(`${renderJsDoc(f.doc, f.markers, '  ')}  ${propertyKey(name)}${required.has(name) ? '' : '?'}: ${f.type};\n`);
  }
  ctx.registry.declareFixed(kind, `${renderJsDoc(doc, markers, '')}export interface ${kind} {\n${fields.join('')}}\n`, refs);
  return kind;
}

function rootDoc(ctx: ConvertContext, root: Schema, path: string): string[] {
  return typeof root.description === 'string' ? docOf(ctx, root.description, path) : [];
}

function docOf(ctx: ConvertContext, description: string, path: string): string[] {
  if (!description) return [];
  const doc = docLinesFor(description);
  if ('problem' in doc) {
    ctx.issues.push(`${path}: ${doc.problem}`);
    return description.split('\n');
  }
  return doc.lines;
}

function crdMarkers(ctx: ConvertContext, crd: CrdObject, version: CrdVersion, isFirstVersion: boolean, path: string): string[] {
  const { names, scope, versions } = crd.spec;
  const out: string[] = [];
  const resource: string[] = [];
  if (names.plural !== defaultPlural(names.kind)) resource.push(`path=${markerString(names.plural)}`);
  if (names.singular !== undefined && names.singular !== names.kind.toLowerCase()) resource.push(`singular=${markerString(names.singular)}`);
  if (scope === 'Cluster') resource.push('scope=Cluster');
  else if (scope !== 'Namespaced') ctx.issues.push(`${path}: scope ${JSON.stringify(scope)}`);
  if (names.shortNames?.length) resource.push(`shortName=${markerStringList(names.shortNames)}`);
  if (names.categories?.length) resource.push(`categories=${markerStringList(names.categories)}`);
  if (resource.length) out.push(`+kubebuilder:resource:${resource.join(',')}`);
  if (names.listKind !== undefined && names.listKind !== names.kind + 'List') ctx.issues.push(`${path}: listKind ${names.listKind} is not ${names.kind}List`);
  if (versions.length > 1 && version.storage) out.push('+kubebuilder:storageversion');
  if (versions.length === 1 && !version.storage) ctx.issues.push(`${path}: a single version is always the storage version`);
  if (!version.served) out.push('+kubebuilder:unservedversion');
  if (version.deprecated) {
    out.push(version.deprecationWarning !== undefined ? `+kubebuilder:deprecatedversion:warning=${goQuote(version.deprecationWarning)}` : '+kubebuilder:deprecatedversion');
  } else if (version.deprecationWarning !== undefined) {
    ctx.issues.push(`${path}: deprecationWarning without deprecated`);
  }
  const sub = version.subresources;
  if (sub?.status) out.push('+kubebuilder:subresource:status');
  if (sub?.scale) {
    const args = [`specpath=${markerString(sub.scale.specReplicasPath)}`, `statuspath=${markerString(sub.scale.statusReplicasPath)}`];
    if (sub.scale.labelSelectorPath) args.push(`selectorpath=${markerString(sub.scale.labelSelectorPath)}`);
    out.push(`+kubebuilder:subresource:scale:${args.join(',')}`);
  }
  const columns = version.additionalPrinterColumns ?? [];
  if (sub && !sub.status && !sub.scale && columns.length === 0) ctx.issues.push(`${path}: empty subresources without printer columns`);
  if (!sub && columns.length > 0) ctx.issues.push(`${path}: printer columns without subresources (controller-gen always adds subresources: {})`);
  for (const c of columns) {
    const args = [`name=${goQuote(c.name)}`, `type=${markerString(c.type)}`, `JSONPath=${goQuote(c.jsonPath)}`];
    if (c.description !== undefined) args.push(`description=${goQuote(c.description)}`);
    if (c.format !== undefined) args.push(`format=${markerString(c.format)}`);
    if (c.priority !== undefined) args.push(`priority=${c.priority}`);
    out.push(`+kubebuilder:printcolumn:${args.join(',')}`);
  }
  for (const f of version.selectableFields ?? []) out.push(`+kubebuilder:selectablefield:JSONPath=${goQuote(f.jsonPath)}`);
  if (isFirstVersion) {
    const pairs = (m: Record<string, string> | undefined, skip: string[]): string[] => Object.entries(m ?? {}).filter(([k]) => !skip.includes(k)).map(([k, v]) => goQuote(`${k}=${v}`));
    const annotations = pairs(crd.metadata.annotations, [VERSION_ANNOTATION]);
    const labels = pairs(crd.metadata.labels, []);
    if (annotations.length) out.push(`+kubebuilder:metadata:annotations={${annotations.join(',')}}`);
    if (labels.length) out.push(`+kubebuilder:metadata:labels={${labels.join(',')}}`);
  }
  if (crd.spec.conversion !== undefined) ctx.issues.push(`${path}: spec.conversion has no marker`);
  if (crd.spec.preserveUnknownFields !== undefined) ctx.issues.push(`${path}: spec.preserveUnknownFields has no marker (generator option)`);
  return out;
}
