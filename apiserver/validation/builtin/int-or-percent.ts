/**
 * Int-or-percent fields (intstr.IntOrString) as the workload and disruption-budget rules read
 * them: a percent string or a non-negative integer, at most 100%, and the number a rollout rule
 * compares with zero.
 */
import { invalidError, invalidErrors, type FieldError } from '../field-errors.ts';
import { regexError } from '../names.ts';
import { goIntOrString } from './go-values.ts';
import { nonNegativeErrors } from './formats.ts';

const PERCENT = /^[0-9]+%$/;

/** IsValidPercent: `[0-9]+%`. */
export function percentErrors(value: string): string[] {
  return PERCENT.test(value) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')];
}

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
  if (typeof v === 'string') return invalidErrors(field, goIntOrString(v), percentErrors(v));
  return nonNegativeErrors(v, field);
}

/** IsNotMoreThan100Percent: a percentage above 100% is refused; integers are not bounded here. */
export function notMoreThan100Percent(v: unknown, field: string): FieldError[] {
  const percent = percentOf(v);
  return percent !== undefined && percent > 100 ? [invalidError(field, goIntOrString(v), 'must not be greater than 100%')] : [];
}
