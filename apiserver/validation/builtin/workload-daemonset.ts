/**
 * DaemonSets (apps/v1): a non-empty selector that selects the template, pods that always
 * restart, and an update strategy that replaces a node's pod either by surging or by taking it
 * down first, never both and never neither.
 */
import { invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { goIntOrString, goLabelSelector, goQuote } from './go-values.ts';
import { intOrPercentValue, notMoreThan100Percent, positiveIntOrPercent } from './int-or-percent.ts';
import { nonNegativeErrors } from './formats.ts';
import { validatePodTemplateSpec } from './pods.ts';
import { isSet, objAt, objectOf, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { alwaysRestartErrors, noDeadlineErrors, templateLabelsMismatch } from './workload-apps.ts';
import { isEmptySelector, labelSelectorErrors, selectorMatcher } from './workload-selectors.ts';

/** ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge is non-zero. */
function rollingUpdateErrors(rolling: Obj): FieldError[] {
  const path = 'spec.updateStrategy.rollingUpdate';
  const errs = [
    ...positiveIntOrPercent(rolling.maxUnavailable, `${path}.maxUnavailable`),
    ...positiveIntOrPercent(rolling.maxSurge, `${path}.maxSurge`),
    ...notMoreThan100Percent(rolling.maxUnavailable, `${path}.maxUnavailable`),
    ...notMoreThan100Percent(rolling.maxSurge, `${path}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(rolling.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(rolling.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalidError(`${path}.maxSurge`, goIntOrString(rolling.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(requiredError(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function updateStrategyErrors(strategy: Obj): FieldError[] {
  switch (strategy.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      const rolling = objectOf(strategy.rollingUpdate);
      return rolling ? rollingUpdateErrors(rolling) : [requiredError('spec.updateStrategy.rollingUpdate')];
    }
    default: {
      // A set pointer prints as an address in Kubernetes; no address here is the real one.
      const pointer = isSet(strategy.rollingUpdate) ? '(0xc000000000)' : '(nil)';
      const printed = `apps.DaemonSetUpdateStrategy{Type:${goQuote(strategy.type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)${pointer}}`;
      return [notSupportedError('spec.updateStrategy', { goLiteral: printed }, ['RollingUpdate', 'OnDelete'])];
    }
  }
}

/**
 * DaemonSet: ValidateDaemonSetSpec. The selector is not separately required: without one
 * nothing is selected, so the template's labels are reported as unmatched. A malformed selector
 * is reported only through its own errors. (On update Kubernetes tolerates label values in a
 * selector that an older release let through; selectors are immutable and new ones are checked
 * strictly here, so that allowance is not needed.)
 */
export const validateDaemonSet: BuiltinValidator = (obj) => {
  const spec = objAt(obj, 'spec');
  const template = spec.template;
  const errs = labelSelectorErrors(spec.selector, 'spec.selector');
  const matcher = selectorMatcher(spec.selector);
  if (matcher && !matcher(objAt(template, 'metadata').labels)) errs.push(templateLabelsMismatch(template));
  if (isSet(spec.selector) && isEmptySelector(spec.selector)) {
    errs.push(invalidError('spec.selector', { goLiteral: goLabelSelector(spec.selector) }, 'empty selector is invalid for daemonset'));
  }
  errs.push(
    ...validatePodTemplateSpec(template, 'spec.template'),
    ...alwaysRestartErrors(template),
    ...noDeadlineErrors(template, 'DaemonSet'),
    ...nonNegativeErrors(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...updateStrategyErrors(objAt(spec, 'updateStrategy')),
    ...nonNegativeErrors(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  );
  return errs;
};
