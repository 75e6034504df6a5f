/**
 * Shared set-up of the sandbox operator tests: a local API server over HTTPS with the generated
 * sandbox.tsop.dev CRDs, a manager running the operator (optionally with a movable clock), and
 * builders for baselines, sandboxes, route groups and local workloads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import {
  ApiClient, ClusterRoleBindings, ClusterRoles, CustomResourceDefinitions, Deployments, Events, Manager, Namespaces,
  ServiceAccounts, Services, isNotFound, silentLogger, type ApiObject, type KubeObject, type Resource,
} from '../../runtime/index.ts';
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { Route, RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox, SandboxService } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { registerSandboxControllers } from '../../controllers/sandbox/index.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A clock the tests move forward; the operator reads it instead of the system clock. */
export class TestClock {
  offsetMs = 0;
  /** The operator's now: real time plus the offset. */
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  /** Moves the clock forward by ms. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Polls cond until it returns true; fails with the last string it returned after timeoutMs. */
export async function waitFor(cond: () => Promise<boolean | string> | boolean | string, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    last = await cond();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${typeof last === 'string' ? `: ${last}` : ''}`);
}

/** Reads an object, or undefined when it does not exist. */
export async function tryGet<T extends ApiObject>(client: ApiClient, res: Resource<T>, namespace: string, name: string): Promise<T | undefined> {
  try {
    return await client.get(res, { namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Events about the named object. */
export async function eventsFor(client: ApiClient, namespace: string, name: string): Promise<KubeObject[]> {
  const list = await client.list(Events, { namespace });
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

/** Reasons of the events about the named object. */
export async function eventReasons(client: ApiClient, namespace: string, name: string): Promise<string[]> {
  return (await eventsFor(client, namespace, name)).map((e) => e.reason as string);
}

/** The condition of type in an object's status. */
export function condition(obj: { status?: { conditions?: { type: string }[] } } | undefined, type: string): { type: string; status: string; reason: string; message: string; lastTransitionTime: string } | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type) as never;
}

async function installCrds(client: ApiClient): Promise<void> {
  for (const plural of ['sandboxes', 'routegroups', 'localworkloads']) {
    const crd = parse(readFileSync(`${root}generated/crds/sandbox.tsop.dev_${plural}.yaml`, 'utf8')) as KubeObject;
    await client.create(CustomResourceDefinitions, crd);
    await waitFor(async () => {
      const live = await client.get(CustomResourceDefinitions, { name: crd.metadata.name! });
      return ((live.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
    }, `CRD ${crd.metadata.name} Established`);
  }
}

/** A running server with the CRDs, an admin client, and operators started on demand. */
export interface SandboxEnv {
  api: RunningApiServer;
  admin: ApiClient;
  adminKc: KubeConfig;
  /** Starts the operator with kc (admin by default) and clock; resolves once it leads. */
  startOperator(opts?: { kc?: KubeConfig; now?: () => Date }): Promise<Manager>;
  /** Creates a namespace. */
  namespace(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a server and installs the sandbox.tsop.dev CRDs. */
export async function startSandboxEnv(opts: ApiServerOptions = {}): Promise<SandboxEnv> {
  const api = await startApiServer(opts);
  const adminKc = new KubeConfig();
  adminKc.loadFromString(api.kubeconfig);
  const admin = new ApiClient(adminKc);
  await installCrds(admin);
  const running: { stop: AbortController; done: Promise<void> }[] = [];
  return {
    api, admin, adminKc,
    async startOperator(o = {}) {
      const mgr = new Manager({ kubeConfig: o.kc ?? adminKc, logger: silentLogger(), gracefulShutdownTimeoutMs: 2000 });
      registerSandboxControllers(mgr, { now: o.now });
      const stop = new AbortController();
      running.push({ stop, done: mgr.start(stop.signal) });
      await mgr.elected();
      return mgr;
    },
    async namespace(name) {
      await admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
    async stop() {
      for (const r of running) r.stop.abort();
      await Promise.all(running.map((r) => r.done));
      await api.stop();
    },
  };
}

/** Creates a baseline Deployment (app=name, two containers) and its Service. */
export async function createBaseline(client: ApiClient, namespace: string, name: string, opts: { service?: boolean; image?: string } = {}): Promise<void> {
  await client.create(Deployments, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'backend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [
            { name: 'main', image: opts.image ?? `example.com/${name}:1.0`, ports: [{ name: 'http', containerPort: 8080 }], env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'MODE', value: 'baseline' }] },
            { name: 'sidecar', image: 'example.com/proxy:2.1' },
          ],
        },
      },
    },
  });
  if (opts.service === false) return;
  await client.create(Services, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  });
}

/** Reports a Deployment as fully rolled out and available (there is no deployment controller). */
export async function markAvailable(client: ApiClient, namespace: string, name: string): Promise<void> {
  const d = await client.get(Deployments, { namespace, name });
  const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
  await client.patchStatus(Deployments, { namespace, name }, {
    status: { observedGeneration: d.metadata.generation, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
  }, { type: 'merge' });
}

/** A Sandbox manifest. */
export function sandbox(name: string, namespace: string, services: SandboxService[], extra: Partial<Sandbox['spec']> = {}): Sandbox {
  return { apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'Sandbox', metadata: { name, namespace }, spec: { ttl: 3600, services, ...extra } };
}

/** A RouteGroup manifest. */
export function routeGroup(name: string, namespace: string, routes: Route[], header?: string): RouteGroup {
  return { apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'RouteGroup', metadata: { name, namespace }, spec: { routes, ...(header ? { routingKeyHeader: header } : {}) } };
}

/** A LocalWorkload manifest. */
export function localWorkload(name: string, namespace: string, sandboxName: string, service: string, extra: { timeout?: number; annotations?: Record<string, string> } = {}): LocalWorkload {
  return {
    apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'LocalWorkload', metadata: { name, namespace, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { sandboxRef: { name: sandboxName }, service: { name: service, ports: [{ name: 'http', containerPort: 8080, localPort: 3000 }] }, ...(extra.timeout ? { stalenessTimeoutSeconds: extra.timeout } : {}) },
  };
}

/**
 * A KubeConfig for a ServiceAccount bound to the generated manager ClusterRole: the account, the
 * role from generated/rbac/role.yaml, a binding, and a token from the TokenRequest subresource.
 */
export async function managerRoleKubeConfig(env: SandboxEnv, namespace: string, account: string): Promise<KubeConfig> {
  const role = parse(readFileSync(`${root}generated/rbac/role.yaml`, 'utf8')) as KubeObject;
  await env.admin.create(ServiceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace } });
  if (!(await tryGet(env.admin, ClusterRoles, '', role.metadata.name!))) await env.admin.create(ClusterRoles, role);
  await env.admin.create(ClusterRoleBindings, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${account}-manager` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name! },
    subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
  });
  const core = env.adminKc.makeApiClient(CoreV1Api);
  const tr = await core.createNamespacedServiceAccountToken({ name: account, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: env.api.url, caData: Buffer.from(env.api.caPem).toString('base64') }],
    users: [{ name: account, token: tr.status!.token }],
    contexts: [{ name: 'sa', cluster: 'local', user: account }],
    currentContext: 'sa',
  });
  return kc;
}
