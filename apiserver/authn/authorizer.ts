/**
 * Authorization decisions: AlwaysAllow, or RBAC evaluated by the auth module over the stored
 * Roles and bindings. system:masters is always allowed, as in Kubernetes.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { statusError } from '../../runtime/core/errors.ts';
import type { UserInfo } from '../extensions.ts';
import type { ApiContext } from '../objects/context.ts';

/** What is being asked, in the auth module's terms. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  nonResourcePath?: string;
}

const RBAC = 'rbac.authorization.k8s.io';
const PLURAL: Record<string, string> = { Role: 'roles', RoleBinding: 'rolebindings', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' };

/** RBAC objects straight from storage. */
export function rbacSource(ctx: ApiContext): { list(kind: string, namespace?: string): KubeObject[] } {
  return { list: (kind, namespace) => ctx.store.list(`${RBAC}/${PLURAL[kind] ?? kind}`, namespace) };
}

/** Decides a request. */
export function authorize(ctx: ApiContext, attrs: RequestAttributes): { allowed: boolean; reason: string } {
  if (ctx.authz === 'AlwaysAllow' || attrs.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  if (!ctx.ext.auth) return { allowed: false, reason: 'RBAC authorization is not available' };
  return ctx.ext.auth.authorize(attrs as unknown as Record<string, unknown>, rbacSource(ctx));
}

/** Throws Kubernetes' 403 when the request is not allowed. */
export function requireAllowed(ctx: ApiContext, attrs: RequestAttributes): void {
  const d = authorize(ctx, attrs);
  if (d.allowed) return;
  const message = ctx.ext.auth
    ? ctx.ext.auth.forbiddenMessage(attrs as unknown as Record<string, unknown>)
    : `${attrs.resource} is forbidden: User "${attrs.user.username}" cannot ${attrs.verb} resource "${attrs.resource}"`;
  throw statusError('Forbidden', { message, name: attrs.name, group: attrs.apiGroup, kind: attrs.resource });
}
