/**
 * The policies a Job may carry beside its counters: which pod failures count (podFailurePolicy),
 * which index successes finish it early (successPolicy) and when a failed pod is replaced
 * (podReplacementPolicy), with Kubernetes 1.32's limits and wording.
 */
import { childPath, duplicateError, indexPath, invalidError, invalidErrors, notSupportedError, OMIT_VALUE, requiredError, tooLongError, tooManyError, type FieldError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import { goQuotedList } from './go-values.ts';
import { nonNegativeErrors } from './formats.ts';
import { arrayOf, isSet, objAt, objectOf, stringOf, type Obj } from './readers.ts';
import { indexCount } from './workload-job-indexes.ts';

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCEEDED_INDEXES_BYTES = 64 * 1024;


function exitCodeErrors(onExitCodes: Obj, path: string, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const operator = onExitCodes.operator;
  if (!operator) errs.push(requiredError(childPath(path, 'operator'), `valid values: ${goQuotedList(EXIT_CODE_OPERATORS)}`));
  else if (!EXIT_CODE_OPERATORS.includes(String(operator))) errs.push(notSupportedError(childPath(path, 'operator'), operator, EXIT_CODE_OPERATORS));
  if (isSet(onExitCodes.containerName) && !containerNames.has(String(onExitCodes.containerName))) {
    errs.push(invalidError(childPath(path, 'containerName'), onExitCodes.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesPath = childPath(path, 'values');
  const values = arrayOf(onExitCodes.values) as number[];
  const printed = { goLiteral: Array.isArray(onExitCodes.values) ? `[]int32{${values.join(', ')}}` : '[]int32(nil)' };
  if (!values.length) errs.push(invalidError(valuesPath, printed, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODES) errs.push(tooManyError(valuesPath, values.length, MAX_EXIT_CODES));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((value, j) => {
    if (operator === 'In' && value === 0) errs.push(invalidError(indexPath(valuesPath, j), value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errs.push(duplicateError(indexPath(valuesPath, j), value));
    seen.add(value);
    if (j > 0 && values[j - 1]! > value) ordered = false;
  });
  if (!ordered) errs.push(invalidError(valuesPath, printed, 'must be ordered'));
  return errs;
}

function podConditionErrors(patterns: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_CONDITION_PATTERNS) errs.push(tooManyError(path, patterns.length, MAX_CONDITION_PATTERNS));
  patterns.forEach((p, j) => {
    const pattern = objectOf(p) ?? {};
    const type = stringOf(pattern.type);
    errs.push(...invalidErrors(childPath(indexPath(path, j), 'type'), type, qualifiedNameErrors(type)));
    const statusPath = childPath(indexPath(path, j), 'status');
    // Kubernetes defaults an empty status to True before validating, so its Required rule is
    // never met through batch/v1; the server's defaults leave it empty, which passes here.
    if (pattern.status && !CONDITION_STATUSES.includes(String(pattern.status))) errs.push(notSupportedError(statusPath, pattern.status, CONDITION_STATUSES));
  });
  return errs;
}

function failureRuleErrors(spec: Obj, rule: Obj, path: string, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const actionPath = childPath(path, 'action');
  if (!rule.action) errs.push(requiredError(actionPath, `valid values: ${goQuotedList(ACTIONS)}`));
  else if (rule.action === 'FailIndex') {
    if (!isSet(spec.backoffLimitPerIndex)) errs.push(invalidError(actionPath, rule.action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!ACTIONS.includes(String(rule.action))) errs.push(notSupportedError(actionPath, rule.action, ACTIONS));
  const onExitCodes = objectOf(rule.onExitCodes);
  const onPodConditions = arrayOf(rule.onPodConditions);
  if (onExitCodes) errs.push(...exitCodeErrors(onExitCodes, childPath(path, 'onExitCodes'), containerNames));
  if (onPodConditions.length) errs.push(...podConditionErrors(onPodConditions, childPath(path, 'onPodConditions')));
  if (onExitCodes && onPodConditions.length) errs.push(invalidError(path, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'));
  if (!onExitCodes && !onPodConditions.length) errs.push(invalidError(path, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'));
  return errs;
}

/** podFailurePolicy: at most 20 rules, each with a known action and exactly one kind of match. */
export function podFailurePolicyErrors(spec: Obj, path: string): FieldError[] {
  const policy = objAt(spec, 'podFailurePolicy');
  const rules = arrayOf(policy.rules);
  const rulesPath = childPath(path, 'rules');
  const errs: FieldError[] = rules.length > MAX_RULES ? [tooManyError(rulesPath, rules.length, MAX_RULES)] : [];
  const podSpec = objAt(spec.template, 'spec');
  const containerNames = new Set([...arrayOf(podSpec.containers), ...arrayOf(podSpec.initContainers)].map((c) => String(objectOf(c)?.name ?? '')));
  rules.forEach((rule, i) => errs.push(...failureRuleErrors(spec, objectOf(rule) ?? {}, indexPath(rulesPath, i), containerNames)));
  return errs;
}

/** podReplacementPolicy: only Failed with a pod failure policy, else Failed or TerminatingOrFailed. */
export function podReplacementPolicyErrors(spec: Obj, path: string): FieldError[] {
  const policy = spec.podReplacementPolicy;
  if (!isSet(policy)) return [];
  if (isSet(spec.podFailurePolicy)) return policy === 'Failed' ? [] : [notSupportedError(path, policy, ['Failed'])];
  return policy === 'Failed' || policy === 'TerminatingOrFailed' ? [] : [notSupportedError(path, policy, ['Failed', 'TerminatingOrFailed'])];
}

function successRuleErrors(rule: Obj, path: string, completions: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!isSet(rule.succeededCount) && !isSet(rule.succeededIndexes)) errs.push(requiredError(path, 'at least one of succeededCount or succeededIndexes must be specified'));
  let total = 0;
  if (isSet(rule.succeededIndexes)) {
    const indexes = String(rule.succeededIndexes);
    const indexesPath = childPath(path, 'succeededIndexes');
    if (indexes.length > MAX_SUCCEEDED_INDEXES_BYTES) errs.push(tooLongError(indexesPath, MAX_SUCCEEDED_INDEXES_BYTES));
    const counted = indexCount(indexes, completions);
    if (typeof counted === 'string') errs.push(invalidError(indexesPath, indexes, `error parsing succeededIndexes: ${counted}`));
    else total = counted;
  }
  if (typeof rule.succeededCount === 'number') {
    const countPath = childPath(path, 'succeededCount');
    errs.push(...nonNegativeErrors(rule.succeededCount, countPath));
    if (rule.succeededCount > completions) errs.push(invalidError(countPath, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
    if (isSet(rule.succeededIndexes) && rule.succeededCount > total) {
      errs.push(invalidError(countPath, rule.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  }
  return errs;
}

/** `batch.SuccessPolicy{...}` as Go prints it; set pointers have no stable address to show. */
function goSuccessPolicy(policy: Obj): { goLiteral: string } {
  const pointer = (v: unknown, type: string) => `(*${type})(${isSet(v) ? '0xc000000000' : 'nil'})`;
  const rules = arrayOf(policy.rules).map((r) => {
    const rule = objectOf(r) ?? {};
    return `batch.SuccessPolicyRule{SucceededIndexes:${pointer(rule.succeededIndexes, 'string')}, SucceededCount:${pointer(rule.succeededCount, 'int32')}}`;
  });
  const list = Array.isArray(policy.rules) ? `[]batch.SuccessPolicyRule{${rules.join(', ')}}` : '[]batch.SuccessPolicyRule(nil)';
  return { goLiteral: `batch.SuccessPolicy{Rules:${list}}` };
}

/** successPolicy: Indexed Jobs only, 1 to 20 rules, each naming indexes and/or a count within completions. */
export function successPolicyErrors(spec: Obj, path: string): FieldError[] {
  const policy = objAt(spec, 'successPolicy');
  if (spec.completionMode !== 'Indexed') return [invalidError(path, goSuccessPolicy(policy), 'requires indexed completion mode')];
  const rules = arrayOf(policy.rules);
  const rulesPath = childPath(path, 'rules');
  const errs: FieldError[] = [];
  if (!rules.length) errs.push(requiredError(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_RULES) errs.push(tooManyError(rulesPath, rules.length, MAX_RULES));
  // Indexed Jobs without completions are refused on their own; there is nothing to count against.
  if (typeof spec.completions !== 'number') return errs;
  rules.forEach((rule, i) => errs.push(...successRuleErrors(objectOf(rule) ?? {}, indexPath(rulesPath, i), spec.completions as number)));
  return errs;
}
