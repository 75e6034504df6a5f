/**
 * Job status writes as Kubernetes 1.32 judges them (ValidateJobUpdateStatus with its default
 * feature gates, where JobManagedBy is on): counters that are not negative, terminal conditions
 * that are reached through their interim ones and never undone, times that fit the conditions,
 * and index sets that parse. As in Kubernetes, most rules run only when the fields they read
 * change, so a stored status a rule did not know yet can still be updated elsewhere.
 */
import { childPath, duplicateError, indexPath, invalidError, OMIT_VALUE, requiredError, type FieldError } from '../field-errors.ts';
import { nonNegativeErrors } from './formats.ts';
import { goTime } from './go-values.ts';
import { arrayOf, isSet, numberOf, objAt, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import type { SubresourceValidator } from './types.ts';
import { indexesFormatError, indexesOverlapError } from './workload-job-indexes.ts';

/** Whether a condition of `type` is True (IsConditionTrue). */
const hasTrue = (status: Obj, type: string) => objectsOf(status.conditions).some((c) => c.type === type && c.status === 'True');
/** Complete or Failed is True (IsJobFinished). */
const finished = (status: Obj) => hasTrue(status, 'Complete') || hasTrue(status, 'Failed');
/** A counter as Go reads it: absent is 0. */
const count = (status: Obj, field: string) => numberOf(status[field]) ?? 0;
/** An optional field compared as Go compares pointers by value: both absent, or equal. */
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/** A time as Go's `%v` prints it, the bad value of the time rules. */
const time = (v: unknown) => ({ goLiteral: goTime(v) });
/** Invalid at `status.conditions` without a value, as Kubernetes words the condition rules. */
const conditionsError = (detail: string) => invalidError('status.conditions', OMIT_VALUE, detail);

/** The fields whose change turns the rules reading them on (getStatusValidationOptions). */
interface Changed {
  finished: boolean; complete: boolean; failed: boolean; failureTarget: boolean;
  completedIndexes: boolean; failedIndexes: boolean; active: boolean; ready: boolean; terminating: boolean;
  startTime: boolean; completionTime: boolean; uncounted: boolean;
}

function changedFields(s: Obj, old: Obj): Changed {
  const flag = (test: (x: Obj) => boolean) => test(s) !== test(old);
  const moved = (field: string) => !same(s[field], old[field]);
  return {
    finished: flag(finished), complete: flag((x) => hasTrue(x, 'Complete')), failed: flag((x) => hasTrue(x, 'Failed')),
    failureTarget: flag((x) => hasTrue(x, 'FailureTarget')), completedIndexes: stringOf(s.completedIndexes) !== stringOf(old.completedIndexes),
    failedIndexes: moved('failedIndexes'), active: count(s, 'active') !== count(old, 'active'), ready: moved('ready'), terminating: moved('terminating'),
    startTime: moved('startTime'), completionTime: moved('completionTime'), uncounted: moved('uncountedTerminatedPods'),
  };
}

/** `%#v` of uncountedTerminatedPods, the bad value of the finished-job rule. */
function goUncounted(v: Obj): { goLiteral: string } {
  const list = (x: unknown) => (Array.isArray(x) ? `[]types.UID{${x.map((u) => JSON.stringify(stringOf(u))).join(', ')}}` : '[]types.UID(nil)');
  return { goLiteral: `batch.UncountedTerminatedPods{Succeeded:${list(v.succeeded)}, Failed:${list(v.failed)}}` };
}

/** Each uncounted pod UID is set and listed once across both lists. */
function uncountedErrors(s: Obj): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  for (const list of ['succeeded', 'failed']) {
    arrayOf(objAt(s, 'uncountedTerminatedPods')[list]).forEach((raw, i) => {
      const uid = stringOf(raw);
      const path = indexPath(`status.uncountedTerminatedPods.${list}`, i);
      if (!uid) errs.push(invalidError(path, uid, 'must not be empty'));
      else if (seen.has(uid)) errs.push(duplicateError(path, uid));
      else seen.add(uid);
    });
  }
  return errs;
}

