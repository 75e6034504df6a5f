/**
 * Shared set-up of the LocustTest operator tests: a local API server over HTTPS with the generated
 * CRD installed, and a manager running the operator against it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import {
  ApiClient, CustomResourceDefinitions, Events, Manager, isNotFound, silentLogger, type ApiObject, type KubeObject, type Resource,
} from '../../runtime/index.ts';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { locustConversion, loadLocustConfig, registerLocustControllers, registerLocustWebhooks, type LocustOperatorConfig } from '../../controllers/locust/index.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The generated LocustTest CRD. */
export function locustCrd(): KubeObject {
  return parse(readFileSync(`${root}generated/crds/locust.io_locusttests.yaml`, 'utf8')) as KubeObject;
}

/** A KubeConfig from kubeconfig YAML. */
export function kubeConfigFrom(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}

/** Polls cond until it returns true; fails with the last string it returned after timeoutMs. */
export async function waitFor(cond: () => Promise<boolean | string> | boolean | string, what: string, timeoutMs = 30_000): Promise<void> {
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

/** Installs a CRD and waits until it is Established. */
export async function installCrd(client: ApiClient, crd: KubeObject): Promise<void> {
  await client.create(CustomResourceDefinitions, crd);
  await waitFor(async () => {
    const live = await client.get(CustomResourceDefinitions, { name: crd.metadata.name! });
    const conds = (live.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    return conds.some((c) => c.type === 'Established' && c.status === 'True');
  }, `CRD ${crd.metadata.name} Established`);
}

/** Events about an object, by reason. */
export async function eventsFor(client: ApiClient, namespace: string, name: string): Promise<KubeObject[]> {
  const list = await client.list(Events, { namespace });
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

/** A running server with the CRD, an admin client, and (optionally) the operator in a manager. */
export interface LocustEnv {
  api: RunningApiServer;
  admin: ApiClient;
  adminKc: KubeConfig;
  /**
   * Starts the operator with kc (admin by default); resolves once it leads. With webhooks, the
   * manager also serves the LocustTest webhooks and the CRD converts v1 through them.
   */
  startOperator(opts?: { kc?: KubeConfig; config?: Partial<LocustOperatorConfig>; webhooks?: boolean }): Promise<Manager>;
  stop(): Promise<void>;
}

/** Starts a server, installs the LocustTest CRD. */
export async function startLocustEnv(opts: ApiServerOptions = {}): Promise<LocustEnv> {
  const api = await startApiServer(opts);
  const adminKc = kubeConfigFrom(api.kubeconfig);
  const admin = new ApiClient(adminKc);
  await installCrd(admin, locustCrd());
  const running: { stop: AbortController; done: Promise<void> }[] = [];
  return {
    api, admin, adminKc,
    async startOperator(o = {}) {
      const mgr = new Manager({ kubeConfig: o.kc ?? adminKc, logger: silentLogger(), gracefulShutdownTimeoutMs: 2000, webhookServer: { port: 0, host: '127.0.0.1' } });
      registerLocustControllers(mgr, { config: { ...loadLocustConfig({}), ...o.config } });
      if (o.webhooks) registerLocustWebhooks(mgr);
      const stop = new AbortController();
      running.push({ stop, done: mgr.start(stop.signal) });
      await mgr.elected();
      if (o.webhooks) {
        await mgr.webhookServer.listening();
        const conversion = locustConversion({ url: mgr.webhookServer.url() }, mgr.webhookServer.caPem);
        await admin.patch(CustomResourceDefinitions, { name: locustCrd().metadata.name! }, { spec: { conversion } }, { type: 'merge' });
      }
      return mgr;
    },
    async stop() {
      for (const r of running) r.stop.abort();
      await Promise.all(running.map((r) => r.done));
      await api.stop();
    },
  };
}

/** A v2 LocustTest manifest. */
export function locustTest(name: string, namespace: string, spec: Record<string, unknown> = {}): LocustTest {
  return {
    apiVersion: 'locust.io/v2',
    kind: 'LocustTest',
    metadata: { name, namespace },
    spec: {
      image: 'locustio/locust:2.32.0',
      master: { command: '--locustfile /lotest/src/locustfile.py --host https://example.com --users 10 --spawn-rate 2 --run-time 1m' },
      worker: { command: '--locustfile /lotest/src/locustfile.py', replicas: 3 },
      testFiles: { configMapRef: `${name}-scripts` },
      ...spec,
    },
  } as LocustTest;
}

/** The ConfigMap holding a test's locustfile. */
export function scripts(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace },
    data: { 'locustfile.py': 'from locust import HttpUser, task\n\nclass User(HttpUser):\n    @task\n    def index(self):\n        self.client.get("/")\n' },
  };
}
