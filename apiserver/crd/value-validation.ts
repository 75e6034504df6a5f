/**
 * OpenAPI value validation of custom resources with ajv, reported as the apiserver reports
 * kube-openapi results (`kubeOpenAPIResultToFieldErrors`): the CRD schema is translated once into
 * an ajv schema (nullable, int-or-string, boolean exclusive bounds, Kubernetes formats, RE2
 * patterns), compiled once and cached; ajv errors are mapped to field errors with the same
 * types, paths and messages, e.g.
 * `spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  invalidError, notSupportedError, requiredError, tooLongError, tooManyError, typeInvalidError, type FieldError,
} from '../validation/field-errors.ts';
import { checkedStringFormat, satisfiesFormat, stringFormatNames } from './formats.ts';
import { compilePattern } from './regex.ts';
import { additionalOf, itemsOf, jsonEqual, type JSONSchemaProps } from './schema.ts';

const FORMAT_PREFIX = 'k8s-';
const ORIGINAL_FORMAT = 'x-tsop-format';

function re2Engine(pattern: string): RegExp {
  const re = compilePattern(pattern);
  if (typeof re === 'string') throw new Error(re);
  return re;
}
re2Engine.code = 'RegExp';

let sharedAjv: Ajv | undefined;

function ajv(): Ajv {
  if (sharedAjv) return sharedAjv;
  const a = new Ajv({ allErrors: true, strict: false, verbose: true, code: { regExp: re2Engine } });
  for (const name of stringFormatNames()) {
    a.addFormat(FORMAT_PREFIX + name, { type: 'string', validate: (s: string) => satisfiesFormat(name, s) });
  }
  sharedAjv = a;
  return a;
}

const intOrStringAnyOf = [{ type: 'integer' }, { type: 'string' }];

/** Translates a CRD schema node into the JSON Schema (draft-07) dialect ajv speaks. */
export function toAjvSchema(s: JSONSchemaProps | undefined): Record<string, unknown> {
  if (!s) return {};
  const out: Record<string, unknown> = {};
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  let types: string[] | undefined;
  if (intOrString) types = ['integer', 'string'];
  else if (s.type) types = [s.type];
  if (types && s.nullable) types.push('null');
  if (types) out.type = types.length === 1 ? types[0] : types;
  if (s.enum) out.enum = s.nullable && !s.enum.includes(null) ? [...s.enum, null] : s.enum;
  for (const k of ['maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'multipleOf', 'maxProperties', 'minProperties', 'required'] as const) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.maximum !== undefined) out[s.exclusiveMaximum ? 'exclusiveMaximum' : 'maximum'] = s.maximum;
  if (s.minimum !== undefined) out[s.exclusiveMinimum ? 'exclusiveMinimum' : 'minimum'] = s.minimum;
  const fmt = (!s.type || s.type === 'string') ? checkedStringFormat(s.format) : undefined;
  if (fmt) {
    out.format = FORMAT_PREFIX + fmt;
    out[ORIGINAL_FORMAT] = s.format;
  }
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toAjvSchema(v)]));
  const ap = additionalOf(s);
  if (ap) out.additionalProperties = toAjvSchema(ap);
  const items = itemsOf(s);
  if (items) out.items = toAjvSchema(items);
  const anyOf = intOrString && s.anyOf && jsonEqual(s.anyOf, intOrStringAnyOf) ? undefined : s.anyOf;
  if (anyOf) out.anyOf = anyOf.map(toAjvSchema);
  const allOf = s.allOf?.map((n, i) => (i === 0 && intOrString && n.anyOf && jsonEqual(n.anyOf, intOrStringAnyOf) ? { ...n, anyOf: undefined } : n));
  if (allOf) out.allOf = allOf.map(toAjvSchema);
  if (s.oneOf) out.oneOf = s.oneOf.map(toAjvSchema);
  if (s.not) out.not = toAjvSchema(s.not);
  return out;
}

/** A compiled validator for one schema. */
export interface ValueValidator {
  validate(obj: unknown): FieldError[];
}

