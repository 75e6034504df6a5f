/**
 * The RouteGroup reconciler: resolves each route's sandbox, publishes the route table in the
 * `<routegroup>-routes` ConfigMap (owned by the RouteGroup, so it goes with it) and reports how
 * many routes are in effect. Sandbox and LocalWorkload changes reach it through mappings to the
 * route groups that route to the sandbox concerned.
 */
import type { RouteGroup, RouteGroupStatus } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import {
  applyObject, ConfigMaps, createMergePatch, isNotFound, type Client, type EventRecorder, type KubeObject,
  type ReconcileContext, type Request, type Result,
} from '../../runtime/index.ts';
import { asObject, LocalWorkloads, RouteGroups, Sandboxes, SANDBOX_API_VERSION } from './kinds.ts';
import { FIELD_MANAGER, LABEL_MANAGED_BY, LABEL_ROUTEGROUP, MANAGED_BY } from './naming.ts';
import { buildRouteTable, renderRouteTable, ROUTE_TABLE_KEY } from './route-table.ts';
import { applyRouteTable } from './routegroup-status.ts';

// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=routegroups,verbs=get;list;watch
// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=routegroups/status,verbs=get;update;patch
// Setting blockOwnerDeletion on the table's owner reference needs update on the owner's finalizers:
// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=routegroups/finalizers,verbs=update
// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get;list;watch;create;patch

/** Name of the ConfigMap holding a RouteGroup's route table. */
export function routeTableName(routeGroup: string): string {
  return `${routeGroup}-routes`;
}

/** What the RouteGroup reconciler works with. */
export interface RouteGroupReconcilerDeps {
  client: Client;
  recorder: EventRecorder;
  now?: () => Date;
}

/** Reconciles RouteGroups; see the module comment. */
export class RouteGroupReconciler {
  readonly #d: RouteGroupReconcilerDeps;

  constructor(deps: RouteGroupReconcilerDeps) {
    this.#d = deps;
  }

  /** One reconcile of the RouteGroup named by req. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const { client } = this.#d;
    let rg: RouteGroup;
    try {
      rg = await client.get(RouteGroups, req);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const obj = asObject(rg, 'RouteGroup');
    if (obj.metadata.deletionTimestamp) return;
    const sandboxes = await this.#sandboxes(rg);
    const locals = (await client.list(LocalWorkloads, { namespace: req.namespace })).items;
    const table = buildRouteTable(rg, sandboxes, locals);
    const text = renderRouteTable(table);
    const name = routeTableName(req.name);
    const changed = await this.#publish(rg, name, text);
    const status: RouteGroupStatus = structuredClone(rg.status ?? {});
    const events = applyRouteTable(status, table, name, rg.metadata?.generation, this.#d.now?.() ?? new Date());
    if (changed) {
      const active = table.routes.filter((r) => r.active).length;
      events.unshift({ type: 'Normal', reason: 'RouteTableUpdated', message: `ConfigMap ${name}: ${active} of ${table.routes.length} routes active` });
      ctx.logger.info({ configMap: name, active, total: table.routes.length }, 'route table updated');
    }
    const patch = createMergePatch({ status: rg.status ?? {} }, { status });
    if (patch !== undefined) await client.patchStatus(RouteGroups, { namespace: req.namespace, name: req.name }, patch, { type: 'merge' });
    for (const e of events) this.#d.recorder.event(obj, e.type, e.reason, e.message);
  }

  /** The sandboxes the routes name that exist, by name. */
  async #sandboxes(rg: RouteGroup): Promise<Map<string, Sandbox>> {
    const out = new Map<string, Sandbox>();
    for (const name of new Set((rg.spec?.routes ?? []).map((r) => r.sandbox))) {
      try {
        out.set(name, await this.#d.client.get(Sandboxes, { namespace: rg.metadata?.namespace, name }));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return out;
  }

  /** Applies the ConfigMap unless the cache shows it already holds text; true when the table changed. */
  async #publish(rg: RouteGroup, name: string, text: string): Promise<boolean> {
    const ns = rg.metadata?.namespace ?? '';
    let live: KubeObject | undefined;
    try {
      live = await this.#d.client.get(ConfigMaps, { namespace: ns, name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const current = (live?.data as Record<string, string> | undefined)?.[ROUTE_TABLE_KEY];
    const owned = live?.metadata.ownerReferences?.some((r) => r.controller && r.uid === rg.metadata?.uid) ?? false;
    if (current === text && owned) return false;
    await applyObject(this.#d.client, ConfigMaps, {
      metadata: {
        name, namespace: ns,
        labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_ROUTEGROUP]: rg.metadata?.name ?? '' },
        ownerReferences: [{ apiVersion: SANDBOX_API_VERSION, kind: 'RouteGroup', name: rg.metadata?.name ?? '', uid: rg.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      data: { [ROUTE_TABLE_KEY]: text },
    }, { fieldManager: FIELD_MANAGER });
    return current !== text;
  }
}
