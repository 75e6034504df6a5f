/**
 * Shared pieces of the update rules built-in kinds enforce: Kubernetes' notion of "unchanged"
 * (a missing field equals its empty value, quantities compare by amount) and the way its field
 * errors print the offending value (Go's `%#v` for the small types users meet in those errors).
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import { goStringMap } from '../validation/builtin/go-values.ts';
import { amountOf } from './quota-resource-list.ts';

type Obj = Record<string, unknown>;

/** Maps whose values are quantities: equal amounts in other spellings are the same value. */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity', 'hard', 'allocatable']);

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as Obj).length === 0;
}

/**
 * Equality as Kubernetes' semantic DeepEqual sees decoded objects: absent, null, empty string,
 * empty list and empty map are all the zero value; quantities compare by amount. `key` names the
 * field holding the values when it is a map of quantities (`requests`, `limits`, ...).
 */
export function semanticEqual(a: unknown, b: unknown, key = ''): boolean {
  return equalAs(a, b, QUANTITY_MAPS.has(key) ? 'quantities' : 'plain');
}

function equalAs(a: unknown, b: unknown, mode: 'plain' | 'quantities' | 'quantity'): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (mode === 'quantity' && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
    const x = amountOf(a);
    const y = amountOf(b);
    return !!x && !!y && x.nanos === y.nanos;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => equalAs(v, b[i], 'plain'));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)]);
    for (const k of keys) {
      const childMode = mode === 'quantities' ? 'quantity' : QUANTITY_MAPS.has(k) ? 'quantities' : 'plain';
      if (!equalAs((a as Obj)[k], (b as Obj)[k], childMode)) return false;
    }
    return true;
  }
  return false;
}

/** A Go string literal as `%q` prints it (JSON escaping agrees for printable text). */
export function goQuote(s: unknown): string {
  return JSON.stringify(String(s ?? ''));
}

/** `[]string{"a", "b"}` / `[]T(nil)`: a slice of strings or named string types. */
export function goStringSlice(v: unknown, type = 'string'): string {
  if (!Array.isArray(v)) return `[]${type}(nil)`;
  return `[]${type}{${v.map(goQuote).join(', ')}}`;
}

/** A label selector as Kubernetes prints it in field errors (`null` when there is none). */
export function goLabelSelector(v: unknown): string {
  if (!v || typeof v !== 'object') return 'null';
  const sel = v as Obj;
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${(sel.matchExpressions as Obj[]).map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e?.key)}, Operator:${goQuote(e?.operator)}, Values:${goStringSlice(e?.values)}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).goLiteral}, MatchExpressions:${exprs}}`;
}

/**
 * A scalar as a field error prints it: numbers and booleans bare, strings quoted, absent as
 * `null`. Structured values print as their Go type name around their JSON form, which stays
 * readable where Kubernetes would print pointer addresses.
 */
export function goValue(v: unknown, goType = ''): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return goQuote(v);
  return `${goType}${JSON.stringify(v)}`;
}

/** ValidateImmutableField: a changed field reads `Invalid value: <new>: field is immutable`. */
export function immutableField(field: string, oldValue: unknown, newValue: unknown, printed: string): StatusCause[] {
  if (semanticEqual(oldValue, newValue)) return [];
  return [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${printed}: field is immutable` }];
}

/** A Forbidden cause. */
export function forbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

/** An Invalid cause with the value already printed. */
export function invalidValue(field: string, printed: string, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${printed}: ${detail}` };
}

/**
 * A readable diff of two objects, one line a changed field (`-` old, `+` new), in the place
 * Kubernetes puts its struct diff after "... fields other than ...".
 */
export function readableDiff(typeName: string, oldValue: unknown, newValue: unknown): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string, parentKey: string): void => {
    if (semanticEqual(a, b, parentKey)) return;
    const bothObjects = a && b && typeof a === 'object' && typeof b === 'object';
    if (bothObjects && Array.isArray(a) === Array.isArray(b) && (!Array.isArray(a) || a.length === (b as unknown[]).length)) {
      const keys = Array.isArray(a) ? a.map((_, i) => String(i)) : [...new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)])];
      for (const k of keys) walk((a as Obj)[k], (b as Obj)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k, k);
      return;
    }
    if (!isEmpty(a)) lines.push(`- \t${path}: ${JSON.stringify(a)}`);
    if (!isEmpty(b)) lines.push(`+ \t${path}: ${JSON.stringify(b)}`);
  };
  walk(oldValue, newValue, '', '');
  return [`  ${typeName}{`, ...lines, '  }'].join('\n');
}

/** The object at a key, or an empty one. */
export function child(v: unknown, key: string): Obj {
  const c = v && typeof v === 'object' ? (v as Obj)[key] : undefined;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Obj) : {};
}
