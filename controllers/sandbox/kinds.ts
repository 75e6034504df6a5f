/** The kinds of the sandbox operator as typed resources, and their CRD names. */
import { defineResource, type KubeObject, type Resource } from '../../runtime/index.ts';
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';

const group = 'sandbox.tsop.dev';
const version = 'v1alpha1';

/** The apiVersion of every kind below. */
export const SANDBOX_API_VERSION = `${group}/${version}`;

/** sandbox.tsop.dev/v1alpha1 Sandbox. */
export const Sandboxes: Resource<Sandbox> = defineResource<Sandbox>({
  group, version, kind: 'Sandbox', plural: 'sandboxes', singular: 'sandbox', listKind: 'SandboxList', namespaced: true, shortNames: ['sb'],
});

/** sandbox.tsop.dev/v1alpha1 RouteGroup. */
export const RouteGroups: Resource<RouteGroup> = defineResource<RouteGroup>({
  group, version, kind: 'RouteGroup', plural: 'routegroups', singular: 'routegroup', listKind: 'RouteGroupList', namespaced: true, shortNames: ['rg'],
});

/** sandbox.tsop.dev/v1alpha1 LocalWorkload. */
export const LocalWorkloads: Resource<LocalWorkload> = defineResource<LocalWorkload>({
  group, version, kind: 'LocalWorkload', plural: 'localworkloads', singular: 'localworkload', listKind: 'LocalWorkloadList', namespaced: true, shortNames: ['lw'],
});

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
