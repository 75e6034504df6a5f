/**
 * SelfSubjectRulesReview: the rules a user holds in a namespace, flattened from every applicable
 * binding the way the RBAC authorizer's RulesFor reports them (one resource rule per PolicyRule with
 * resources, one non-resource rule per PolicyRule with URLs).
 */
import { bindingsFor } from './rule-resolver.ts';
import { systemMastersGroup, type RbacSource, type UserInfo } from './types.ts';

/** authorization/v1 ResourceRule. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** authorization/v1 NonResourceRule. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** authorization/v1 SubjectRulesReviewStatus. */
export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** What an allow-all authorizer reports: everything on everything. */
export function allowAllRulesReview(): SubjectRulesReviewStatus {
  return {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  };
}

function nonEmpty<T extends object>(obj: T): T {
  for (const [k, v] of Object.entries(obj)) if (Array.isArray(v) && v.length === 0) delete (obj as Record<string, unknown>)[k];
  return obj;
}

/**
 * The status of a SelfSubjectRulesReview for `user` in `namespace`. Members of system:masters get
 * the allow-all rules first, as the cluster-admin binding of a real cluster would report.
 */
export function rulesReview(user: UserInfo, namespace: string, rbac: RbacSource): SubjectRulesReviewStatus {
  const status: SubjectRulesReviewStatus = user.groups.includes(systemMastersGroup)
    ? allowAllRulesReview()
    : { resourceRules: [], nonResourceRules: [], incomplete: false };
  const errors: string[] = [];
  for (const binding of bindingsFor(user, namespace, rbac)) {
    if (binding.error) errors.push(binding.error);
    for (const rule of binding.rules) {
      if (rule.resources?.length) {
        status.resourceRules.push(nonEmpty({
          verbs: [...(rule.verbs ?? [])],
          apiGroups: [...(rule.apiGroups ?? [])],
          resources: [...rule.resources],
          resourceNames: [...(rule.resourceNames ?? [])],
        }));
      }
      if (rule.nonResourceURLs?.length) {
        status.nonResourceRules.push({ verbs: [...(rule.verbs ?? [])], nonResourceURLs: [...rule.nonResourceURLs] });
      }
    }
  }
  if (errors.length) {
    status.incomplete = true;
    status.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  }
  return status;
}
