/**
 * Label selectors (metav1.LabelSelector) as apimachinery validates them, for every kind that
 * carries one: keys are qualified names, values label values, and each operator takes (or
 * refuses) values. Also whether a selector selects the labels a pod template carries. A selector
 * that fails the shape rules cannot be turned into a matcher, as LabelSelectorAsSelector refuses
 * it too; callers decide what that means for their kind.
 */
import { labelSelectorRequirements, matchesLabels, type LabelSelector } from '../../../runtime/core/selectors.ts';
import { childPath, forbiddenError, indexPath, invalidError, invalidErrors, requiredError, type FieldError } from '../field-errors.ts';
import { labelValueErrors, qualifiedNameErrors } from '../names.ts';
import { labelMapErrors } from './formats.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';

/** Options Kubernetes relaxes for objects stored before a rule existed. */
export interface SelectorOptions {
  /** Lets expression values that are not label values stay (kept by updates of old objects). */
  allowInvalidLabelValues?: boolean;
}

/** One matchExpressions entry: the operator and its values agree, the key and values are well formed. */
function requirementErrors(expr: unknown, path: string, opts: SelectorOptions): FieldError[] {
  const req = objectOf(expr) ?? {};
  const values = arrayOf(req.values);
  const errs: FieldError[] = [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length) errs.push(requiredError(childPath(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) errs.push(forbiddenError(childPath(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(invalidError(childPath(path, 'operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  const key = stringOf(req.key);
  errs.push(...invalidErrors(childPath(path, 'key'), key, qualifiedNameErrors(key)));
  if (!opts.allowInvalidLabelValues) {
    values.forEach((value, i) => errs.push(...invalidErrors(indexPath(childPath(path, 'values'), i), value, labelValueErrors(String(value)))));
  }
  return errs;
}

/**
 * ValidateLabelSelector: nothing to check when the selector is absent. Label values are checked
 * strictly unless `allowInvalidLabelValues` keeps what an older release let through.
 */
export function labelSelectorErrors(selector: unknown, path: string, opts: SelectorOptions = {}): FieldError[] {
  const sel = objectOf(selector);
  if (!sel) return [];
  const errs = labelMapErrors(sel.matchLabels, childPath(path, 'matchLabels'));
  arrayOf(sel.matchExpressions).forEach((expr, i) => errs.push(...requirementErrors(expr, indexPath(childPath(path, 'matchExpressions'), i), opts)));
  return errs;
}

/**
 * The ratchet of an update: a stored selector whose values are no longer valid label values may
 * keep them, as Kubernetes lets objects written by older releases be updated.
 */
export function keepsInvalidLabelValues(...oldSelectors: unknown[]): SelectorOptions {
  return { allowInvalidLabelValues: oldSelectors.some((s) => labelSelectorErrors(s, '').length > 0) };
}

/** True when the selector has neither matchLabels nor matchExpressions (it would select everything). */
export function isEmptySelector(selector: unknown): boolean {
  const sel = objectOf(selector) ?? {};
  return Object.keys(objectOf(sel.matchLabels) ?? {}).length + arrayOf(sel.matchExpressions).length === 0;
}

/**
 * A selector as a matcher: `undefined` when it is malformed. An absent selector selects
 * nothing and an empty one everything, as LabelSelectorAsSelector has it.
 */
export function selectorMatcher(selector: unknown): ((labels: unknown) => boolean) | undefined {
  const sel = objectOf(selector);
  if (!sel) return () => false;
  if (labelSelectorErrors(sel, '').length) return undefined;
  const reqs = labelSelectorRequirements(sel as LabelSelector);
  return (labels) => matchesLabels(reqs, (objectOf(labels) ?? {}) as Record<string, string>);
}