/** The condition, time and counter rules of validateJobStatus that the changed fields turn on. */
function terminalStateErrors(s: Obj, spec: Obj, ch: Changed): FieldError[] {
  const errs: FieldError[] = [];
  const complete = hasTrue(s, 'Complete');
  const failed = hasTrue(s, 'Failed');
  const done = complete || failed;
  if ((ch.complete || ch.failed) && complete && failed) errs.push(conditionsError('cannot set Complete=True and Failed=true conditions'));
  if ((ch.complete || ch.failureTarget) && complete && hasTrue(s, 'FailureTarget')) errs.push(conditionsError('cannot set Complete=True and FailureTarget=true conditions'));
  if (ch.complete || ch.completionTime) {
    if (isSet(s.completionTime) && !complete) errs.push(invalidError('status.completionTime', time(s.completionTime), 'cannot set completionTime when there is no Complete=True condition'));
    if (!isSet(s.completionTime) && complete) errs.push(requiredError('status.completionTime', 'completionTime is required for Complete jobs'));
  }
  if ((ch.startTime || ch.completionTime) && isSet(s.startTime) && isSet(s.completionTime) && Date.parse(stringOf(s.completionTime)) < Date.parse(stringOf(s.startTime))) {
    errs.push(invalidError('status.completionTime', time(s.completionTime), 'completionTime cannot be set before startTime'));
  }
  if ((ch.failed || ch.failedIndexes) && failed && !hasTrue(s, 'FailureTarget')) errs.push(conditionsError('cannot set Failed=True condition without the FailureTarget=true condition'));
  if (ch.complete && complete && !hasTrue(s, 'SuccessCriteriaMet')) errs.push(conditionsError('cannot set Complete=True condition without the SuccessCriteriaMet=true condition'));
  if ((ch.finished || ch.active) && count(s, 'active') > 0 && done) errs.push(invalidError('status.active', count(s, 'active'), 'active>0 is invalid for finished job'));
  // A suspended Job with zero completions completes without ever starting (fixed in 1.32 patches).
  const neverStarts = spec.suspend === true && spec.completions === 0;
  if ((ch.finished || ch.startTime) && !neverStarts && !isSet(s.startTime) && done) errs.push(requiredError('status.startTime', 'startTime is required for finished job'));
  const uncounted = objectOf(s.uncountedTerminatedPods);
  if ((ch.finished || ch.uncounted) && done && uncounted && arrayOf(uncounted.failed).length + arrayOf(uncounted.succeeded).length > 0) {
    errs.push(invalidError('status.uncountedTerminatedPods', goUncounted(uncounted), 'uncountedTerminatedPods needs to be empty for finished job'));
  }
  return errs;
}

/** The index-set rules of validateJobStatus for the job's completion mode and per-index backoff. */
function indexErrors(s: Obj, spec: Obj, ch: Changed): FieldError[] {
  const errs: FieldError[] = [];
  const completions = numberOf(spec.completions);
  const completed = stringOf(s.completedIndexes);
  const failedSet = isSet(s.failedIndexes);
  const failedText = stringOf(s.failedIndexes);
  const perIndex = isSet(spec.backoffLimitPerIndex);
  const format = (field: string, text: string) => {
    const error = completions === undefined ? undefined : indexesFormatError(text, completions);
    if (error) errs.push(invalidError(childPath('status', field), text, `error parsing ${field}: ${error}`));
  };
  if (ch.completedIndexes) format('completedIndexes', completed);
  if (ch.failedIndexes && perIndex && failedSet) format('failedIndexes', failedText);
  if (ch.completedIndexes && completed && spec.completionMode !== 'Indexed') {
    errs.push(invalidError('status.completedIndexes', completed, 'cannot set non-empty completedIndexes when non-indexed completion mode'));
  }
  if (ch.failedIndexes && !perIndex && failedSet) errs.push(invalidError('status.failedIndexes', failedText, 'cannot set non-null failedIndexes when backoffLimitPerIndex is null'));
  if ((ch.failedIndexes || ch.completedIndexes) && completions !== undefined && failedSet) {
    const overlap = indexesOverlapError(completed, failedText, completions);
    if (overlap) errs.push(invalidError('status.failedIndexes', failedText, overlap));
  }
  return errs;
}

