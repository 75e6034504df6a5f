/**
 * The sandbox operator (sandbox.tsop.dev): Sandboxes fork baseline Deployments and Services and
 * expire after their TTL, RouteGroups publish route tables for the routing proxy, and
 * LocalWorkloads track the heartbeats of developers' local agents.
 */
import {
  ConfigMaps, Deployments, EventRecorder, Services, controllerFor, type Controller, type Manager, type Resource,
} from '../../runtime/index.ts';
import { LocalWorkloads, RouteGroups, SANDBOX_CRD_NAMES, Sandboxes } from './kinds.ts';
import { LocalWorkloadReconciler } from './localworkload-reconciler.ts';
import { RouteGroupReconciler } from './routegroup-reconciler.ts';
import { SandboxReconciler } from './sandbox-reconciler.ts';
import {
  BASELINE_INDEX, SANDBOX_INDEX, deploymentToSandboxes, localWorkloadSandbox, localWorkloadToRouteGroups, routeGroupSandboxes, sandboxBaselines,
  sandboxToLocalWorkloads, sandboxToRouteGroups, serviceToSandboxes,
} from './watches.ts';

export { LocalWorkloads, RouteGroups, Sandboxes, SANDBOX_CRD_NAMES } from './kinds.ts';
export { SANDBOX_FINALIZER, SandboxReconciler } from './sandbox-reconciler.ts';
export { RouteGroupReconciler, routeTableName } from './routegroup-reconciler.ts';
export { LocalWorkloadReconciler } from './localworkload-reconciler.ts';
export { ANNOTATION_HEARTBEAT, ANNOTATION_TUNNEL_ID } from './heartbeat.ts';
export { ROUTE_TABLE_KEY, type LocalTarget, type RouteEntry, type RouteTable, type RouteTarget } from './route-table.ts';
export { LABEL_ROUTING_KEY, LABEL_SANDBOX, LABEL_SERVICE } from './naming.ts';

/** Options of registerSandboxControllers. */
export interface SandboxControllerOptions {
  /**
   * The clock of all three reconcilers (expiry, heartbeat staleness, condition times). Tests
   * move it forward to reach a TTL of minutes or a stale heartbeat without waiting.
   */
  now?: () => Date;
}

/** CRDs the operator needs installed. */
export const sandboxCrds: readonly string[] = SANDBOX_CRD_NAMES;

/** Resources the operator reconciles or watches. */
export const sandboxResources: readonly Resource[] = [Sandboxes, RouteGroups, LocalWorkloads].map((r) => r as unknown as Resource).concat([Deployments, Services, ConfigMaps]);

/** The three controllers, once registered. */
export interface SandboxControllers {
  sandbox: Controller;
  routeGroup: Controller;
  localWorkload: Controller;
}

/** Wires the Sandbox, RouteGroup and LocalWorkload controllers into mgr. */
export function registerSandboxControllers(mgr: Manager, opts: SandboxControllerOptions = {}): SandboxControllers {
  const recorder = new EventRecorder({ client: mgr.client, component: 'sandbox-controller', logger: mgr.logger });
  mgr.cache.indexField(Sandboxes, BASELINE_INDEX, sandboxBaselines);
  mgr.cache.indexField(RouteGroups, SANDBOX_INDEX, routeGroupSandboxes);
  mgr.cache.indexField(LocalWorkloads, SANDBOX_INDEX, localWorkloadSandbox);
  const sandbox = controllerFor(mgr, Sandboxes)
    .owns(Deployments)
    .owns(Services)
    .watches(Deployments, deploymentToSandboxes(mgr.client))
    .watches(Services, serviceToSandboxes(mgr.client))
    .named('sandbox')
    .complete(new SandboxReconciler({ client: mgr.client, reader: mgr.apiReader, recorder, now: opts.now }));
  const routeGroup = controllerFor(mgr, RouteGroups)
    .owns(ConfigMaps)
    .watches(Sandboxes, sandboxToRouteGroups(mgr.client))
    .watches(LocalWorkloads, localWorkloadToRouteGroups(mgr.client))
    .named('routegroup')
    .complete(new RouteGroupReconciler({ client: mgr.client, recorder, now: opts.now }));
  const localWorkload = controllerFor(mgr, LocalWorkloads)
    .watches(Sandboxes, sandboxToLocalWorkloads(mgr.client))
    .named('localworkload')
    .complete(new LocalWorkloadReconciler({ client: mgr.client, recorder, now: opts.now }));
  return { sandbox, routeGroup, localWorkload };
}
