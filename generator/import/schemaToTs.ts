/**
 * One schema node → a TypeScript type plus the markers that rebuild it. Where a node sits decides
 * where its keywords can live: a field's own JSDoc holds its description and field markers; the
 * items of an array and the values of a map take description and markers from their *type's*
 * JSDoc (as in Go), so such nodes get a named interface or alias when they carry either.
 */
import { docLinesFor, renderJsDoc } from './descriptions.ts';
import { UnrepresentableValue } from './markerValues.ts';
import { FIELD_ONLY_KEYS, ITEMS_MARKER_KEYS, markersForKey, type Schema } from './schemaMarkers.ts';
import { pascal, propertyKey, type TypeRegistry } from './typeRegistry.ts';

/** The anyOf + pattern that resource.Quantity produces. */
export const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** Shared state while converting one package. */
export interface ConvertContext {
  registry: TypeRegistry;
  /** Dialect scalar names used (imported from the types module). */
  scalars: Set<string>;
  /** Why parts of the input cannot be reproduced, as `path: reason`. */
  issues: string[];
}

/** A converted field: type expression, JSDoc description lines, field markers, referenced names. */
export interface FieldResult {
  type: string;
  doc: string[];
  markers: string[];
  refs: string[];
}

interface Shape {
  type: string;
  refs: string[];
  rest: Schema;
  mapLike: boolean;
  itemMarkers: string[];
  /** The node's description went onto a declared interface. */
  docApplied: boolean;
}

const TYPE_LEVEL_OBJECT_KEYS = ['x-kubernetes-validations', 'maxProperties', 'minProperties', 'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource'];

/**
 * Converts the schema of property `name` (at `path`) of a type named `parentHint`. Nested types
 * take the short property name when free; `qualified` (the kind's own fields) prefers
 * `<Parent><Name>`, as in `CronJobSpec`.
 */
export function convertField(ctx: ConvertContext, schema: Schema, path: string, name: string, parentHint: string, qualified = false): FieldResult {
  const s: Schema = { ...schema };
  const doc = takeDoc(ctx, s, path);
  const hints = qualified ? [parentHint + pascal(name)] : [pascal(name), parentHint + pascal(name)];
  const markers: string[] = [];
  for (const key of ['title', 'externalDocs', ...FIELD_ONLY_KEYS]) {
    if (key in s) {
      markers.push(...safeMarkers(ctx, path, key, s[key], schema));
      delete s[key];
    }
  }
  if (Array.isArray(s.allOf)) return { ...convertAllOf(ctx, s, path, hints), doc, markers: [...markers, ...convertAllOfField(ctx, s, path)] };
  const shape = shapeOf(ctx, s, path, hints, 'field', []);
  markers.push(...shape.itemMarkers, ...restMarkers(ctx, shape, path, schema));
  if (shape.type === 'unknown') markers.unshift('+kubebuilder:validation:Schemaless');
  return { type: shape.type, doc, markers, refs: shape.refs };
}

/** Converts array items or map values: anything beyond the bare type needs a named declaration. */
function elementType(ctx: ConvertContext, schema: Schema, path: string, hints: string[]): { type: string; refs: string[] } {
  const s: Schema = { ...schema };
  const doc = takeDoc(ctx, s, path);
  for (const key of FIELD_ONLY_KEYS) {
    if (key in s) {
      ctx.issues.push(`${path}: "${key}" on array items or map values has no marker (controller-gen sets it only on fields)`);
      delete s[key];
    }
  }
  const shape = shapeOf(ctx, s, path, hints, 'element', doc);
  const markers = restMarkers(ctx, shape, path, schema);
  const aliasDoc = shape.docApplied ? [] : doc;
  if (aliasDoc.length === 0 && markers.length === 0) return { type: shape.type, refs: shape.refs };
  const name = ctx.registry.declare(hints, (n) => `${renderJsDoc(aliasDoc, markers, '')}export type ${n} = ${shape.type};\n`, shape.refs);
  return { type: name, refs: [name] };
}

