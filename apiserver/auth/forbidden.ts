/**
 * The Forbidden error exactly as kube-apiserver words it (responsewriters.ForbiddenStatusError over
 * errors.NewForbidden): `<resource>.<group> "<name>" is forbidden: User "<u>" cannot <verb> resource
 * "<resource>[/<sub>]" in API group "<group>" in the namespace "<ns>"`, the `at the cluster scope`
 * variant, and `forbidden: User "<u>" cannot <verb> path "<path>"` for non-resource requests.
 */
import { statusError, type StatusError } from '../../runtime/core/errors.ts';
import type { RequestAttributes } from './types.ts';

/** Go's %q for the plain strings that occur here. */
const q = (s: string): string => JSON.stringify(s);

/** HTML-escapes as the apiserver does before echoing request data into a message. */
function sanitize(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The part after `is forbidden: ` (the authorizer-independent explanation). */
export function forbiddenReasonText(attrs: RequestAttributes): string {
  const user = attrs.user.username;
  if (attrs.nonResourcePath !== undefined) {
    return `User ${q(user)} cannot ${attrs.verb} path ${q(attrs.nonResourcePath)}`;
  }
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const head = `User ${q(user)} cannot ${attrs.verb} resource ${q(resource)} in API group ${q(attrs.apiGroup)}`;
  return attrs.namespace ? `${head} in the namespace ${q(attrs.namespace)}` : `${head} at the cluster scope`;
}

/**
 * The full Forbidden message. `reason` is the authorizer's reason (RBAC gives one only when a binding
 * refers to a missing role) and is appended after a colon.
 */
export function forbiddenMessage(attrs: RequestAttributes, reason = ''): string {
  let text = sanitize(forbiddenReasonText(attrs));
  if (reason) text = `${text}: ${reason}`;
  if (attrs.nonResourcePath !== undefined || (!attrs.resource && !attrs.apiGroup)) return `forbidden: ${text}`;
  const gr = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return attrs.name ? `${gr} ${q(attrs.name)} is forbidden: ${text}` : `${gr} is forbidden: ${text}`;
}

/** The 403 StatusError with Kubernetes' details (group, kind = resource, name). */
export function forbiddenError(attrs: RequestAttributes, reason = ''): StatusError {
  const resourceRequest = attrs.nonResourcePath === undefined;
  return statusError('Forbidden', {
    message: forbiddenMessage(attrs, reason),
    ...(resourceRequest && attrs.name ? { name: attrs.name } : {}),
    ...(resourceRequest && attrs.apiGroup ? { group: attrs.apiGroup } : {}),
    ...(resourceRequest && attrs.resource ? { kind: attrs.resource } : {}),
  });
}
