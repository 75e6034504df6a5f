/**
 * The RBAC authorizer: a request is allowed when any rule granted to the user by an applicable
 * binding matches it. Members of system:masters are allowed unconditionally, as kube-apiserver's
 * privileged-group authorizer does ahead of RBAC.
 */
import { bindingsFor } from './rule-resolver.ts';
import { ruleAllows } from './rule-match.ts';
import { systemMastersGroup, type RbacSource, type RequestAttributes } from './types.ts';

/** An authorization decision with Kubernetes' reason text. */
export interface AuthorizationDecision {
  allowed: boolean;
  /** `RBAC: allowed by ...` when allowed; empty or `RBAC: <errors>` when denied. */
  reason: string;
}

/** Decides a request with RBAC semantics. */
export function authorize(attrs: RequestAttributes, rbac: RbacSource): AuthorizationDecision {
  if (attrs.user.groups.includes(systemMastersGroup)) return { allowed: true, reason: '' };
  const namespace = attrs.nonResourcePath !== undefined ? '' : (attrs.namespace ?? '');
  const errors: string[] = [];
  for (const binding of bindingsFor(attrs.user, namespace, rbac)) {
    if (binding.error) errors.push(binding.error);
    if (binding.rules.some((rule) => ruleAllows(attrs, rule))) {
      return { allowed: true, reason: `RBAC: allowed by ${binding.source}` };
    }
  }
  if (errors.length === 0) return { allowed: false, reason: '' };
  return { allowed: false, reason: `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` };
}
