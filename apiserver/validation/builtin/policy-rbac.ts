/**
 * RBAC content rules (Kubernetes' rbac validation): policy rules need verbs and either resources
 * with API groups or non-resource URLs (the latter only in ClusterRoles), aggregation rules need
 * selectors, and bindings reference a role of a kind they may bind and name well-formed subjects.
 * A roleRef that changes on update is refused by the binding update strategy, not here.
 */
import { type FieldError, childPath, indexPath, invalidError, notSupportedError, requiredError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import type { BuiltinValidator } from './types.ts';
import { goTypedStrings, listOf, objectOf, pathSegmentNameErrors, stringOf } from './policy-formats.ts';
import { labelSelectorErrors, type SelectorOptions } from './policy-selectors.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function policyRuleErrors(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const rule = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  if (!listOf(rule.verbs).length) errs.push(requiredError(childPath(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = listOf(rule.nonResourceURLs);
  if (urls.length) {
    const printed = { goLiteral: goTypedStrings(urls, 'string') };
    if (namespaced) errs.push(invalidError(childPath(path, 'nonResourceURLs'), printed, 'namespaced rules cannot apply to non-resource URLs'));
    if (listOf(rule.apiGroups).length || listOf(rule.resources).length || listOf(rule.resourceNames).length) {
      errs.push(invalidError(childPath(path, 'nonResourceURLs'), printed, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!listOf(rule.apiGroups).length) errs.push(requiredError(childPath(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (!listOf(rule.resources).length) errs.push(requiredError(childPath(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function rulesErrors(obj: Record<string, unknown>, namespaced: boolean): FieldError[] {
  return listOf(obj.rules).flatMap((r, i) => policyRuleErrors(r, namespaced, indexPath('rules', i)));
}

function aggregationErrors(obj: Record<string, unknown>, opts: SelectorOptions = {}): FieldError[] {
  const rule = objectOf(obj.aggregationRule);
  if (!rule) return [];
  const selectors = listOf(rule.clusterRoleSelectors);
  const errs: FieldError[] = [];
  if (!selectors.length) errs.push(requiredError('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((s, i) => errs.push(...labelSelectorErrors(s, indexPath('aggregationRule.clusterRoleSelectors', i), opts)));
  return errs;
}

const validateClusterRole: BuiltinValidator = (obj, old) => {
  // An update may keep selector values that are no longer valid label values.
  const oldSelectors = listOf(objectOf(old?.aggregationRule)?.clusterRoleSelectors);
  const allowInvalidLabelValues = oldSelectors.some((s) => labelSelectorErrors(s, '').length > 0);
  return [...rulesErrors(obj, false), ...aggregationErrors(obj, { allowInvalidLabelValues })];
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
      if (name) for (const msg of dns1123SubdomainErrors(name)) errs.push(invalidError(childPath(path, 'name'), name, msg));
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
  else for (const msg of pathSegmentNameErrors(name)) errs.push(invalidError('roleRef.name', name, msg));
  listOf(obj.subjects).forEach((s, i) => errs.push(...subjectErrors(s, namespaced, indexPath('subjects', i))));
  return errs;
}

/** Validators of the RBAC kinds, by storage key. */
export const RBAC_VALIDATORS: Record<string, BuiltinValidator> = {
  'rbac.authorization.k8s.io/roles': (obj) => rulesErrors(obj, true),
  'rbac.authorization.k8s.io/clusterroles': validateClusterRole,
  'rbac.authorization.k8s.io/rolebindings': (obj) => bindingErrors(obj, true),
  'rbac.authorization.k8s.io/clusterrolebindings': (obj) => bindingErrors(obj, false),
};
