/**
 * Flattening as controller-gen does it: every `$ref` is replaced by the referenced type's schema
 * merged with the field-level schema through `allOf: [type, field]`, then every `allOf` (those
 * and the ones of inline embeds) is collapsed. Conflicting values that cannot be merged are
 * hoisted into a remaining `allOf` pair, exactly where controller-gen leaves them.
 */
import { byteSortedUnique } from '../bytes.ts';
import type { ErrorSink } from '../errors.ts';
import { cloneSchema } from './types.ts';
import type { JSONSchemaProps } from './types.ts';

/** Keys whose values compare by value (Go comparable non-pointer fields). */
const BY_VALUE = new Set(['id', '$schema', 'format', 'pattern', 'exclusiveMaximum', 'exclusiveMinimum', 'uniqueItems',
  'nullable', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']);
/** Boolean keys where `false` is the zero value (absent). */
const ZERO_FALSE = new Set(['exclusiveMaximum', 'exclusiveMinimum', 'uniqueItems', 'nullable', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']);
/** Documentation keys: the field's own value wins; they never merge. */
const DOC_KEYS = ['description', 'title', 'externalDocs', 'example'] as const;

function isZero(key: string, value: unknown): boolean {
  if (value === undefined || value === '') return true;
  return ZERO_FALSE.has(key) && value === false;
}

/** Merges `src` into `dst` (controller-gen's flattenAllOfInto). */
export function flattenAllOfInto(dst: JSONSchemaProps, src: JSONSchemaProps, sink: ErrorSink): void {
  for (const embedded of src.allOf ?? []) flattenAllOfInto(dst, embedded, sink);
  const d = dst as Record<string, unknown>;
  const dstRem: Record<string, unknown> = {};
  const srcRem: Record<string, unknown> = {};
  let hoisted = false;
  for (const [key, srcVal] of Object.entries(src)) {
    if (key === 'allOf' || (DOC_KEYS as readonly string[]).includes(key)) continue;
    if (key === 'enum') {
      if (Array.isArray(srcVal) && srcVal.length > 0 && !(dst.enum && dst.enum.length > 0)) dst.enum = [...srcVal];
      continue;
    }
    if (isZero(key, srcVal)) continue;
    const dstVal = d[key];
    if (isZero(key, dstVal)) {
      d[key] = srcVal;
      continue;
    }
    if ((BY_VALUE.has(key) || key === 'type') && dstVal === srcVal) continue;
    switch (key) {
      case 'properties': {
        const dstProps = dstVal as Record<string, JSONSchemaProps>;
        for (const [name, prop] of Object.entries(srcVal as Record<string, JSONSchemaProps>)) {
          if (!(name in dstProps)) dstProps[name] = prop;
          else flattenAllOfInto(dstProps[name]!, prop, sink);
        }
        continue;
      }
      case 'required':
        dst.required = [...(dstVal as string[]), ...(srcVal as string[])];
        continue;
      case 'minProperties': case 'maxProperties':
        if (dstVal === srcVal) continue;
        break;
      case 'type':
        sink.report('schema', `conflicting types in allOf branches in schema: ${dstVal} vs ${srcVal}`);
        continue;
      case 'additionalProperties': {
        if (typeof srcVal !== 'object') continue;
        if (typeof dstVal !== 'object') (dst as Record<string, unknown>).additionalProperties = {};
        flattenAllOfInto(dst.additionalProperties as JSONSchemaProps, srcVal as JSONSchemaProps, sink);
        continue;
      }
      case 'x-kubernetes-preserve-unknown-fields': case 'x-kubernetes-map-type':
        d[key] = srcVal;
        continue;
      case 'x-kubernetes-validations':
        d[key] = [...(srcVal as unknown[]), ...(dstVal as unknown[])];
        continue;
    }
    srcRem[key] = srcVal;
    dstRem[key] = dstVal;
    delete d[key];
    hoisted = true;
  }
  if (hoisted) dst.allOf = [...(dst.allOf ?? []), dstRem as JSONSchemaProps, srcRem as JSONSchemaProps];
  if (dst.required && dst.required.length > 0) dst.required = byteSortedUnique(dst.required);
}

function children(schema: JSONSchemaProps): JSONSchemaProps[] {
  const out: JSONSchemaProps[] = [];
  if (schema.items) out.push(...[schema.items].flat());
  out.push(...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? []));
  if (schema.not) out.push(schema.not);
  out.push(...Object.values(schema.properties ?? {}));
  if (typeof schema.additionalProperties === 'object') out.push(schema.additionalProperties);
  return out;
}

/** Collapses every `allOf`, top-down (controller-gen's FlattenEmbedded). */
export function collapseAllOf(schema: JSONSchemaProps, sink: ErrorSink): void {
  const original = schema.allOf;
  if (original) {
    delete schema.allOf;
    for (const embedded of original) flattenAllOfInto(schema, embedded, sink);
  }
  for (const child of children(schema)) collapseAllOf(child, sink);
}

/** Resolves `$ref`s against per-type schemas, caching each resolved type. */
export class RefResolver {
  private readonly cache = new Map<string, JSONSchemaProps>();
  private readonly lookup: (key: string) => JSONSchemaProps | undefined;

  constructor(lookup: (key: string) => JSONSchemaProps | undefined) {
    this.lookup = lookup;
  }

  /** The type's schema with every nested reference resolved (allOf not yet collapsed). */
  resolveType(key: string): JSONSchemaProps {
    const cached = this.cache.get(key);
    if (cached) return cloneSchema(cached);
    // A type that refers to itself sees an empty schema at the point of recursion.
    this.cache.set(key, {});
    const base = this.lookup(key);
    const resolved = base ? this.resolveNode(cloneSchema(base)) : {};
    this.cache.set(key, resolved);
    return cloneSchema(resolved);
  }

  private resolveNode(schema: JSONSchemaProps): JSONSchemaProps {
    if (schema.$ref) {
      const field = { ...schema };
      delete field.$ref;
      const typeSchema = this.resolveType(schema.$ref);
      const result: JSONSchemaProps = { allOf: [typeSchema, withoutDocs(field)] };
      const out = result as Record<string, unknown>;
      for (const key of DOC_KEYS) {
        const v = field[key] !== undefined && field[key] !== '' ? field[key] : typeSchema[key];
        if (v !== undefined && v !== '') out[key] = v;
      }
      return result;
    }
    if (schema.items) schema.items = Array.isArray(schema.items) ? schema.items.map((s) => this.resolveNode(s)) : this.resolveNode(schema.items);
    for (const list of ['allOf', 'oneOf', 'anyOf'] as const) {
      if (schema[list]) schema[list] = schema[list]!.map((s) => this.resolveNode(s));
    }
    if (schema.not) schema.not = this.resolveNode(schema.not);
    if (schema.properties) {
      for (const [name, prop] of Object.entries(schema.properties)) schema.properties[name] = this.resolveNode(prop);
    }
    if (typeof schema.additionalProperties === 'object') schema.additionalProperties = this.resolveNode(schema.additionalProperties);
    return schema;
  }

  /** The fully flattened schema of a type (references resolved, allOf collapsed). */
  flatten(key: string, sink: ErrorSink): JSONSchemaProps {
    const schema = this.resolveType(key);
    collapseAllOf(schema, sink);
    return schema;
  }
}

function withoutDocs(schema: JSONSchemaProps): JSONSchemaProps {
  const out = { ...schema };
  for (const key of DOC_KEYS) delete out[key];
  return out;
}