function shapeOf(ctx: ConvertContext, s: Schema, path: string, hints: string[], position: 'field' | 'element', doc: string[]): Shape {
  const take = (...keys: string[]): void => keys.forEach((k) => delete s[k]);
  const done = (type: string, refs: string[] = [], extra: Partial<Shape> = {}): Shape => ({ type, refs, rest: s, mapLike: false, itemMarkers: [], docApplied: false, ...extra });
  const intOrString = Array.isArray(s.anyOf) && JSON.stringify(s.anyOf) === '[{"type":"integer"},{"type":"string"}]' && s['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    const quantity = s.pattern === QUANTITY_PATTERN;
    take('anyOf', ...(quantity ? ['pattern'] : []));
    // String validations on an int-or-string need the explicit marker first, as in Go sources.
    if (!['maxLength', 'minLength', 'pattern'].some((k) => k in s)) take('x-kubernetes-int-or-string');
    return done(scalar(ctx, quantity ? 'Quantity' : 'IntOrString'));
  }
  for (const k of ['anyOf', 'oneOf', 'not', 'allOf', 'patternProperties', 'dependencies', 'additionalItems', 'definitions', '$ref']) {
    if (k in s) ctx.issues.push(`${path}: "${k}" has no marker`);
    delete s[k];
  }
  const stringValidation = ['maxLength', 'minLength', 'pattern', 'enum'].some((k) => k in s);
  switch (s.type) {
    case 'string': {
      const values = s.enum;
      if (Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string')) {
        take('type', 'enum');
        return done(values.map((v) => `'${String(v).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`).join(' | '));
      }
      if (s.format === 'date-time' && !stringValidation) return take('type', 'format'), done(scalar(ctx, 'Time'));
      if (s.format === 'byte' && !stringValidation) return take('type', 'format'), done(scalar(ctx, 'Bytes'));
      take('type');
      return done('string');
    }
    case 'integer': {
      const byFormat: Record<string, string> = { int32: 'int32', int64: 'int64' };
      const name = typeof s.format === 'string' && byFormat[s.format] ? byFormat[s.format]! : 'int';
      take('type', ...(name === 'int' ? [] : ['format']));
      return done(scalar(ctx, name));
    }
    case 'number':
      take('type');
      return done(scalar(ctx, 'float64'));
    case 'boolean':
      take('type');
      return done('boolean');
    case 'array':
      return arrayShape(ctx, s, path, hints, position, done);
    case 'object':
      return objectShape(ctx, s, path, hints, doc, done);
    case undefined:
      if (s['x-kubernetes-preserve-unknown-fields'] === true) return take('x-kubernetes-preserve-unknown-fields'), done(scalar(ctx, 'JSONValue'));
      if (position === 'element') ctx.issues.push(`${path}: a schema without a type is only expressible on a field`);
      return done('unknown');
    default:
      ctx.issues.push(`${path}: unknown type ${JSON.stringify(s.type)}`);
      return done('unknown');
  }
}

function arrayShape(ctx: ConvertContext, s: Schema, path: string, hints: string[], position: 'field' | 'element', done: (type: string, refs?: string[], extra?: Partial<Shape>) => Shape): Shape {
  const items = s.items as Schema | undefined;
  delete s.type;
  delete s.items;
  if (!items || typeof items !== 'object' || Array.isArray(items)) {
    ctx.issues.push(`${path}: array without a single items schema`);
    return done('unknown[]');
  }
  const itemHints = hints.map((h) => h + 'Item');
  // Plain validations on scalar items read best as `items:` markers on the field itself.
  if (position === 'field' && !items.description && Object.keys(items).every((k) => ITEMS_MARKER_KEYS.has(k))) {
    const inner: Schema = { ...items };
    const shape = shapeOf(ctx, inner, path + '[]', itemHints, 'element', []);
    if (shape.refs.length === 0 && !shape.type.startsWith('Record<') && Object.keys(shape.rest).every((k) => ITEMS_MARKER_KEYS.has(k) && k !== 'type')) {
      const itemMarkers = Object.entries(shape.rest).flatMap(([k, v]) => safeMarkers(ctx, path + '[]', k, v, items, { itemsPrefix: true }));
      return done(`${wrapUnion(shape.type)}[]`, [], { itemMarkers });
    }
  }
  const el = elementType(ctx, items, path + '[]', itemHints);
  return done(`${wrapUnion(el.type)}[]`, el.refs);
}

