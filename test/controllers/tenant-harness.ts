/**
 * Shared setup of the Tenant operator tests: a local API server with the generated Tenant CRD, a
 * Manager running the operator, and helpers to read children and fake workload readiness (the
 * local API server has no kubelet, so StatefulSets and Deployments never become ready alone).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, CustomResourceDefinitions, Events, Manager, isNotFound, silentLogger, type ApiObject, type Client, type KubeObject, type Resource } from '../../runtime/index.ts';
import { Tenants, registerTenantControllers, type TenantControllerOptions } from '../../controllers/tenant/index.ts';
import { TENANT_CRD_NAME } from '../../controllers/tenant/kinds.ts';
import type { Tenant, TenantSpec } from '../../apis/neurallog/v1/tenant_types.ts';

/** Path of the generated Tenant CRD. */
export const TENANT_CRD_PATH = fileURLToPath(new URL('../../generated/crds/neurallog.io_tenants.yaml', import.meta.url));

/** A KubeConfig from kubeconfig YAML text. */
export function kubeConfigOf(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}

/** Polls cond until it holds (true) or the deadline passes; a string result is the last detail. */
export async function eventually(cond: () => boolean | string | Promise<boolean | string>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    try {
      last = await cond();
    } catch (err) {
      last = String(err);
    }
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${typeof last === 'string' ? `: ${last}` : ''}`);
}

/** Reads an object, undefined when absent. */
export async function getOptional<T extends ApiObject>(client: Client, res: Resource<T>, name: string, namespace?: string): Promise<T | undefined> {
  try {
    return await client.get(res, { namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Installs the generated Tenant CRD and waits until it is Established. */
export async function installTenantCrd(client: Client): Promise<void> {
  const crd = parse(readFileSync(TENANT_CRD_PATH, 'utf8')) as KubeObject;
  await client.create(CustomResourceDefinitions, crd);
  await eventually(async () => {
    const live = await client.get(CustomResourceDefinitions, { name: TENANT_CRD_NAME });
    return ((live.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
  }, 'the Tenant CRD to be established');
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
export async function startOperator(kc: KubeConfig, opts: TenantControllerOptions = {}): Promise<{ mgr: Manager; stop(): Promise<void> }> {
  const mgr = new Manager({ kubeConfig: kc, logger: silentLogger() });
  registerTenantControllers(mgr, opts);
  const abort = new AbortController();
  const running = mgr.start(abort.signal);
  await mgr.elected();
  return { mgr, stop: async () => { abort.abort(); await running; } };
}

/** API server + CRD + operator (unless withOperator is false). */
export async function startTenantEnv(opts: { server?: ApiServerOptions; operator?: TenantControllerOptions; withOperator?: boolean } = {}): Promise<TenantEnv> {
  const api = await startApiServer(opts.server ?? {});
  const kc = kubeConfigOf(api.kubeconfig);
  const client = new ApiClient(kc);
  await installTenantCrd(client);
  const op = opts.withOperator === false ? undefined : await startOperator(kc, opts.operator);
  return {
    api, kc, client, mgr: op?.mgr,
    stop: async () => { await op?.stop(); await api.stop(); },
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

/** The condition of a type on an object's status. */
export function conditionOf(obj: { status?: unknown } | undefined, type: string): { type: string; status: string; reason: string; message: string } | undefined {
  return ((obj?.status as { conditions?: { type: string; status: string; reason: string; message: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
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
