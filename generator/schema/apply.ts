/**
 * Applying schema markers to a node, in controller-gen's order: stable-sorted by priority
 * (Type, XIntOrString, listType and +default first; the OneOf family last), then the
 * `items:` variants on the array's items. Each marker checks the schema it lands on.
 */
import { byteCompare } from '../bytes.ts';
import { celSyntaxError } from '../cel.ts';
import type { ErrorSink } from '../errors.ts';
import type { MarkerInstance, MarkerValues } from '../markers/collect.ts';
import { ITEMS_PREFIX, VALIDATION_PREFIX } from '../markers/registry.ts';
import type { JSONSchemaProps, ValidationRule } from './types.ts';

/** Context a marker may need beyond the schema itself. */
export interface ApplyContext {
  sink: ErrorSink;
  /** String values for `+k8s:enum` (literal members of the type), when the node is a type. */
  enumValues?: () => string[] | undefined;
  /** True when applying to a field (some markers are type-only in effect). */
  onField: boolean;
}

const PRIORITY: Record<string, number> = {
  'kubebuilder:validation:Type': 9, 'kubebuilder:validation:XIntOrString': 9, listType: 9, 'k8s:listType': 9, default: 9,
  'kubebuilder:validation:AtMostOneOf': 11, 'kubebuilder:validation:ExactlyOneOf': 12, 'kubebuilder:validation:AtLeastOneOf': 13,
};

/** Markers that do not change a schema (required-ness, CRD-level, package-level, no-ops). */
const NON_SCHEMA = new Set([
  'required', 'optional', 'k8s:required', 'k8s:optional', 'kubebuilder:validation:Required', 'kubebuilder:validation:Optional',
  'kubebuilder:validation:Schemaless', 'kubebuilder:object:generate', 'kubebuilder:ac:generate', 'kubebuilder:object:root',
]);

const priorityOf = (name: string) => PRIORITY[name.replace(ITEMS_PREFIX, VALIDATION_PREFIX)] ?? 10;

/** Applies every schema marker in `markers` to `schema`. */
export function applySchemaMarkers(markers: MarkerValues, schema: JSONSchemaProps, ctx: ApplyContext): void {
  const relevant = markers.list.filter((m) => !NON_SCHEMA.has(m.name) && !m.name.startsWith('kubebuilder:subresource')
    && !['kubebuilder:printcolumn', 'kubebuilder:resource', 'kubebuilder:storageversion', 'kubebuilder:skipversion',
      'kubebuilder:unservedversion', 'kubebuilder:deprecatedversion', 'kubebuilder:metadata', 'kubebuilder:selectablefield'].includes(m.name));
  const byPriority = (a: MarkerInstance, b: MarkerInstance) => priorityOf(a.name) - priorityOf(b.name);
  const plain = relevant.filter((m) => !m.name.startsWith(ITEMS_PREFIX)).sort(byPriority);
  const items = relevant.filter((m) => m.name.startsWith(ITEMS_PREFIX)).sort(byPriority);
  for (const m of plain) applyOne(m, m.name, schema, ctx);
  for (const m of items) {
    if (schema.type !== 'array' || !schema.items || Array.isArray(schema.items)) {
      ctx.sink.report('schema', `must apply ${m.name} to an array value, found ${schema.type || 'a named type reference'}`, m.pos, m.text);
      continue;
    }
    applyOne(m, VALIDATION_PREFIX + m.name.slice(ITEMS_PREFIX.length), schema.items, ctx);
  }
}

function numeric(schema: JSONSchemaProps): boolean {
  return schema.type === 'integer' || schema.type === 'number';
}

