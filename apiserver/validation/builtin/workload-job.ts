/**
 * Jobs (batch/v1): counters that are not negative, a completion mode whose index limits hold,
 * pods that do not restart forever (OnFailure or Never), and a selector that selects the
 * template, which the server generates from the Job's uid unless the Job selects its pods
 * itself. The spec rules are shared with the Job templates of CronJobs.
 */
import { JOB_LABELS } from '../../objects/builtin-workload-defaults.ts';
import { childPath, invalidError, invalidErrors, keyPath, notSupportedError, requiredError, tooLongError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.ts';
import { goLabelSelector, goStringMap } from './go-values.ts';
import { nonNegativeErrors } from './formats.ts';
import { validatePodTemplateSpec } from './pods.ts';
import { isSet, objAt, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { templateLabelsMismatch } from './workload-apps.ts';
import { podFailurePolicyErrors, podReplacementPolicyErrors, successPolicyErrors } from './workload-job-policies.ts';
import { labelSelectorErrors, selectorMatcher } from './workload-selectors.ts';

const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_MANAGED_BY = 63;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** IsDomainPrefixedPath, the form of `managedBy` (`example.com/controller`). */
function managedByErrors(value: string, path: string): FieldError[] {
  if (!value) return [requiredError(path)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? '' : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (!host || !rest) return [invalidError(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = invalidErrors(path, host, dns1123SubdomainErrors(host));
  if (!HTTP_PATH.test(rest)) errs.push(invalidError(path, rest, "must be a valid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  if (value.length > MAX_MANAGED_BY) errs.push(tooLongError(path, MAX_MANAGED_BY));
  return errs;
}

/** The Indexed-mode limits: completions required, parallelism and failed-index bounds. */
function indexedErrors(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const { completions, parallelism, maxFailedIndexes } = spec as Record<string, number | undefined>;
  if (!isSet(completions)) errs.push(requiredError(childPath(path, 'completions'), 'when completion mode is Indexed'));
  if (typeof parallelism === 'number' && parallelism > MAX_INDEXED_PARALLELISM) {
    errs.push(invalidError(childPath(path, 'parallelism'), parallelism, `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`));
  }
  if (typeof completions === 'number' && typeof maxFailedIndexes === 'number' && maxFailedIndexes > completions) {
    errs.push(invalidError(childPath(path, 'maxFailedIndexes'), maxFailedIndexes, 'must be less than or equal to completions'));
  }
  if (typeof maxFailedIndexes === 'number' && maxFailedIndexes > MAX_FAILED_INDEXES) {
    errs.push(invalidError(childPath(path, 'maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
  }
  if (typeof completions === 'number' && completions > COMPLETIONS_SOFT_LIMIT && isSet(spec.backoffLimitPerIndex)) {
    const suffix = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
    if (!isSet(maxFailedIndexes)) errs.push(requiredError(childPath(path, 'maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
    if (typeof parallelism === 'number' && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
      errs.push(invalidError(childPath(path, 'parallelism'), parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${suffix}`));
    }
    if (typeof maxFailedIndexes === 'number' && maxFailedIndexes > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
      errs.push(invalidError(childPath(path, 'maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${suffix}`));
    }
  }
  return errs;
}

function completionModeErrors(spec: Obj, path: string): FieldError[] {
  const mode = spec.completionMode;
  const errs: FieldError[] = [];
  if (isSet(mode) && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupportedError(childPath(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed') errs.push(...indexedErrors(spec, path));
  if (!isSet(mode) || mode === 'NonIndexed') {
    for (const key of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isSet(spec[key])) errs.push(invalidError(childPath(path, key), spec[key], 'requires indexed completion mode'));
    }
  }
  return errs;
}

/** A Job's pods end: Always (the pod default) is refused as unset, other values as unsupported. */
function restartPolicyErrors(spec: Obj, path: string): FieldError[] {
  const field = childPath(path, 'template.spec.restartPolicy');
  const policy = objAt(spec.template, 'spec').restartPolicy;
  if (policy === 'Always' || !policy) return [requiredError(field, 'valid values: "OnFailure", "Never"')];
  if (policy !== 'OnFailure' && policy !== 'Never') return [notSupportedError(field, policy, ['OnFailure', 'Never'])];
  if (isSet(spec.podFailurePolicy) && policy !== 'Never') return [invalidError(field, policy, 'only "Never" is supported when podFailurePolicy is specified')];
  return [];
}

/** The rules of a Job spec at `path` that do not involve its selector (validateJobSpec). */
export function jobSpecErrors(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...nonNegativeErrors(spec[key], childPath(path, key)));
  }
  if (isSet(spec.maxFailedIndexes)) {
    errs.push(...nonNegativeErrors(spec.maxFailedIndexes, childPath(path, 'maxFailedIndexes')));
    if (!isSet(spec.backoffLimitPerIndex)) errs.push(requiredError(childPath(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (isSet(spec.managedBy)) errs.push(...managedByErrors(String(spec.managedBy), childPath(path, 'managedBy')));
  errs.push(...completionModeErrors(spec, path));
  if (isSet(spec.podFailurePolicy)) errs.push(...podFailurePolicyErrors(spec, childPath(path, 'podFailurePolicy')));
  if (isSet(spec.successPolicy)) errs.push(...successPolicyErrors(spec, childPath(path, 'successPolicy')));
  errs.push(
    ...podReplacementPolicyErrors(spec, childPath(path, 'podReplacementPolicy')),
    ...validatePodTemplateSpec(spec.template, childPath(path, 'template')),
    ...restartPolicyErrors(spec, path),
  );
  return errs;
}

/**
 * With a generated selector the template must carry the labels the server put there (both
 * spellings, the prefixed ones only when the Job had them before an update, as Kubernetes
 * tolerates Jobs created before they existed) and the selector must select exactly those.
 */
function generatedSelectorErrors(obj: Obj, spec: Obj, old: Obj | undefined): FieldError[] {
  if (spec.manualSelector === true || !isSet(spec.selector)) return [];
  const metadata = objAt(obj, 'metadata');
  const uid = String(metadata.uid ?? '');
  const name = String(metadata.name ?? '');
  const errs: FieldError[] = uid ? [] : [requiredError('metadata.uid')];
  const labels = objAt(objAt(spec.template, 'metadata'), 'labels');
  const oldLabels = objAt(objAt(objAt(old, 'spec').template, 'metadata'), 'labels');
  const prefixed = !old || (JOB_LABELS.jobName in oldLabels && JOB_LABELS.controllerUid in oldLabels);
  const expected: [string, string][] = [[JOB_LABELS.legacyControllerUid, uid], [JOB_LABELS.legacyJobName, name]];
  if (prefixed) expected.push([JOB_LABELS.controllerUid, uid], [JOB_LABELS.jobName, name]);
  for (const [key, value] of expected) {
    const field = keyPath('spec.template.metadata.labels', key);
    if (!(key in labels)) errs.push(requiredError(field, `must be '${value}'`));
    else if (labels[key] !== value) errs.push(invalidError(field, goStringMap(labels), `must be '${value}'`));
  }
  const matcher = selectorMatcher(spec.selector);
  if (matcher && !matcher(Object.fromEntries(expected))) errs.push(invalidError('spec.selector', { goLiteral: goLabelSelector(spec.selector) }, '`selector` not auto-generated'));
  return errs;
}

/** Job: ValidateJob on create and on update (the fixed fields are the update strategy's). */
export const validateJob: BuiltinValidator = (obj, old) => {
  const spec = objAt(obj, 'spec');
  const errs = [...generatedSelectorErrors(obj as unknown as Obj, spec, old as unknown as Obj | undefined), ...jobSpecErrors(spec, 'spec')];
  if (!isSet(spec.selector)) errs.push(requiredError('spec.selector'));
  else errs.push(...labelSelectorErrors(spec.selector, 'spec.selector'));
  const matcher = selectorMatcher(spec.selector);
  if (matcher && !matcher(objAt(spec.template, 'metadata').labels)) errs.push(templateLabelsMismatch(spec.template));
  const completions = spec.completions;
  if (spec.completionMode === 'Indexed' && typeof completions === 'number' && completions > 0) {
    // The last index names a pod `<job>-<index>`, which must stay a DNS label.
    const hostname = `${obj.metadata.name ?? ''}-${completions - 1}`;
    if (dns1123LabelErrors(hostname).length) errs.push(invalidError('metadata.name', obj.metadata.name ?? '', `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return errs;
};
