/**
 * Names and labels of the objects a Sandbox creates. The labels are how the routing proxy and
 * humans find a sandbox's forks; the selector labels keep fork pods apart from baseline pods.
 */
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';

/** Label: the Sandbox a fork belongs to. */
export const LABEL_SANDBOX = 'sandbox.tsop.dev/sandbox';
/** Label: the sandbox service a fork implements. */
export const LABEL_SERVICE = 'sandbox.tsop.dev/service';
/** Label: the routing key that selects the sandbox. */
export const LABEL_ROUTING_KEY = 'sandbox.tsop.dev/routing-key';
/** Label: the RouteGroup a route table belongs to. */
export const LABEL_ROUTEGROUP = 'sandbox.tsop.dev/routegroup';
/** Label: who manages the object. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Value of LABEL_MANAGED_BY on every object the operator creates. */
export const MANAGED_BY = 'tsop-sandbox';
/** Annotation on a fork: the baseline Deployment it copies, `namespace/name`. */
export const ANNOTATION_BASELINE = 'sandbox.tsop.dev/baseline';
/** Field manager of the operator's server-side applies. */
export const FIELD_MANAGER = 'sandbox-controller';

/** Name of the Deployment and Service forking service of sandbox. */
export function forkName(sandbox: string, service: string): string {
  return `${sandbox}-${service}`;
}

/** Why a fork name cannot be used as a Service name (RFC 1035 label), or undefined when it can. */
export function invalidForkName(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) return `"${name}" is not a valid Service name (lower-case letters, digits and '-', starting with a letter)`;
  return undefined;
}

/** The routing key in effect: spec.routingKey, or the UID when that is empty. */
export function effectiveRoutingKey(sb: Sandbox): string {
  return sb.spec?.routingKey || sb.metadata?.uid || '';
}

/** Cluster DNS name of a Service. */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** Labels a fork's pods carry and its Deployment and Service select on. */
export function forkSelector(sandbox: string, service: string): Record<string, string> {
  return { [LABEL_SANDBOX]: sandbox, [LABEL_SERVICE]: service };
}