function applyOne(m: MarkerInstance, name: string, schema: JSONSchemaProps, ctx: ApplyContext): void {
  const fail = (message: string, kind: 'schema' | 'cel' = 'schema') => ctx.sink.report(kind, message, m.pos, m.text);
  const found = schema.type ? schema.type : schema.$ref ? 'a named type reference (put the marker on the type)' : 'no type';
  const v = m.value;
  const short = name.startsWith(VALIDATION_PREFIX) ? name.slice(VALIDATION_PREFIX.length) : name;
  switch (short) {
    case 'Maximum': case 'Minimum': case 'MultipleOf': {
      const key = short === 'Maximum' ? 'maximum' : short === 'Minimum' ? 'minimum' : 'multipleOf';
      if (!numeric(schema)) return fail(`must apply ${short.toLowerCase()} to a numeric value, found ${found}`);
      if (schema.type === 'integer' && !Number.isInteger(v)) return fail(`cannot apply non-integral ${short.toLowerCase()} validation (${v}) to integer value`);
      schema[key] = v as number;
      return;
    }
    case 'ExclusiveMaximum': case 'ExclusiveMinimum':
      if (!numeric(schema)) return fail(`must apply ${short.toLowerCase()} to a numeric value, found ${found}`);
      schema[short === 'ExclusiveMaximum' ? 'exclusiveMaximum' : 'exclusiveMinimum'] = v as boolean;
      return;
    case 'MaxLength': case 'MinLength': case 'Pattern':
      if (schema.type !== 'string' && !schema['x-kubernetes-int-or-string']) return fail(`must apply ${short.toLowerCase()} to a string, found ${found}`);
      (schema as Record<string, unknown>)[short === 'MaxLength' ? 'maxLength' : short === 'MinLength' ? 'minLength' : 'pattern'] = v;
      return;
    case 'MaxItems': case 'MinItems': case 'UniqueItems':
      if (schema.type !== 'array') return fail(`must apply ${short.toLowerCase()} to an array, found ${found}`);
      (schema as Record<string, unknown>)[short === 'MaxItems' ? 'maxItems' : short === 'MinItems' ? 'minItems' : 'uniqueItems'] = v;
      return;
    case 'MaxProperties': case 'MinProperties':
      if (schema.type !== 'object') return fail(`must apply ${short.toLowerCase()} to an object, found ${found}`);
      schema[short === 'MaxProperties' ? 'maxProperties' : 'minProperties'] = v as number;
      return;
    case 'Enum': schema.enum = v as unknown[]; return;
    case 'Format': schema.format = v as string; return;
    case 'Type': schema.type = v as string; return;
    case 'XPreserveUnknownFields': case 'kubebuilder:pruning:PreserveUnknownFields':
      schema['x-kubernetes-preserve-unknown-fields'] = true; return;
    case 'XEmbeddedResource': case 'EmbeddedResource': schema['x-kubernetes-embedded-resource'] = true; return;
    case 'XIntOrString': schema['x-kubernetes-int-or-string'] = true; return;
    case 'XValidation': return applyXValidation(v as Record<string, unknown>, schema, fail);
    case 'nullable': schema.nullable = true; return;
    case 'kubebuilder:default': {
      const isEmptyObject = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
      schema.default = schema.type === 'array' && isEmptyObject ? [] : v;
      return;
    }
    case 'default': schema.default = v; return;
    case 'kubebuilder:example': schema.example = v; return;
    case 'kubebuilder:title':
      if (typeof v !== 'string') return fail('invalid title: expected a string value (quote numbers, e.g. "124")');
      schema.title = v;
      return;
    case 'kubebuilder:externalDocs': {
      const args = v as { url: string; description?: string };
      if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$|^\/\S*$/.test(args.url)) return fail(`invalid externalDocs url ${JSON.stringify(args.url)}: expected an absolute URL`);
      schema.externalDocs = { url: args.url, ...(args.description ? { description: args.description } : {}) };
      return;
    }
    case 'listType': case 'k8s:listType':
      if (schema.type !== 'array') return fail(`must apply listType to an array, found ${found}`);
      if (!['map', 'set', 'atomic'].includes(v as string)) return fail('ListType must be either "map", "set" or "atomic"');
      schema['x-kubernetes-list-type'] = v as string;
      return;
    case 'listMapKey': case 'k8s:listMapKey':
      if (schema.type !== 'array') return fail(`must apply listMapKey to an array, found ${found}`);
      if (schema['x-kubernetes-list-type'] !== 'map') return fail('must apply listMapKey to an associative-list (listType=map)');
      schema['x-kubernetes-list-map-keys'] = [...(schema['x-kubernetes-list-map-keys'] ?? []), v as string];
      return;
    case 'mapType':
      if (schema.type !== 'object') return fail(`must apply mapType to an object, found ${found}`);
      if (v !== 'granular' && v !== 'atomic') return fail('MapType must be either "granular" or "atomic"');
      schema['x-kubernetes-map-type'] = v;
      return;
    case 'structType':
      if (schema.type !== 'object' && schema.type) return fail(`must apply structType to an object; either explicitly set or defaulted through an empty schema type, found ${found}`);
      if (v !== 'granular' && v !== 'atomic') return fail('StructType must be either "granular" or "atomic"');
      schema['x-kubernetes-map-type'] = v;
      return;
    case 'k8s:immutable':
      addRule(schema, { rule: 'self == oldSelf', message: 'field is immutable' });
      return;
    case 'k8s:enum': {
      if (ctx.onField) return fail('k8s:enum must be set on a type, not a field');
      const values = ctx.enumValues?.();
      if (!values || values.length === 0) return fail('k8s:enum needs a type whose values are string literals (e.g. type Phase = \'A\' | \'B\')');
      schema.type = 'string';
      schema.enum = [...values].sort((a, b) => byteCompare(JSON.stringify(a), JSON.stringify(b)));
      return;
    }
    case 'AtMostOneOf': case 'ExactlyOneOf': case 'AtLeastOneOf':
      return applyOneOf(short, v as string[], schema, fail);
  }
}

