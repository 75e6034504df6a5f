/**
 * How changes to one object reach the reconcilers of others: field indexes over the references
 * (baseline Deployments of sandboxes, sandboxes of routes and of local workloads) and the map
 * functions that turn a changed object into the requests of the objects referring to it.
 */
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import type { ApiObject, Client, KubeObject, MapFunc, Request, Resource } from '../../runtime/index.ts';
import { baselineKeyString } from './baseline.ts';
import { LocalWorkloads, RouteGroups, Sandboxes } from './kinds.ts';

/** Index of Sandboxes by baseline Deployment, `namespace/name`. */
export const BASELINE_INDEX = 'sandbox.tsop.dev/baseline';
/** Index of RouteGroups and LocalWorkloads by the Sandbox they name, `namespace/name`. */
export const SANDBOX_INDEX = 'sandbox.tsop.dev/sandbox';

/** Index values of a Sandbox: its baselines. */
export function sandboxBaselines(sb: Sandbox): string[] {
  return [...new Set((sb.spec?.services ?? []).map((svc) => baselineKeyString(sb, svc)))];
}

/** Index values of a RouteGroup: the sandboxes its routes send to. */
export function routeGroupSandboxes(rg: RouteGroup): string[] {
  return [...new Set((rg.spec?.routes ?? []).map((r) => `${rg.metadata?.namespace ?? ''}/${r.sandbox}`))];
}

/** Index values of a LocalWorkload: its sandbox. */
export function localWorkloadSandbox(lw: LocalWorkload): string[] {
  return lw.spec?.sandboxRef?.name ? [`${lw.metadata?.namespace ?? ''}/${lw.spec.sandboxRef.name}`] : [];
}

function keyOf(obj: KubeObject | ApiObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function referrers<T extends ApiObject>(client: Pick<Client, 'list'>, res: Resource<T>, index: string): (key: string) => Promise<Request[]> {
  return async (key) => {
    const list = await client.list(res, { fieldSelector: `${index}=${key}` });
    return list.items.map((o) => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' }));
  };
}

/** Deployment -> the Sandboxes forking it (so a baseline that appears or changes is picked up). */
export function deploymentToSandboxes(client: Pick<Client, 'list'>): MapFunc<KubeObject> {
  const find = referrers(client, Sandboxes, BASELINE_INDEX);
  return (d) => find(keyOf(d));
}

/**
 * Service -> the Sandboxes forking the Deployment of the same name, so that port changes of a
 * baseline Service (the usual Deployment-named one) reach the forks.
 */
export function serviceToSandboxes(client: Pick<Client, 'list'>): MapFunc<KubeObject> {
  const find = referrers(client, Sandboxes, BASELINE_INDEX);
  return (svc) => find(keyOf(svc));
}

/** Sandbox -> the RouteGroups routing to it. */
export function sandboxToRouteGroups(client: Pick<Client, 'list'>): MapFunc<Sandbox> {
  const find = referrers(client, RouteGroups, SANDBOX_INDEX);
  return (sb) => find(keyOf(sb));
}

/** LocalWorkload -> the RouteGroups routing to its sandbox (its connection decides a route target). */
export function localWorkloadToRouteGroups(client: Pick<Client, 'list'>): MapFunc<LocalWorkload> {
  const find = referrers(client, RouteGroups, SANDBOX_INDEX);
  return async (lw) => (await Promise.all(localWorkloadSandbox(lw).map(find))).flat();
}

/** Sandbox -> the LocalWorkloads standing in for one of its services. */
export function sandboxToLocalWorkloads(client: Pick<Client, 'list'>): MapFunc<Sandbox> {
  const find = referrers(client, LocalWorkloads, SANDBOX_INDEX);
  return (sb) => find(keyOf(sb));
}
