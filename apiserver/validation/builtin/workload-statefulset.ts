/**
 * StatefulSets (apps/v1) as Kubernetes 1.32 validates them: pod management and update strategy
 * values, claim retention values, non-negative counters and ordinals, a required non-empty
 * selector that selects the template. Unlike the other workloads, 1.32 checks only the
 * template's labels and annotations, not its pod spec (full pod-spec and volumeClaimTemplates
 * validation arrived in later releases), so neither is checked here.
 */
import { invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { annotationMapErrors, labelMapErrors, nonNegativeErrors } from './formats.ts';
import { goLabelSelector, goQuote } from './go-values.ts';
import { isSet, objAt, objectOf, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { alwaysRestartErrors, noDeadlineErrors, requiredSelectorErrors, templateLabelsMismatch } from './workload-apps.ts';
import { isEmptySelector, selectorMatcher } from './workload-selectors.ts';

function podManagementErrors(policy: unknown): FieldError[] {
  if (!policy) return [requiredError('spec.podManagementPolicy')];
  return policy === 'OrderedReady' || policy === 'Parallel' ? [] : [invalidError('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'")];
}

/**
 * The update strategy. A maxUnavailable on the rolling update is not checked: its feature
 * (MaxUnavailableStatefulSet) is off by default in 1.32, where the field is dropped unchecked.
 */
function updateStrategyErrors(strategy: Obj): FieldError[] {
  const rolling = objectOf(strategy.rollingUpdate);
  switch (strategy.type) {
    case undefined:
    case null:
    case '':
      return [requiredError('spec.updateStrategy')];
    case 'OnDelete': {
      if (!isSet(strategy.rollingUpdate)) return [];
      const partition = typeof rolling?.partition === 'number' ? rolling.partition : 0;
      const maxUnavailable = isSet(rolling?.maxUnavailable) ? '(*intstr.IntOrString)(0xc000000000)' : '(*intstr.IntOrString)(nil)';
      const printed = `apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:${maxUnavailable}}`;
      return [invalidError('spec.updateStrategy.rollingUpdate', { goLiteral: printed }, "only allowed for updateStrategy 'RollingUpdate'")];
    }
    case 'RollingUpdate':
      return rolling ? nonNegativeErrors(rolling.partition, 'spec.updateStrategy.rollingUpdate.partition') : [];
    default: {
      const pointer = isSet(strategy.rollingUpdate) ? '(0xc000000000)' : '(nil)';
      const printed = `apps.StatefulSetUpdateStrategy{Type:${goQuote(strategy.type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)${pointer}}`;
      return [invalidError('spec.updateStrategy', { goLiteral: printed }, "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

function retentionErrors(policy: unknown): FieldError[] {
  const retention = objectOf(policy);
  if (!retention) return [];
  const errs: FieldError[] = [];
  for (const key of ['whenDeleted', 'whenScaled']) {
    const value = retention[key];
    if (value !== 'Retain' && value !== 'Delete') errs.push(notSupportedError(`spec.persistentVolumeClaimRetentionPolicy.${key}`, value ?? '', ['Retain', 'Delete']));
  }
  return errs;
}

/** The selector and the template's own metadata; a malformed selector is reported with no detail. */
function selectorAndTemplate(spec: Obj): FieldError[] {
  const errs = requiredSelectorErrors(spec.selector, 'statefulset');
  const matcher = selectorMatcher(spec.selector);
  if (!matcher) return [...errs, invalidError('spec.selector', { goLiteral: goLabelSelector(spec.selector) }, '')];
  const metadata = objAt(spec.template, 'metadata');
  if (!(isSet(spec.selector) && isEmptySelector(spec.selector)) && !matcher(metadata.labels)) errs.push(templateLabelsMismatch(spec.template));
  // Kubernetes reports these at `spec.template.labels` / `.annotations`, without `metadata`.
  errs.push(...labelMapErrors(metadata.labels, 'spec.template.labels'), ...annotationMapErrors(metadata.annotations, 'spec.template.annotations'));
  return errs;
}

/** StatefulSet: ValidateStatefulSetSpec, the same on create and update (the fixed fields are the update strategy's). */
export const validateStatefulSet: BuiltinValidator = (obj) => {
  const spec = objAt(obj, 'spec');
  const ordinals = objectOf(spec.ordinals);
  return [
    ...podManagementErrors(spec.podManagementPolicy),
    ...updateStrategyErrors(objAt(spec, 'updateStrategy')),
    ...retentionErrors(spec.persistentVolumeClaimRetentionPolicy),
    ...nonNegativeErrors(spec.replicas, 'spec.replicas'),
    ...nonNegativeErrors(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...(ordinals ? nonNegativeErrors(ordinals.start, 'spec.ordinals.start') : []),
    ...selectorAndTemplate(spec),
    ...alwaysRestartErrors(spec.template),
    ...noDeadlineErrors(spec.template, 'StatefulSet'),
  ];
};
