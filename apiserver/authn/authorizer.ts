/**
 * Authorization decisions: AlwaysAllow, or RBAC evaluated by the auth module over the stored
 * Roles and bindings. system:masters is always allowed, as in Kubernetes.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { statusError } from '../../runtime/core/errors.ts';
import type { RbacSource, RequestAttributes } from '../auth/index.ts';
import type { ApiContext } from '../objects/context.ts';

export type { RequestAttributes };

const RBAC = 'rbac.authorization.k8s.io';
const PLURAL: Record<string, string> = { Role: 'roles', RoleBinding: 'rolebindings', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' };

/** RBAC objects straight from storage. */
export function rbacSource(ctx: ApiContext): RbacSource {
  return { list: (kind: string, namespace?: string): KubeObject[] => ctx.store.list(`${RBAC}/${PLURAL[kind] ?? kind}`, namespace) };
}

/** Decides a request. */
export function authorize(ctx: ApiContext, attrs: RequestAttributes): { allowed: boolean; reason: string } {
  if (ctx.authz === 'AlwaysAllow' || attrs.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  return ctx.ext.auth.authorize(attrs, rbacSource(ctx));
}

/** Throws Kubernetes' 403 when the request is not allowed. */
export function requireAllowed(ctx: ApiContext, attrs: RequestAttributes): void {
  const d = authorize(ctx, attrs);
  if (d.allowed) return;
  throw statusError('Forbidden', { message: ctx.ext.auth.forbiddenMessage(attrs), name: attrs.name, group: attrs.apiGroup, kind: attrs.resource });
}
