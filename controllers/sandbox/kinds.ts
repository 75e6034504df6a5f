/** The kinds of the sandbox operator as typed resources, and their CRD names. */
import type { KubeObject, Resource } from '../../runtime/index.ts';
import { LocalWorkloadResource } from '../../generated/clients/localworkload.ts';
import { RouteGroupResource } from '../../generated/clients/routegroup.ts';
import { SandboxResource } from '../../generated/clients/sandbox.ts';
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';

const group = SandboxResource.group;

/** The apiVersion of every kind below. */
export const SANDBOX_API_VERSION = `${group}/${SandboxResource.version}`;

/** sandbox.tsop.dev/v1alpha1 Sandbox (the generated typed resource). */
export const Sandboxes: Resource<Sandbox> = SandboxResource;

/** sandbox.tsop.dev/v1alpha1 RouteGroup (the generated typed resource). */
export const RouteGroups: Resource<RouteGroup> = RouteGroupResource;

/** sandbox.tsop.dev/v1alpha1 LocalWorkload (the generated typed resource). */
export const LocalWorkloads: Resource<LocalWorkload> = LocalWorkloadResource;

/** Names of the CRDs serving the kinds above. */
export const SANDBOX_CRD_NAMES: readonly string[] = [`sandboxes.${group}`, `routegroups.${group}`, `localworkloads.${group}`];

/**
 * Views a typed object as a generic one for the metadata helpers (finalizers, owner references,
 * events), filling the type meta that cache reads may lack.
 */
export function asObject(obj: Sandbox | RouteGroup | LocalWorkload, kind: string): KubeObject {
  const o = obj as unknown as KubeObject;
  o.apiVersion ||= SANDBOX_API_VERSION;
  o.kind ||= kind;
  o.metadata ??= {};
  return o;
}
