/**
 * RBAC content rules (Kubernetes' rbac validation): policy rules need verbs and either resources
 * with API groups or non-resource URLs (the latter only in ClusterRoles), aggregation rules need
 * selectors, and bindings reference a role of a kind they may bind and name well-formed subjects.
 * A roleRef that changes on update is refused by the binding update strategy, not here.
 */
import { type FieldError, childPath, indexPath, invalidError, invalidErrors, notSupportedError, requiredError } from '../field-errors.ts';
import { dns1123SubdomainErrors, pathSegmentNameErrors } from '../names.ts';
import { goStringSlice } from './go-values.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { keepsInvalidLabelValues, labelSelectorErrors, type SelectorOptions } from './workload-selectors.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function policyRuleErrors(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const rule = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  if (!arrayOf(rule.verbs).length) errs.push(requiredError(childPath(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = arrayOf(rule.nonResourceURLs);
  if (urls.length) {
    const printed = { goLiteral: goStringSlice(urls, 'string') };
    if (namespaced) errs.push(invalidError(childPath(path, 'nonResourceURLs'), printed, 'namespaced rules cannot apply to non-resource URLs'));
    if (arrayOf(rule.apiGroups).length || arrayOf(rule.resources).length || arrayOf(rule.resourceNames).length) {
      errs.push(invalidError(childPath(path, 'nonResourceURLs'), printed, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!arrayOf(rule.apiGroups).length) errs.push(requiredError(childPath(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (!arrayOf(rule.resources).length) errs.push(requiredError(childPath(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function rulesErrors(obj: Record<string, unknown>, namespaced: boolean): FieldError[] {
  return arrayOf(obj.rules).flatMap((r, i) => policyRuleErrors(r, namespaced, indexPath('rules', i)));
}

function aggregationErrors(obj: Record<string, unknown>, opts: SelectorOptions = {}): FieldError[] {
  const rule = objectOf(obj.aggregationRule);
  if (!rule) return [];
  const selectors = arrayOf(rule.clusterRoleSelectors);
  const errs: FieldError[] = [];
  if (!selectors.length) errs.push(requiredError('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((s, i) => errs.push(...labelSelectorErrors(s, indexPath('aggregationRule.clusterRoleSelectors', i), opts)));
  return errs;
}

const validateClusterRole: BuiltinValidator = (obj, old) => {
  // An update may keep selector values that are no longer valid label values.
  const oldSelectors = arrayOf(objectOf(old?.aggregationRule)?.clusterRoleSelectors);
  return [...rulesErrors(obj, false), ...aggregationErrors(obj, keepsInvalidLabelValues(...oldSelectors))];
};

/**
 * The API group a subject or roleRef is served with: Kubernetes defaults an empty one (User and
 * Group subjects and role references to the RBAC group) before validating, so an object that
 * leaves it out is checked as the cluster would store it.
 */
function effectiveGroup(group: unknown, kind: string): string {
  const g = stringOf(group);
  if (g) return g;
  return kind === 'User' || kind === 'Group' || kind === 'roleRef' ? RBAC_GROUP : '';
}

function subjectErrors(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const subject = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  const name = stringOf(subject.name);
  const kind = stringOf(subject.kind);
  const group = effectiveGroup(subject.apiGroup, kind);
  if (!name) errs.push(requiredError(childPath(path, 'name')));
  switch (kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidErrors(childPath(path, 'name'), name, dns1123SubdomainErrors(name)));
      if (group) errs.push(notSupportedError(childPath(path, 'apiGroup'), group, ['']));
      if (!namespaced && !stringOf(subject.namespace)) errs.push(requiredError(childPath(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (group !== RBAC_GROUP) errs.push(notSupportedError(childPath(path, 'apiGroup'), group, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupportedError(childPath(path, 'kind'), kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function bindingErrors(obj: Record<string, unknown>, namespaced: boolean): FieldError[] {
  const ref = objectOf(obj.roleRef) ?? {};
  const errs: FieldError[] = [];
  const group = effectiveGroup(ref.apiGroup, 'roleRef');
  if (group !== RBAC_GROUP) errs.push(notSupportedError('roleRef.apiGroup', group, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = stringOf(ref.kind);
  if (!kinds.includes(kind)) errs.push(notSupportedError('roleRef.kind', kind, kinds));
  const name = stringOf(ref.name);
  if (!name) errs.push(requiredError('roleRef.name'));
  else errs.push(...invalidErrors('roleRef.name', name, pathSegmentNameErrors(name)));
  arrayOf(obj.subjects).forEach((s, i) => errs.push(...subjectErrors(s, namespaced, indexPath('subjects', i))));
  return errs;
}

/** Validators of the RBAC kinds, by storage key. */
export const RBAC_VALIDATORS: Record<string, BuiltinValidator> = {
  'rbac.authorization.k8s.io/roles': (obj) => rulesErrors(obj, true),
  'rbac.authorization.k8s.io/clusterroles': validateClusterRole,
  'rbac.authorization.k8s.io/rolebindings': (obj) => bindingErrors(obj, true),
  'rbac.authorization.k8s.io/clusterrolebindings': (obj) => bindingErrors(obj, false),
};
