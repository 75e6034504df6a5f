/**
 * LimitRange content rules (Kubernetes' core validation): one item per type, types Kubernetes
 * knows (or domain-qualified), resource names the type may bound, and for each resource
 * min ≤ defaultRequest ≤ default ≤ max with a limit/request ratio of at least 1 that max/min
 * allows. Pod items bound whole pods, so they take no defaults; claim items need a storage bound.
 */
import { type FieldError, childPath, duplicateError, forbiddenError, indexPath, invalidError, invalidErrors, keyPath, requiredError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import { amountOf } from '../../objects/quota-resource-list.ts';
import { canonicalQuantity } from '../../table/quantity.ts';
import { goQuantity } from './go-values.ts';
import { containerResourceNameErrors, isNativeResource, resourceNameErrors } from './policy-resources.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';
import type { BuiltinValidator } from './types.ts';

const STANDARD_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const MAX_MILLI_VALUE = ((1n << 63n) - 1n) / 1000n;

type Bounds = 'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio';

function typeErrors(type: string, path: string): FieldError[] {
  const errs = invalidErrors(path, type, qualifiedNameErrors(type));
  if (errs.length) return errs;
  if (!type.includes('/') && !STANDARD_TYPES.includes(type)) return [invalidError(path, type, 'must be a standard limit type or fully qualified')];
  return [];
}

/** An entry of a bound map: its text (for messages) and exact amount (for comparisons). */
interface Bound { text: string; nanos: bigint }

function cmp(a: Bound, b: Bound): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Quantity.Value and MilliValue: the amount in units or thousandths, rounded up. */
function scaled(b: Bound, per: bigint): bigint {
  const div = 1_000_000_000n / per;
  return b.nanos / div + (b.nanos % div > 0n ? 1n : 0n);
}

/** Go's `%f`: six decimals, `+Inf` for a division by zero. */
function goFloat(n: number): string {
  return Number.isFinite(n) ? n.toFixed(6) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
}

function keyErrors(at: string, name: string, found: Partial<Record<Bounds, Bound>>): FieldError[] {
  const errs: FieldError[] = [];
  const { min, max, default: def, defaultRequest: req, maxLimitRequestRatio: ratio } = found;
  const s = (b: Bound) => canonicalQuantity(b.text);
  const bad = (field: Bounds, b: Bound, detail: string) => invalidError(keyPath(childPath(at, field), name), { goLiteral: goQuantity(b.text, true) }, detail);
  if (min && max && cmp(min, max) > 0) errs.push(bad('min', min, `min value ${s(min)} is greater than max value ${s(max)}`));
  if (req && min && cmp(min, req) > 0) errs.push(bad('defaultRequest', req, `min value ${s(min)} is greater than default request value ${s(req)}`));
  if (req && max && cmp(req, max) > 0) errs.push(bad('defaultRequest', req, `default request value ${s(req)} is greater than max value ${s(max)}`));
  if (req && def && cmp(req, def) > 0) errs.push(bad('defaultRequest', req, `default request value ${s(req)} is greater than default limit value ${s(def)}`));
  // Kubernetes reports these two with the bound they break against as the value.
  if (def && min && cmp(min, def) > 0) errs.push(bad('default', min, `min value ${s(min)} is greater than default value ${s(def)}`));
  if (def && max && cmp(def, max) > 0) errs.push(bad('default', max, `default value ${s(def)} is greater than max value ${s(max)}`));
  if (ratio && ratio.nanos < 1_000_000_000n) errs.push(bad('maxLimitRequestRatio', ratio, `ratio ${s(ratio)} is less than 1`));
  if (ratio && min && max) {
    let ratioValue = Number(scaled(ratio, 1n));
    let minValue = scaled(min, 1n);
    let maxValue = scaled(max, 1n);
    if (scaled(ratio, 1n) < MAX_MILLI_VALUE && minValue < MAX_MILLI_VALUE && maxValue < MAX_MILLI_VALUE) {
      ratioValue = Number(scaled(ratio, 1000n)) / 1000;
      minValue = scaled(min, 1000n);
      maxValue = scaled(max, 1000n);
    }
    const limit = Number(maxValue) / Number(minValue);
    if (ratioValue > limit) errs.push(bad('maxLimitRequestRatio', ratio, `ratio ${s(ratio)} is greater than max/min = ${goFloat(limit)}`));
  }
  // Hugepages and extended resources cannot be overcommitted: their limit is their request.
  const overcommit = isNativeResource(name) && !name.startsWith('hugepages-');
  if (!overcommit && def && req && cmp(def, req) !== 0) errs.push(bad('defaultRequest', req, `default value ${s(def)} must equal to defaultRequest value ${s(req)} in ${name}`));
  return errs;
}

function itemErrors(raw: unknown, at: string, seenTypes: Set<string>): FieldError[] {
  const item = objectOf(raw) ?? {};
  const type = stringOf(item.type);
  const errs = typeErrors(type, childPath(at, 'type'));
  if (seenTypes.has(type)) errs.push(duplicateError(childPath(at, 'type'), type));
  seenTypes.add(type);
  const nameErrors = type === 'Pod' || type === 'Container' ? containerResourceNameErrors : resourceNameErrors;
  const bounds = new Map<string, Partial<Record<Bounds, Bound>>>();
  const collect = (field: Bounds) => {
    for (const [name, q] of Object.entries(objectOf(item[field]) ?? {})) {
      errs.push(...nameErrors(name, keyPath(childPath(at, field), name)));
      const amount = amountOf(q);
      const entry = bounds.get(name) ?? {};
      if (amount) entry[field] = { text: String(q), nanos: amount.nanos };
      bounds.set(name, entry);
    }
  };
  collect('max');
  collect('min');
  if (type === 'Pod') {
    for (const field of ['default', 'defaultRequest'] as const) {
      if (Object.keys(objectOf(item[field]) ?? {}).length) errs.push(forbiddenError(childPath(at, field), "may not be specified when `type` is 'Pod'"));
    }
  } else {
    collect('default');
    collect('defaultRequest');
  }
  if (type === 'PersistentVolumeClaim' && objectOf(item.min)?.storage === undefined && objectOf(item.max)?.storage === undefined) {
    errs.push(requiredError(childPath(at, 'limits'), 'either minimum or maximum storage value is required, but neither was provided'));
  }
  collect('maxLimitRequestRatio');
  for (const name of [...bounds.keys()].sort()) errs.push(...keyErrors(at, name, bounds.get(name)!));
  return errs;
}

const validateLimitRange: BuiltinValidator = (obj) => {
  const seen = new Set<string>();
  return arrayOf(objectOf(obj.spec)?.limits).flatMap((raw, i) => itemErrors(raw, indexPath('spec.limits', i), seen));
};

/** Validators of the LimitRange kind, by storage key. */
export const LIMIT_RANGE_VALIDATORS: Record<string, BuiltinValidator> = {
  '/limitranges': validateLimitRange,
};
