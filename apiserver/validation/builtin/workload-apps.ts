/**
 * Deployments and ReplicaSets (apps/v1): a required, non-empty selector that selects the pod
 * template, pods that always restart, counters that are not negative, and a rollout strategy
 * whose surge and unavailability bounds leave it room to progress.
 */
import { childPath, forbiddenError, invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { goIntOrString, goLabelSelector, goStringMap } from './go-values.ts';
import { intOrPercentValue, notMoreThan100Percent, positiveIntOrPercent } from './int-or-percent.ts';
import { nonNegativeErrors } from './formats.ts';
import { validatePodTemplateSpec } from './pods.ts';
import { isSet, objAt, objectOf, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { isEmptySelector, labelSelectorErrors, selectorMatcher } from './workload-selectors.ts';

/** The message when a selector does not select the labels of the pods it governs. */
export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

/** `spec.template.metadata.labels: Invalid value: map[...]: `selector` does not match template `labels``. */
export function templateLabelsMismatch(template: unknown, path = 'spec.template'): FieldError {
  return invalidError(childPath(path, 'metadata.labels'), goStringMap(objAt(template, 'metadata').labels), SELECTOR_MISMATCH);
}

/**
 * The selector rules of a kind whose selector is required: present, well formed and not empty
 * (`empty selector is invalid for <kind>`).
 */
export function requiredSelectorErrors(selector: unknown, kindWord: string): FieldError[] {
  if (!isSet(selector)) return [requiredError('spec.selector')];
  const errs = labelSelectorErrors(selector, 'spec.selector');
  if (isEmptySelector(selector)) errs.push(invalidError('spec.selector', { goLiteral: goLabelSelector(selector) }, `empty selector is invalid for ${kindWord}`));
  return errs;
}

/**
 * Template restart policy of the apps kinds: only Always is supported. An absent policy means
 * the template itself was absent; Kubernetes defaults even that one to Always.
 */
export function alwaysRestartErrors(template: unknown): FieldError[] {
  const policy = objAt(template, 'spec').restartPolicy;
  return policy === 'Always' || policy === undefined ? [] : [notSupportedError('spec.template.spec.restartPolicy', policy, ['Always'])];
}

/** Pods of long-running workloads have no deadline: `activeDeadlineSeconds in <Kind> is not Supported`. */
export function noDeadlineErrors(template: unknown, kind: string): FieldError[] {
  return isSet(objAt(template, 'spec').activeDeadlineSeconds)
    ? [forbiddenError('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`)]
    : [];
}

/**
 * The selector and template of a Deployment or ReplicaSet: a malformed selector is reported
 * once more as `invalid label selector` and then nothing is matched against it; an empty one
 * matches everything. Deployments share the ReplicaSet's template rule and its wording.
 */
function replicaSetSelectorAndTemplate(spec: Obj): FieldError[] {
  const errs = requiredSelectorErrors(spec.selector, 'deployment');
  const matcher = selectorMatcher(spec.selector);
  if (!matcher) return [...errs, invalidError('spec.selector', { goLiteral: goLabelSelector(spec.selector) }, 'invalid label selector')];
  const template = spec.template;
  if (!(isSet(spec.selector) && isEmptySelector(spec.selector)) && !matcher(objAt(template, 'metadata').labels)) errs.push(templateLabelsMismatch(template));
  errs.push(...validatePodTemplateSpec(template, 'spec.template'), ...alwaysRestartErrors(template), ...noDeadlineErrors(template, 'ReplicaSet'));
  return errs;
}

/** A rolling update must be able to move: maxUnavailable and maxSurge may not both be 0. */
function rollingUpdateErrors(rolling: Obj): FieldError[] {
  const path = 'spec.strategy.rollingUpdate';
  const errs = [
    ...positiveIntOrPercent(rolling.maxUnavailable, `${path}.maxUnavailable`),
    ...positiveIntOrPercent(rolling.maxSurge, `${path}.maxSurge`),
  ];
  if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
    errs.push(invalidError(`${path}.maxUnavailable`, goIntOrString(rolling.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(rolling.maxUnavailable, `${path}.maxUnavailable`));
  return errs;
}

/** `apps.DeploymentStrategy{...}` as Go prints an unsupported strategy (a set pointer has no stable address). */
function goDeploymentStrategy(strategy: Obj): { goLiteral: string } {
  const rolling = isSet(strategy.rollingUpdate) ? '(*apps.RollingUpdateDeployment)(0xc000000000)' : '(*apps.RollingUpdateDeployment)(nil)';
  return { goLiteral: `apps.DeploymentStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${rolling}}` };
}

function strategyErrors(strategy: Obj): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return isSet(strategy.rollingUpdate) ? [forbiddenError('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const rolling = objectOf(strategy.rollingUpdate);
      return rolling ? rollingUpdateErrors(rolling) : [requiredError('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
    }
    default:
      return [notSupportedError('spec.strategy', goDeploymentStrategy(strategy), ['Recreate', 'RollingUpdate'])];
  }
}

/** Deployment: ValidateDeploymentSpec, the same on create and update. */
export const validateDeployment: BuiltinValidator = (obj) => {
  const spec = objAt(obj, 'spec');
  const errs = [
    ...nonNegativeErrors(spec.replicas, 'spec.replicas'),
    ...replicaSetSelectorAndTemplate(spec),
    ...strategyErrors(objAt(spec, 'strategy')),
    ...nonNegativeErrors(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegativeErrors(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    errs.push(...nonNegativeErrors(deadline, 'spec.progressDeadlineSeconds'));
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (deadline <= minReady) errs.push(invalidError('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
};

/** ReplicaSet: ValidateReplicaSetSpec (its empty-selector message names deployments, as Kubernetes' does). */
export const validateReplicaSet: BuiltinValidator = (obj) => {
  const spec = objAt(obj, 'spec');
  return [
    ...nonNegativeErrors(spec.replicas, 'spec.replicas'),
    ...nonNegativeErrors(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...replicaSetSelectorAndTemplate(spec),
  ];
};
