/**
 * Label selector validation as apimachinery's metav1 validation does it: label keys are qualified
 * names, values label values, and each operator takes (or refuses) values. Unlike the workload
 * selector checks, it takes the option Kubernetes uses to let updates keep old invalid values.
 */
import { type FieldError, childPath, forbiddenError, indexPath, invalidError, requiredError } from '../field-errors.ts';
import { labelValueErrors } from '../names.ts';
import { labelMapErrors, qualifiedNameMessages } from './core-formats.ts';
import { listOf, objectOf, stringOf } from './policy-formats.ts';

/** Options Kubernetes relaxes for objects stored before a rule existed. */
export interface SelectorOptions {
  /** Lets expression values that are not label values stay (kept by updates of old objects). */
  allowInvalidLabelValues?: boolean;
}

/** ValidateLabelSelector: nothing to check when the selector is absent. */
export function labelSelectorErrors(selector: unknown, path: string, opts: SelectorOptions = {}): FieldError[] {
  const sel = objectOf(selector);
  if (!sel) return [];
  const errs = labelMapErrors(objectOf(sel.matchLabels) ?? {}, childPath(path, 'matchLabels'));
  listOf(sel.matchExpressions).forEach((raw, i) => {
    const expr = objectOf(raw) ?? {};
    const at = indexPath(childPath(path, 'matchExpressions'), i);
    const values = listOf(expr.values);
    const operator = stringOf(expr.operator);
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(requiredError(childPath(at, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(forbiddenError(childPath(at, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalidError(childPath(at, 'operator'), operator, 'not a valid selector operator'));
    }
    const key = stringOf(expr.key);
    for (const msg of qualifiedNameMessages(key)) errs.push(invalidError(childPath(at, 'key'), key, msg));
    if (!opts.allowInvalidLabelValues) {
      values.forEach((v, j) => {
        for (const msg of labelValueErrors(stringOf(v))) errs.push(invalidError(indexPath(childPath(at, 'values'), j), stringOf(v), msg));
      });
    }
  });
  return errs;
}