/** Compiles a CRD schema for value validation (throws if ajv rejects it). */
export function compileValueValidator(schema: JSONSchemaProps | undefined): ValueValidator {
  const fn: ValidateFunction = ajv().compile(toAjvSchema(schema));
  return {
    validate(obj: unknown): FieldError[] {
      if (fn(obj)) return [];
      return mapErrors(fn.errors ?? [], obj);
    },
  };
}

/** Converts an ajv instancePath (`/spec/items/0`) into a Kubernetes path (`spec.items[0]`). */
export function instancePathToField(instancePath: string, data: unknown): string {
  if (!instancePath) return '';
  let out = '';
  let cur: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out += `[${seg}]`;
      cur = cur[Number(seg)];
    } else {
      out = out ? `${out}.${seg}` : seg;
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** The JSON type name kube-openapi reports for a value. */
function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function enumValues(values: unknown[]): string[] {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

const combinators = /\/(anyOf|oneOf|not)(\/|$)/;

function mapErrors(errors: ErrorObject[], root: unknown): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    // errors raised inside an anyOf/oneOf/not branch are explained by the combinator's own error
    const inner = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    if (combinators.test(inner)) continue;
    const path = instancePathToField(e.instancePath, root);
    const name = path;
    const value = e.data;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required': {
        const missing = String(p.missingProperty);
        out.push(requiredError(path ? `${path}.${missing}` : missing));
        break;
      }
      case 'type': {
        const actual = jsonTypeName(value);
        const expected = Array.isArray(p.type) ? (p.type as string[]).filter((t) => t !== 'null').join(',') : String(p.type);
        out.push(typeInvalidError(path, actual, `${name} in body must be of type ${expected}: ${JSON.stringify(actual)}`));
        break;
      }
      case 'format': {
        const original = String((e.parentSchema as Record<string, unknown>)?.[ORIGINAL_FORMAT] ?? p.format);
        out.push(typeInvalidError(path, value, `${name} in body must be of type ${original}: ${JSON.stringify(value)}`));
        break;
      }
      case 'enum':
        out.push(notSupportedError(path, value, enumValues(p.allowedValues as unknown[])));
        break;
      case 'maxLength':
        out.push(tooLongError(path, Number(p.limit)));
        break;
      case 'minLength':
        out.push(invalidError(path, value, `${name} in body should be at least ${p.limit} chars long`));
        break;
      case 'maxItems':
        out.push(tooManyError(path, (value as unknown[]).length, Number(p.limit)));
        break;
      case 'minItems':
        out.push(invalidError(path, (value as unknown[]).length, `${name} in body should have at least ${p.limit} items`));
        break;
      case 'maxProperties':
        out.push(tooManyError(path, Object.keys(value as object).length, Number(p.limit)));
        break;
      case 'minProperties':
        out.push(invalidError(path, Object.keys(value as object).length, `${name} in body should have at least ${p.limit} properties`));
        break;
      case 'maximum':
        out.push(invalidError(path, value, `${name} in body should be less than or equal to ${p.limit}`));
        break;
      case 'exclusiveMaximum':
        out.push(invalidError(path, value, `${name} in body should be less than ${p.limit}`));
        break;
      case 'minimum':
        out.push(invalidError(path, value, `${name} in body should be greater than or equal to ${p.limit}`));
        break;
      case 'exclusiveMinimum':
        out.push(invalidError(path, value, `${name} in body should be greater than ${p.limit}`));
        break;
      case 'multipleOf':
        out.push(invalidError(path, value, `${name} in body should be a multiple of ${p.multipleOf}`));
        break;
      case 'pattern':
        out.push(invalidError(path, value, `${name} in body should match '${p.pattern}'`));
        break;
      case 'anyOf':
        out.push(invalidError(path, '', `${JSON.stringify(name)} must validate at least one schema (anyOf)`));
        break;
      case 'oneOf':
        out.push(invalidError(path, '', `${JSON.stringify(name)} must validate one and only one schema (oneOf). `));
        break;
      case 'not':
        out.push(invalidError(path, '', `${JSON.stringify(name)} must not validate the schema (not)`));
        break;
      case 'additionalProperties':
        out.push(invalidError(path, String(p.additionalProperty), `${name}.${p.additionalProperty} in body is a forbidden property`));
        break;
      default:
        out.push(invalidError(path, value ?? '', `${name} ${e.message ?? 'is invalid'}`));
    }
  }
  return out;
}
