/**
 * PodDisruptionBudget content rules (Kubernetes' policy validation): a budget sets minAvailable
 * or maxUnavailable, not both, each a non-negative count or a percent up to 100%, over a valid
 * selector, with a known unhealthy-pod eviction policy; a status write has valid conditions and
 * non-negative counters.
 */
import { type FieldError, invalidError, notSupportedError } from '../field-errors.ts';
import { goIntOrString } from './go-values.ts';
import { notMoreThan100Percent, positiveIntOrPercent } from './int-or-percent.ts';
import { conditionsErrors } from './policy-conditions.ts';
import { isSet, objectOf, stringOf } from './readers.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';
import { keepsInvalidLabelValues, labelSelectorErrors } from './workload-selectors.ts';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent of the apps validation. */
export function intOrPercentErrors(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string' || typeof value === 'number') return [...positiveIntOrPercent(value, path), ...notMoreThan100Percent(value, path)];
  // Kubernetes' message keeps a doubled '%' (it is not a format string).
  return [invalidError(path, goIntOrString(value), "must be an integer or percentage (e.g '5%%')")];
}

/**
 * The spec as Go prints the struct: its pointer fields print as addresses, which differ on every
 * request in Kubernetes too, so clients cannot depend on them.
 */
function goBudgetSpec(spec: Record<string, unknown>): string {
  let address = 0xc000100000;
  const pointer = (type: string, v: unknown) => `(*${type})(${isSet(v) ? `0x${(address += 0x10).toString(16)}` : 'nil'})`;
  return `policy.PodDisruptionBudgetSpec{MinAvailable:${pointer('intstr.IntOrString', spec.minAvailable)}, Selector:${pointer('v1.LabelSelector', spec.selector)}, MaxUnavailable:${pointer('intstr.IntOrString', spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:${pointer('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy)}}`;
}

const validateBudget: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs: FieldError[] = [];
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    errs.push(invalidError('spec', { goLiteral: goBudgetSpec(spec) }, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (isSet(spec.minAvailable)) errs.push(...intOrPercentErrors(spec.minAvailable, 'spec.minAvailable'));
  if (isSet(spec.maxUnavailable)) errs.push(...intOrPercentErrors(spec.maxUnavailable, 'spec.maxUnavailable'));
  // An update may keep selector values that are no longer valid label values.
  errs.push(...labelSelectorErrors(spec.selector, 'spec.selector', keepsInvalidLabelValues(objectOf(old?.spec)?.selector)));
  if (isSet(spec.unhealthyPodEvictionPolicy) && !EVICTION_POLICIES.includes(stringOf(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupportedError('spec.unhealthyPodEvictionPolicy', stringOf(spec.unhealthyPodEvictionPolicy), EVICTION_POLICIES));
  }
  return errs;
};

/** ValidatePodDisruptionBudgetStatusUpdate: valid conditions and non-negative counters. */
const validateBudgetStatus: SubresourceValidator = (obj) => {
  const status = objectOf(obj.status) ?? {};
  const errs = conditionsErrors(status.conditions, 'status.conditions');
  for (const field of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    const v = status[field];
    if (typeof v === 'number' && v < 0) errs.push(invalidError(`status.${field}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
};

/** Validators of the PodDisruptionBudget kind, by storage key. */
export const DISRUPTION_BUDGET_VALIDATORS: Record<string, BuiltinValidator> = {
  'policy/poddisruptionbudgets': validateBudget,
};

/** Status validators of the PodDisruptionBudget kind, by storage key. */
export const DISRUPTION_BUDGET_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  'policy/poddisruptionbudgets': validateBudgetStatus,
};
