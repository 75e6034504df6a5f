/**
 * Shared setup of the Tenant operator tests: a local API server with the generated Tenant CRD, a
 * Manager running the operator, and helpers to read children and fake workload readiness (the
 * local API server has no kubelet, so StatefulSets and Deployments never become ready alone).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiServerOptions, RunningApiServer } from '../../apiserver/index.ts';
import { Events, type ApiClient, type ApiObject, type Client, type KubeObject, type Manager, type Resource } from '../../runtime/index.ts';
import { Tenants, registerTenantControllers, type TenantControllerOptions } from '../../controllers/tenant/index.ts';
import { TENANT_CRD_NAME } from '../../controllers/tenant/kinds.ts';
import type { Tenant, TenantSpec } from '../../apis/neurallog/v1/tenant_types.ts';
import { eventually, runManager, startOperatorEnv, tryGet, type ManagerRun } from './operator-harness.ts';

export { conditionOf, eventually, kubeConfigFrom } from './operator-harness.ts';

/** Reads an object by name (and namespace for namespaced kinds), undefined when absent. */
export function getOptional<T extends ApiObject>(client: Client, res: Resource<T>, name: string, namespace?: string): Promise<T | undefined> {
  return tryGet(client, res, namespace, name);
}

/** A running API server with the Tenant CRD and (optionally) the operator. */
export interface TenantEnv {
  api: RunningApiServer;
  kc: KubeConfig;
  /** Admin client driving the test. */
  client: ApiClient;
  mgr?: Manager;
  stop(): Promise<void>;
}

/** Starts a manager running the Tenant operator with kc's credentials. */
export function startOperator(kc: KubeConfig, opts: TenantControllerOptions = {}): Promise<ManagerRun> {
  return runManager({ kubeConfig: kc }, (mgr) => { registerTenantControllers(mgr, opts); });
}

/** API server + CRD + operator (unless withOperator is false). */
export async function startTenantEnv(opts: { server?: ApiServerOptions; operator?: TenantControllerOptions; withOperator?: boolean } = {}): Promise<TenantEnv> {
  const env = await startOperatorEnv({ server: opts.server, crds: [TENANT_CRD_NAME] });
  const op = opts.withOperator === false ? undefined : await startOperator(env.adminKc, opts.operator);
  return {
    api: env.api, kc: env.adminKc, client: env.admin, mgr: op?.mgr,
    stop: async () => { await op?.stop(); await env.stop(); },
  };
}

/** A Tenant manifest. */
export function tenantManifest(name: string, spec: TenantSpec = {}): Tenant {
  return { apiVersion: 'neurallog.io/v1', kind: 'Tenant', metadata: { name }, spec };
}

/** Simulates the workload controller and kubelet: the StatefulSet/Deployment reports `ready` of its replicas ready. */
export async function setWorkloadReady(client: Client, res: Resource, namespace: string, name: string, ready: number): Promise<void> {
  const live = await client.get(res, { namespace, name });
  const replicas = (live.spec as { replicas?: number }).replicas ?? 1;
  await client.patchStatus(res, { namespace, name }, { status: { observedGeneration: live.metadata.generation, replicas, readyReplicas: ready, availableReplicas: ready, updatedReplicas: replicas } }, { type: 'merge' });
}

/** Events recorded about a tenant (cluster-scoped objects' events live in `default`). */
export async function tenantEvents(client: Client, tenant: string): Promise<KubeObject[]> {
  const list = await client.list(Events, { namespace: 'default' });
  return list.items.filter((e) => (e.involvedObject as { kind?: string; name?: string }).kind === 'Tenant' && (e.involvedObject as { name?: string }).name === tenant);
}

/** Reconcile counts of the tenant controller by result (success, error, requeue, requeue_after). */
export async function reconcileCounts(mgr: { metrics: { registry: { getSingleMetric(name: string): unknown } } }): Promise<Record<string, number>> {
  const metric = mgr.metrics.registry.getSingleMetric('controller_runtime_reconcile_total') as { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> } | undefined;
  const out: Record<string, number> = { success: 0, error: 0, requeue: 0, requeue_after: 0 };
  for (const v of (await metric?.get())?.values ?? []) if (v.labels.controller === 'tenant') out[String(v.labels.result)] = v.value;
  return out;
}

async function gaugeValue(mgr: Manager, name: string): Promise<number> {
  const metric = mgr.metrics.registry.getSingleMetric(name) as { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> } | undefined;
  return ((await metric?.get())?.values ?? []).filter((v) => v.labels.controller === 'tenant').reduce((a, v) => a + v.value, 0);
}

/**
 * Waits until the operator has handled a tenant write: its cache holds resourceVersion `rv` (so the
 * event was delivered and the key queued) and the controller's queue and workers are idle.
 */
export async function waitHandled(mgr: Manager, tenant: string, rv: string): Promise<void> {
  await eventually(async () => {
    const cached = mgr.informerFor(Tenants).reader.get(tenant);
    if (Number(cached?.metadata?.resourceVersion ?? 0) < Number(rv)) return 'cache behind';
    return ((await gaugeValue(mgr, 'workqueue_depth')) === 0 && (await gaugeValue(mgr, 'controller_runtime_active_workers')) === 0) || 'controller busy';
  }, `the operator to handle ${tenant}@${rv}`);
}