function addRule(schema: JSONSchemaProps, rule: ValidationRule): void {
  schema['x-kubernetes-validations'] = [...(schema['x-kubernetes-validations'] ?? []), rule];
}

const REASONS = ['FieldValueRequired', 'FieldValueInvalid', 'FieldValueForbidden', 'FieldValueDuplicate'];

function applyXValidation(args: Record<string, unknown>, schema: JSONSchemaProps, fail: (m: string, kind?: 'cel') => void): void {
  if (args.reason !== undefined && !REASONS.includes(args.reason as string)) {
    return fail(`invalid reason ${JSON.stringify(args.reason)}: expected one of ${REASONS.join(', ')}`);
  }
  const ruleError = celSyntaxError(args.rule as string);
  if (ruleError) return fail(`invalid CEL rule ${JSON.stringify(args.rule)}: ${ruleError} (expected a CEL expression)`, 'cel');
  if (typeof args.messageExpression === 'string' && args.messageExpression !== '') {
    const exprError = celSyntaxError(args.messageExpression);
    if (exprError) return fail(`invalid CEL messageExpression ${JSON.stringify(args.messageExpression)}: ${exprError}`, 'cel');
  }
  const rule: ValidationRule = { rule: args.rule as string };
  for (const key of ['message', 'messageExpression', 'reason', 'fieldPath'] as const) {
    if (typeof args[key] === 'string' && args[key] !== '') rule[key] = args[key] as string;
  }
  if (args.optionalOldSelf !== undefined) rule.optionalOldSelf = args.optionalOldSelf as boolean;
  addRule(schema, rule);
}

/** The CEL rule and message of one OneOf-family marker. */
export function oneOfRule(kind: string, fields: string[]): ValidationRule {
  const list = `[${fields.join(' ')}]`;
  if (kind === 'AtLeastOneOf') {
    return { rule: fields.map((f) => `has(self.${f})`).join('||'), message: `at least one of the fields in ${list} must be set` };
  }
  const sum = fields.map((f) => `(has(self.${f})?1:0)`).join('+');
  return kind === 'AtMostOneOf'
    ? { rule: `${sum} <= 1`, message: `at most one of the fields in ${list} may be set` }
    : { rule: `${sum} == 1`, message: `exactly one of the fields in ${list} must be set` };
}

function applyOneOf(kind: string, fields: string[], schema: JSONSchemaProps, fail: (m: string) => void): void {
  const nested = fields.find((f) => f.includes('.'));
  if (nested) return fail(`cannot reference nested fields: ${nested}`);
  addRule(schema, oneOfRule(kind, fields));
}
