/**
 * Label selectors of workloads: the shape rules of metav1.LabelSelector (keys, values,
 * operators) and whether a selector selects the labels its pod template carries. A selector
 * that fails the shape rules cannot be turned into a matcher, as LabelSelectorAsSelector refuses
 * it too; callers decide what that means for their kind.
 */
import { labelSelectorRequirements, matchesLabels, type LabelSelector } from '../../../runtime/core/selectors.ts';
import { childPath, forbiddenError, indexPath, invalidError, requiredError, type FieldError } from '../field-errors.ts';
import { labelValueErrors } from '../names.ts';
import { labelMapErrors as coreLabelMapErrors, qualifiedNameMessages } from './core-formats.ts';
import { asObj, listAt } from './workload-formats.ts';

/** ValidateLabels at `path` (absent labels have nothing to check). */
export function labelMapErrors(labels: unknown, path: string): FieldError[] {
  return coreLabelMapErrors(asObj(labels) ?? {}, path);
}

/** One matchExpressions entry: the operator and its values agree, the key and values are well formed. */
function requirementErrors(expr: unknown, path: string): FieldError[] {
  const req = asObj(expr) ?? {};
  const values = listAt(req.values);
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
  const key = typeof req.key === 'string' ? req.key : '';
  for (const msg of qualifiedNameMessages(key)) errs.push(invalidError(childPath(path, 'key'), key, msg));
  values.forEach((value, i) => {
    for (const msg of labelValueErrors(String(value))) errs.push(invalidError(indexPath(childPath(path, 'values'), i), value, msg));
  });
  return errs;
}

/** ValidateLabelSelector with label values checked strictly (the rule for new workloads). */
export function labelSelectorErrors(selector: unknown, path: string): FieldError[] {
  const sel = asObj(selector);
  if (!sel) return [];
  const errs = labelMapErrors(sel.matchLabels, childPath(path, 'matchLabels'));
  listAt(sel.matchExpressions).forEach((expr, i) => errs.push(...requirementErrors(expr, indexPath(childPath(path, 'matchExpressions'), i))));
  return errs;
}

/** True when the selector has neither matchLabels nor matchExpressions (it would select everything). */
export function isEmptySelector(selector: unknown): boolean {
  const sel = asObj(selector) ?? {};
  return Object.keys(asObj(sel.matchLabels) ?? {}).length + listAt(sel.matchExpressions).length === 0;
}

/**
 * A selector as a matcher: `undefined` when it is malformed. An absent selector selects
 * nothing and an empty one everything, as LabelSelectorAsSelector has it.
 */
export function selectorMatcher(selector: unknown): ((labels: unknown) => boolean) | undefined {
  const sel = asObj(selector);
  if (!sel) return () => false;
  if (labelSelectorErrors(sel, '').length) return undefined;
  const reqs = labelSelectorRequirements(sel as LabelSelector);
  return (labels) => matchesLabels(reqs, (asObj(labels) ?? {}) as Record<string, string>);
}
