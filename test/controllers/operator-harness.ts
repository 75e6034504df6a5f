/**
 * What every operator test needs: a local API server over HTTPS with generated CRDs installed,
 * managers running an operator (started until leader, stopped with the environment), polling with
 * a deadline, optional reads, events and conditions, and a kubeconfig for a ServiceAccount bound
 * to the generated manager ClusterRole.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import {
  ApiClient, ClusterRoleBindings, ClusterRoles, CustomResourceDefinitions, Events, Manager, ServiceAccounts, isNotFound, silentLogger,
  type ApiObject, type Client, type KubeObject, type ManagerOptions, type Resource,
} from '../../runtime/index.ts';
import { crdFileName } from '../../controllers/index.ts';
import { eventually, kubeConfigFrom, waitFor, type Probe } from '../support/api.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

export { eventually, kubeConfigFrom, waitFor, type Probe };

/** Reads an object, or undefined when it does not exist. */
export async function tryGet<T extends ApiObject>(client: Client, res: Resource<T>, namespace: string | undefined, name: string): Promise<T | undefined> {
  try {
    return await client.get(res, { namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Events about the named object in namespace. */
export async function eventsFor(client: Client, namespace: string, name: string): Promise<KubeObject[]> {
  return (await client.list(Events, { namespace })).items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

/** A status condition as the tests read it. */
export interface TestCondition { type: string; status: string; reason: string; message: string; lastTransitionTime: string }

/** The condition of a type on an object's status. */
export function conditionOf(obj: { status?: unknown } | undefined, type: string): TestCondition | undefined {
  return ((obj?.status as { conditions?: TestCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

/** A generated CRD by name (`locusttests.locust.io`), read from generated/crds/. */
export function generatedCrd(name: string): KubeObject {
  return parse(readFileSync(`${root}generated/crds/${crdFileName(name)}`, 'utf8')) as KubeObject;
}

function established(crd: KubeObject): boolean {
  return ((crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Creates CRDs, then waits until all are Established. */
export async function installCrds(client: Client, crds: readonly KubeObject[]): Promise<void> {
  for (const crd of crds) await client.create(CustomResourceDefinitions, crd);
  for (const crd of crds) {
    await eventually(async () => established(await client.get(CustomResourceDefinitions, { name: crd.metadata.name! })), `CRD ${crd.metadata.name} Established`);
  }
}

/** A manager running until stopped. */
export interface ManagerRun {
  mgr: Manager;
  stop(): Promise<void>;
}

/** Starts a manager (silent unless opts say otherwise) with what register adds; resolves once it leads. */
export async function runManager(opts: ManagerOptions, register: (mgr: Manager) => void): Promise<ManagerRun> {
  const mgr = new Manager({ logger: silentLogger(), ...opts });
  register(mgr);
  const abort = new AbortController();
  const done = mgr.start(abort.signal);
  await mgr.elected();
  return { mgr, stop: async () => { abort.abort(); await done; } };
}

/** A local API server with CRDs, its admin client, and managers started on demand. */
export interface OperatorEnv {
  api: RunningApiServer;
  adminKc: KubeConfig;
  admin: ApiClient;
  /** Starts a manager (admin credentials unless opts.kubeConfig); stopped by stop(). */
  startManager(register: (mgr: Manager) => void, opts?: Partial<ManagerOptions>): Promise<Manager>;
  /** Stops the managers, then the server. */
  stop(): Promise<void>;
}

/** Starts an API server and installs the named generated CRDs. */
export async function startOperatorEnv(opts: { server?: ApiServerOptions; crds: readonly string[] }): Promise<OperatorEnv> {
  const api = await startApiServer(opts.server ?? {});
  const adminKc = kubeConfigFrom(api.kubeconfig);
  const admin = new ApiClient(adminKc);
  await installCrds(admin, opts.crds.map(generatedCrd));
  const runs: ManagerRun[] = [];
  return {
    api, adminKc, admin,
    async startManager(register, o = {}) {
      const run = await runManager({ kubeConfig: adminKc, ...o }, register);
      runs.push(run);
      return run.mgr;
    },
    async stop() {
      await Promise.all(runs.map((r) => r.stop()));
      await api.stop();
    },
  };
}

/**
 * A KubeConfig for a ServiceAccount bound to the generated manager ClusterRole: the account, the
 * role from generated/rbac/role.yaml (unless present), a binding, and a token from the
 * TokenRequest subresource.
 */
export async function managerRoleKubeConfig(
  env: { admin: ApiClient; adminKc: KubeConfig; api: Pick<RunningApiServer, 'url' | 'caPem'> }, namespace: string, account: string, binding = `${account}-manager`,
): Promise<KubeConfig> {
  const role = parse(readFileSync(`${root}generated/rbac/role.yaml`, 'utf8')) as KubeObject;
  await env.admin.create(ServiceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace } });
  if (!(await tryGet(env.admin, ClusterRoles, undefined, role.metadata.name!))) await env.admin.create(ClusterRoles, role);
  await env.admin.create(ClusterRoleBindings, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: binding },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name! },
    subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
  });
  const tr = await env.adminKc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: account, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: env.api.url, caData: Buffer.from(env.api.caPem).toString('base64') }],
    users: [{ name: account, token: tr.status!.token }],
    contexts: [{ name: 'sa', cluster: 'local', user: account }],
    currentContext: 'sa',
  });
  return kc;
}
