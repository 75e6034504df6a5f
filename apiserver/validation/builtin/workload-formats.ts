/**
 * Value rules and printers the workload kinds share: non-negative counters, int-or-percent
 * rollout bounds, and Go's `%#v` text for the typed values their errors print (label maps,
 * IntOrString), so a refusal reads as a cluster's would.
 */
import { goQuote } from '../../objects/builtin-immutability.ts';
import { invalidError, type FieldError, type GoLiteral } from '../field-errors.ts';
import { objectOf, type Obj } from './core-formats.ts';
import { nonNegativeErrors } from './pod-formats.ts';
import { goIntOrString as goIntOrStringText, percentErrors } from './policy-formats.ts';

/** JSON readers under the names the workload validators use (lists and objects read loosely). */
export { arrayOf as listAt, objectOf as asObj, type Obj } from './core-formats.ts';
/** ValidateNonnegativeField: `Invalid value: -1: must be greater than or equal to 0`. */
export { nonNegativeErrors as nonNegative } from './pod-formats.ts';

/** The object at `parent[key]`, or an empty one: Go reads an absent struct as its zero value. */
export function objAt(parent: unknown, key: string): Obj {
  return objectOf(objectOf(parent)?.[key]) ?? {};
}

/** True when a JSON value is present: Go's non-nil pointer. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A `map[string]string` as Go's `%#v` prints it: keys sorted, `nil` when absent. */
export function goStringMap(v: unknown): GoLiteral {
  const map = objectOf(v);
  if (!map) return { goLiteral: 'map[string]string(nil)' };
  const entries = Object.keys(map).sort().map((k) => `${goQuote(k)}:${goQuote(map[k])}`);
  return { goLiteral: `map[string]string{${entries.join(', ')}}` };
}

/** An intstr.IntOrString as `%#v` prints it: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`. */
export function goIntOrString(v: unknown): GoLiteral {
  return { goLiteral: goIntOrStringText(v) };
}

const PERCENT = /^[0-9]+%$/;

/** The percentage of a valid percent string, or undefined for anything else. */
function percentOf(v: unknown): number | undefined {
  return typeof v === 'string' && PERCENT.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/**
 * The number an int-or-percent stands for when rollout rules compare it with zero: the
 * percentage, the integer, or a non-percent string read as a decimal (0 when it is not one), as
 * IntOrString.IntValue reads it.
 */
export function intOrPercentValue(v: unknown): number {
  const percent = percentOf(v);
  if (percent !== undefined) return percent;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return Number(v);
  return 0;
}

/** ValidatePositiveIntOrPercent: a percent string, or an integer that is not negative. */
export function positiveIntOrPercent(v: unknown, field: string): FieldError[] {
  if (typeof v === 'string') return percentErrors(v).map((msg) => invalidError(field, goIntOrString(v), msg));
  return nonNegativeErrors(v, field);
}

/** IsNotMoreThan100Percent: a percentage above 100% is refused; integers are not bounded here. */
export function notMoreThan100Percent(v: unknown, field: string): FieldError[] {
  const percent = percentOf(v);
  return percent !== undefined && percent > 100 ? [invalidError(field, goIntOrString(v), 'must not be greater than 100%')] : [];
}
