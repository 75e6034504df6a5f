/**
 * Authentication and authorization for the local API server: RBAC decisions and Forbidden messages
 * worded as Kubernetes words them, SelfSubjectRulesReview, and bearer tokens.
 */
export type { UserInfo, RequestAttributes, RbacSource, PolicyRule, Subject, RoleRef } from './types.ts';
export { systemMastersGroup } from './types.ts';
export { authorize, type AuthorizationDecision } from './authorizer.ts';
export { forbiddenMessage, forbiddenError, forbiddenReasonText } from './forbidden.ts';
export { rulesReview, allowAllRulesReview } from './rules-review.ts';
export type { ResourceRule, NonResourceRule, SubjectRulesReviewStatus } from './rules-review.ts';
export { ruleAllows } from './rule-match.ts';
export { bindingsFor, clusterRoleRules, serviceAccountUsername, subjectAppliesTo } from './rule-resolver.ts';
export {
  createTokenAuthority, serviceAccountUser, adminUser, anonymousUser, tokenIssuer,
  defaultTokenExpirationSeconds, minTokenExpirationSeconds,
} from './tokens.ts';
export type { TokenAuthority, TokenAuthentication, ServiceAccountRef, ServiceAccountClaims, IssuedToken } from './tokens.ts';
