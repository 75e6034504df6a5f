/**
 * PodDisruptionBudget content rules (Kubernetes' policy validation): a budget sets minAvailable
 * or maxUnavailable, not both, each a non-negative count or a percent up to 100%, over a valid
 * selector, with a known unhealthy-pod eviction policy; its status has valid conditions and
 * non-negative counters.
 */
import { type FieldError, invalidError, notSupportedError } from '../field-errors.ts';
import type { BuiltinValidator } from './types.ts';
import { goIntOrString, objectOf, percentErrors, stringOf } from './policy-formats.ts';
import { conditionsErrors } from './policy-conditions.ts';
import { labelSelectorErrors } from './policy-selectors.ts';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent of the apps validation. */
export function intOrPercentErrors(value: unknown, path: string): FieldError[] {
  const printed = { goLiteral: goIntOrString(value) };
  if (typeof value === 'string') {
    const errs = percentErrors(value).map((msg) => invalidError(path, printed, msg));
    const percent = /^([0-9]+)%$/.exec(value);
    if (percent && Number(percent[1]) > 100) errs.push(invalidError(path, printed, 'must not be greater than 100%'));
    return errs;
  }
  if (typeof value === 'number') return value < 0 ? [invalidError(path, value, 'must be greater than or equal to 0')] : [];
  // Kubernetes' message keeps a doubled '%' (it is not a format string).
  return [invalidError(path, printed, "must be an integer or percentage (e.g '5%%')")];
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * The spec as Go prints the struct: its pointer fields print as addresses, which differ on every
 * request in Kubernetes too, so clients cannot depend on them.
 */
function goBudgetSpec(spec: Record<string, unknown>): string {
  let address = 0xc000100000;
  const pointer = (type: string, v: unknown) => `(*${type})(${present(v) ? `0x${(address += 0x10).toString(16)}` : 'nil'})`;
  return `policy.PodDisruptionBudgetSpec{MinAvailable:${pointer('intstr.IntOrString', spec.minAvailable)}, Selector:${pointer('v1.LabelSelector', spec.selector)}, MaxUnavailable:${pointer('intstr.IntOrString', spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:${pointer('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy)}}`;
}

const validateBudget: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs: FieldError[] = [];
  if (present(spec.minAvailable) && present(spec.maxUnavailable)) {
    errs.push(invalidError('spec', { goLiteral: goBudgetSpec(spec) }, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (present(spec.minAvailable)) errs.push(...intOrPercentErrors(spec.minAvailable, 'spec.minAvailable'));
  if (present(spec.maxUnavailable)) errs.push(...intOrPercentErrors(spec.maxUnavailable, 'spec.maxUnavailable'));
  // An update may keep selector values that are no longer valid label values.
  const allowInvalidLabelValues = !!old && labelSelectorErrors(objectOf(old.spec)?.selector, 'spec.selector').length > 0;
  errs.push(...labelSelectorErrors(spec.selector, 'spec.selector', { allowInvalidLabelValues }));
  if (present(spec.unhealthyPodEvictionPolicy) && !EVICTION_POLICIES.includes(stringOf(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupportedError('spec.unhealthyPodEvictionPolicy', stringOf(spec.unhealthyPodEvictionPolicy), EVICTION_POLICIES));
  }
  return [...errs, ...statusErrors(objectOf(obj.status) ?? {})];
};

/**
 * ValidatePodDisruptionBudgetStatusUpdate: conditions and non-negative counters. Create resets the
 * status and a spec update keeps the stored one, so in practice this judges status writes.
 */
function statusErrors(status: Record<string, unknown>): FieldError[] {
  const errs = conditionsErrors(status.conditions, 'status.conditions');
  for (const field of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    const v = status[field];
    if (typeof v === 'number' && v < 0) errs.push(invalidError(`status.${field}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** Validators of the PodDisruptionBudget kind, by storage key. */
export const DISRUPTION_BUDGET_VALIDATORS: Record<string, BuiltinValidator> = {
  'policy/poddisruptionbudgets': validateBudget,
};