function objectShape(ctx: ConvertContext, s: Schema, path: string, hints: string[], doc: string[], done: (type: string, refs?: string[], extra?: Partial<Shape>) => Shape): Shape {
  const props = s.properties as Record<string, Schema> | undefined;
  const additional = s.additionalProperties;
  delete s.type;
  if (additional !== undefined && (!props || Object.keys(props).length === 0)) {
    delete s.additionalProperties;
    delete s.properties;
    if (additional === true || typeof additional !== 'object') {
      ctx.issues.push(`${path}: additionalProperties: ${JSON.stringify(additional)} has no dialect type`);
      return done('Record<string, unknown>', [], { mapLike: true });
    }
    const value = elementType(ctx, additional as Schema, path + '{}', hints.map((h) => h + 'Value'));
    return done(`Record<string, ${value.type}>`, value.refs, { mapLike: true });
  }
  if (additional !== undefined) ctx.issues.push(`${path}: both properties and additionalProperties`);
  delete s.additionalProperties;
  if (!props && s['x-kubernetes-preserve-unknown-fields'] === true && !s['x-kubernetes-validations']) {
    delete s['x-kubernetes-preserve-unknown-fields'];
    return done(scalar(ctx, 'RawExtension'));
  }
  const markers: string[] = [];
  for (const key of TYPE_LEVEL_OBJECT_KEYS) {
    if (key in s) markers.push(...safeMarkers(ctx, path, key, s[key], s));
    delete s[key];
  }
  const required = new Set((s.required as string[] | undefined) ?? []);
  delete s.required;
  delete s.properties;
  const fields: string[] = [];
  const refs: string[] = [];
  const ownHint = hints[0]!;
  for (const [name, child] of Object.entries(props ?? {})) {
    const f = convertField(ctx, child, `${path}.${name}`, name, ownHint);
    refs.push(...f.refs);
    fields.push(`${renderJsDoc(f.doc, f.markers, '  ')}  ${propertyKey(name)}${required.has(name) ? '' : '?'}: ${f.type};\n`);
    required.delete(name);
  }
  for (const name of required) ctx.issues.push(`${path}: required property "${name}" is not declared`);
  const body = fields.length ? `{\n${fields.join('')}}` : '{}';
  // A single hint marks a kind's own field (CronJobSpec), which keeps its own declaration.
  const name = ctx.registry.declare(hints, (n) => `${renderJsDoc(doc, markers, '')}export interface ${n} ${body}\n`, refs, hints.length > 1);
  return done(name, [name], { docApplied: true });
}

/** controller-gen's "hoisted" conflicts: `allOf: [type's keywords, field's keywords]` over a scalar. */
function convertAllOf(ctx: ConvertContext, s: Schema, path: string, hints: string[]): { type: string; refs: string[] } {
  const [typePart] = s.allOf as Schema[];
  const base: Schema = { type: s.type, ...(s.format !== undefined ? { format: s.format } : {}) };
  const shape = shapeOf(ctx, base, path, hints, 'element', []);
  const markers = [...restMarkers(ctx, shape, path, s), ...Object.entries(typePart ?? {}).flatMap(([k, v]) => safeMarkers(ctx, path, k, v, s))];
  const name = ctx.registry.declare(hints, (n) => `${renderJsDoc([], markers, '')}export type ${n} = ${shape.type};\n`, shape.refs);
  return { type: name, refs: [name] };
}

function convertAllOfField(ctx: ConvertContext, s: Schema, path: string): string[] {
  const parts = s.allOf as Schema[];
  if (parts.length !== 2 || !['string', 'integer', 'number'].includes(String(s.type))) ctx.issues.push(`${path}: allOf other than a scalar type/field conflict`);
  // Current flattening keeps the type's enum instead of hoisting both (older releases hoisted them).
  if (parts.some((p) => 'enum' in p)) ctx.issues.push(`${path}: allOf of two enums comes from an older controller-gen; current releases keep only the type's enum`);
  const rest = Object.entries(s).filter(([k]) => !['allOf', 'type', 'format'].includes(k));
  return [...(parts[1] ? Object.entries(parts[1]) : []), ...rest].flatMap(([k, v]) => safeMarkers(ctx, path, k, v, s));
}

function restMarkers(ctx: ConvertContext, shape: Shape, path: string, node: Schema): string[] {
  return Object.entries(shape.rest).flatMap(([k, v]) => safeMarkers(ctx, path, k, v, node, { mapLike: shape.mapLike }));
}

function safeMarkers(ctx: ConvertContext, path: string, key: string, value: unknown, node: Schema, opts: { mapLike?: boolean; itemsPrefix?: boolean } = {}): string[] {
  try {
    return markersForKey(key, value, node, opts);
  } catch (err) {
    if (err instanceof UnrepresentableValue) {
      ctx.issues.push(`${path}: ${key}: ${err.message}`);
      return [];
    }
    throw err;
  }
}

function takeDoc(ctx: ConvertContext, s: Schema, path: string): string[] {
  const description = s.description;
  delete s.description;
  if (typeof description !== 'string' || description === '') return [];
  const doc = docLinesFor(description);
  if ('problem' in doc) {
    ctx.issues.push(`${path}: ${doc.problem}`);
    return description.split('\n');
  }
  return doc.lines;
}

function scalar(ctx: ConvertContext, name: string): string {
  ctx.scalars.add(name);
  return name;
}

function wrapUnion(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}
