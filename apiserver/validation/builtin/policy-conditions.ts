/**
 * metav1.Condition lists as apimachinery validates them (ValidateConditions): one condition per
 * type, a qualified-name type, a True/False/Unknown status, a transition time, and a reason in
 * CamelCase-ish form within 1 KiB; messages stay within 32 KiB.
 */
import { type FieldError, childPath, duplicateError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, tooLongError } from '../field-errors.ts';
import { qualifiedNameErrors, regexError } from '../names.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';

const STATUSES = ['False', 'True', 'Unknown'];
const REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const REASON_MESSAGE = regexError(
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
  '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?', 'my_name', 'MY_NAME', 'MyName', 'ReasonA,ReasonB', 'ReasonA:ReasonB',
);

function conditionErrors(raw: unknown, path: string): FieldError[] {
  const c = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  const type = stringOf(c.type);
  errs.push(...invalidErrors(childPath(path, 'type'), type, qualifiedNameErrors(type)));
  if (!STATUSES.includes(stringOf(c.status))) errs.push(notSupportedError(childPath(path, 'status'), stringOf(c.status), STATUSES));
  if (typeof c.observedGeneration === 'number' && c.observedGeneration < 0) {
    errs.push(invalidError(childPath(path, 'observedGeneration'), c.observedGeneration, 'must be greater than or equal to zero'));
  }
  if (!stringOf(c.lastTransitionTime)) errs.push(requiredError(childPath(path, 'lastTransitionTime'), 'must be set'));
  const reason = stringOf(c.reason);
  if (!reason) errs.push(requiredError(childPath(path, 'reason'), 'must be set'));
  else {
    if (!REASON.test(reason)) errs.push(invalidError(childPath(path, 'reason'), reason, REASON_MESSAGE));
    if (Buffer.byteLength(reason) > 1024) errs.push(tooLongError(childPath(path, 'reason'), 1024));
  }
  if (Buffer.byteLength(stringOf(c.message)) > 32 * 1024) errs.push(tooLongError(childPath(path, 'message'), 32 * 1024));
  return errs;
}

/** ValidateConditions: a duplicate type is reported before the condition's own checks. */
export function conditionsErrors(conditions: unknown, path: string): FieldError[] {
  const seen = new Set<string>();
  return arrayOf(conditions).flatMap((c, i) => {
    const at = indexPath(path, i);
    const type = stringOf(objectOf(c)?.type);
    const errs = seen.has(type) ? [duplicateError(childPath(at, 'type'), type)] : [];
    seen.add(type);
    return [...errs, ...conditionErrors(c, at)];
  });
}
