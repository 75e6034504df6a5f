/**
 * ResourceQuota content rules (Kubernetes' core validation): hard limits (and the status' limits
 * and usage) name resources quota knows, with amounts that are not negative (and whole for
 * counted objects); scopes and scope selectors use known scopes that apply to every limited
 * resource, never a scope together with its opposite, and scopes do not change on update.
 */
import { type FieldError, childPath, keyPath, invalidError, requiredError } from '../field-errors.ts';
import { amountOf, formatAmount } from '../../objects/quota-resource-list.ts';
import { goQuantity, goStringSlice } from './go-values.ts';
import { isIntegerResource, isStandardQuotaResource, resourceNameErrors } from './policy-resources.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';
import type { KubeObject } from '../../../runtime/core/meta.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

const SCOPES = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity']);
const EXISTS_ONLY_SCOPES = new Set(['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating']);
const POD_COMPUTE = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);
const OPPOSITES = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];

/** IsResourceQuotaScopeValidForResource: pod scopes only narrow pod counts and compute. */
function scopeFitsResource(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return resource === 'pods';
  if (['Terminating', 'NotTerminating', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'].includes(scope)) return resource === 'pods' || POD_COMPUTE.has(resource);
  return true;
}

/** Limits or usage: resource names quota knows with non-negative (and, for counts, whole) amounts. */
function amountsErrors(list: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, raw] of Object.entries(list)) {
    const at = keyPath(path, name);
    errs.push(...resourceNameErrors(name, at));
    if (!name.includes('/') && !isStandardQuotaResource(name)) errs.push(invalidError(at, name, 'must be a standard resource for quota'));
    const text = String(raw);
    const amount = amountOf(raw);
    if (!amount) continue;
    if (amount.nanos < 0n) errs.push(invalidError(at, formatAmount(amount), 'must be greater than or equal to 0'));
    // Whole counts only: Kubernetes compares in thousandths, so finer fractions round up first.
    const millis = amount.nanos / 1_000_000n + (amount.nanos % 1_000_000n > 0n ? 1n : 0n);
    if (isIntegerResource(name) && millis % 1000n !== 0n) errs.push(invalidError(at, { goLiteral: goQuantity(text, false) }, 'must be an integer'));
  }
  return errs;
}

function scopesErrors(spec: Record<string, unknown>, hardNames: string[]): FieldError[] {
  const scopes = arrayOf(spec.scopes).map(stringOf);
  if (!scopes.length) return [];
  const printed = { goLiteral: goStringSlice(scopes, 'core.ResourceQuotaScope') };
  const errs: FieldError[] = [];
  for (const scope of scopes) {
    if (!SCOPES.has(scope)) errs.push(invalidError('spec.scopes', printed, 'unsupported scope'));
    for (const name of hardNames) {
      if (isStandardQuotaResource(name) && !scopeFitsResource(scope, name)) errs.push(invalidError('spec.scopes', printed, 'unsupported scope applied to resource'));
    }
  }
  for (const pair of OPPOSITES) if (pair.every((s) => scopes.includes(s))) errs.push(invalidError('spec.scopes', printed, 'conflicting scopes'));
  return errs;
}

function goScopeSelector(selector: Record<string, unknown>): string {
  const exprs = arrayOf(selector.matchExpressions).map((raw) => {
    const e = objectOf(raw) ?? {};
    return `core.ScopedResourceSelectorRequirement{ScopeName:${JSON.stringify(stringOf(e.scopeName))}, Operator:${JSON.stringify(stringOf(e.operator))}, Values:${goStringSlice(Array.isArray(e.values) ? e.values : undefined, 'string')}}`;
  });
  const list = Array.isArray(selector.matchExpressions) ? `[]core.ScopedResourceSelectorRequirement{${exprs.join(', ')}}` : '[]core.ScopedResourceSelectorRequirement(nil)';
  return `core.ScopeSelector{MatchExpressions:${list}}`;
}

function scopeSelectorErrors(spec: Record<string, unknown>, hardNames: string[]): FieldError[] {
  const selector = objectOf(spec.scopeSelector);
  if (!selector) return [];
  const base = 'spec.scopeSelector.matchExpressions';
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const raw of arrayOf(selector.matchExpressions)) {
    const req = objectOf(raw) ?? {};
    const scope = stringOf(req.scopeName);
    const operator = stringOf(req.operator);
    const values = arrayOf(req.values);
    if (!SCOPES.has(scope)) errs.push(invalidError(childPath(base, 'scopeName'), scope, 'unsupported scope'));
    for (const name of hardNames) {
      if (isStandardQuotaResource(name) && !scopeFitsResource(scope, name)) errs.push(invalidError(base, { goLiteral: goScopeSelector(selector) }, 'unsupported scope applied to resource'));
    }
    if (EXISTS_ONLY_SCOPES.has(scope) && operator !== 'Exists') {
      errs.push(invalidError(childPath(base, 'operator'), operator, "must be 'Exist' only operator when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort"));
    }
    if (operator === 'In' || operator === 'NotIn') {
      if (!values.length) errs.push(requiredError(childPath(base, 'values'), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length) errs.push(invalidError(childPath(base, 'values'), { goLiteral: goStringSlice(values, 'string') }, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
    } else {
      errs.push(invalidError(childPath(base, 'operator'), operator, 'not a valid selector operator'));
    }
    seen.add(scope);
  }
  // Kubernetes prints spec.scopes here, not the selector.
  const printed = { goLiteral: goStringSlice(Array.isArray(spec.scopes) ? spec.scopes : undefined, 'core.ResourceQuotaScope') };
  for (const pair of OPPOSITES) if (pair.every((s) => seen.has(s))) errs.push(invalidError(base, printed, 'conflicting scopes'));
  return errs;
}

const validateResourceQuota: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  const hard = objectOf(spec.hard) ?? {};
  const hardNames = Object.keys(hard).sort();
  const errs = [...amountsErrors(hard, 'spec.hard'), ...scopesErrors(spec, hardNames), ...scopeSelectorErrors(spec, hardNames)];
  if (old) {
    // The scopes a quota was created with stay: its usage was counted for them.
    const before = new Set(arrayOf(objectOf(old.spec)?.scopes).map(stringOf));
    const after = new Set(arrayOf(spec.scopes).map(stringOf));
    if (before.size !== after.size || [...after].some((s) => !before.has(s))) {
      errs.push(invalidError('spec.scopes', { goLiteral: goStringSlice(Array.isArray(spec.scopes) ? spec.scopes : undefined, 'core.ResourceQuotaScope') }, 'field is immutable'));
    }
  }
  // Kubernetes checks the status of every write, as a status write checks only the status.
  return [...errs, ...statusErrors(obj)];
};

/** ValidateResourceQuotaStatus: the limits and usage the quota controller reports. */
function statusErrors(obj: KubeObject): FieldError[] {
  const status = objectOf(obj.status) ?? {};
  return [...amountsErrors(objectOf(status.hard) ?? {}, 'status.hard'), ...amountsErrors(objectOf(status.used) ?? {}, 'status.used')];
}

/** Validators of the ResourceQuota kind, by storage key. */
export const RESOURCE_QUOTA_VALIDATORS: Record<string, BuiltinValidator> = {
  '/resourcequotas': validateResourceQuota,
};

/** Status validators of the ResourceQuota kind, by storage key. */
export const RESOURCE_QUOTA_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  '/resourcequotas': statusErrors,
};