/** validateJobStatus: counters, uncounted pods, terminal state, index sets, then pod counts and success criteria. */
function jobStatusErrors(s: Obj, spec: Obj, ch: Changed): FieldError[] {
  const errs = ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((f) => nonNegativeErrors(s[f], childPath('status', f)));
  errs.push(...uncountedErrors(s), ...terminalStateErrors(s, spec, ch), ...indexErrors(s, spec, ch));
  const terminating = numberOf(s.terminating);
  if ((ch.finished || ch.terminating) && terminating !== undefined && terminating > 0 && finished(s)) {
    errs.push(invalidError('status.terminating', terminating, 'terminating>0 is invalid for finished job'));
  }
  const ready = numberOf(s.ready);
  if ((ch.ready || ch.active) && ready !== undefined && ready > count(s, 'active')) errs.push(invalidError('status.ready', ready, 'cannot set more ready pods than active'));
  const criteriaMet = hasTrue(s, 'SuccessCriteriaMet');
  if (criteriaMet && hasTrue(s, 'Failed')) errs.push(conditionsError('cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (criteriaMet && hasTrue(s, 'FailureTarget')) errs.push(conditionsError('cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  if (isSet(spec.successPolicy) && !criteriaMet && hasTrue(s, 'Complete')) {
    errs.push(conditionsError('cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True'));
  }
  return errs;
}

/** ValidateJobStatusUpdate's transition rules: what a Job reached stays reached. */
function transitionErrors(s: Obj, old: Obj, spec: Obj, ch: Changed): FieldError[] {
  const errs: FieldError[] = [];
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (hasTrue(old, type) && !hasTrue(s, type)) errs.push(conditionsError(`cannot disable the terminal ${type}=True condition`));
  }
  if (count(s, 'failed') < count(old, 'failed')) errs.push(invalidError('status.failed', count(s, 'failed'), 'cannot decrease the failed counter'));
  // Indexed Jobs with completions == parallelism may scale down, losing succeeded indexes.
  const scalable = spec.completionMode === 'Indexed' && same(spec.completions, spec.parallelism);
  if (!scalable && count(s, 'succeeded') < count(old, 'succeeded')) errs.push(invalidError('status.succeeded', count(s, 'succeeded'), 'cannot decrease the succeeded counter'));
  if (isSet(s.completionTime) && isSet(old.completionTime) && !same(s.completionTime, old.completionTime)) {
    errs.push(invalidError('status.completionTime', time(s.completionTime), 'completionTime cannot be mutated'));
  }
  if (ch.startTime && isSet(old.startTime) && spec.suspend !== true) errs.push(requiredError('status.startTime', 'startTime cannot be removed for unsuspended job'));
  if (hasTrue(old, 'SuccessCriteriaMet') && !hasTrue(s, 'SuccessCriteriaMet')) errs.push(conditionsError('cannot disable the SuccessCriteriaMet=True condition'));
  if (hasTrue(old, 'Complete') && !hasTrue(old, 'SuccessCriteriaMet') && hasTrue(s, 'SuccessCriteriaMet')) {
    errs.push(conditionsError('cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions'));
  }
  return errs;
}

/** ValidateJobUpdateStatus. The spec is the stored one: a status write does not change it. */
export const validateJobStatus: SubresourceValidator = (job, old) => {
  const s = objAt(job, 'status');
  const before = objAt(old, 'status');
  const spec = objAt(job, 'spec');
  const ch = changedFields(s, before);
  return [...jobStatusErrors(s, spec, ch), ...transitionErrors(s, before, spec, ch)];
};
