/**
 * Shared set-up of the LocustTest operator tests: a local API server over HTTPS with the generated
 * CRD installed, and a manager running the operator against it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiServerOptions, RunningApiServer } from '../../apiserver/index.ts';
import { CustomResourceDefinitions, type ApiClient, type KubeObject, type Manager } from '../../runtime/index.ts';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import {
  LOCUST_CRD_NAME, locustConversion, loadLocustConfig, registerLocustControllers, registerLocustWebhooks, type LocustOperatorConfig,
} from '../../controllers/locust/index.ts';
import { generatedCrd, installCrds, startOperatorEnv, waitFor as waitWithin, type Probe } from './operator-harness.ts';

export { eventsFor, kubeConfigFrom as kubeConfigFrom, root, tryGet } from './operator-harness.ts';

/** The generated LocustTest CRD. */
export function locustCrd(): KubeObject {
  return generatedCrd(LOCUST_CRD_NAME);
}

/** Polls cond until it returns true (30 s by default); fails with the last string it returned. */
export function waitFor(cond: Probe, what: string, timeoutMs = 30_000): Promise<void> {
  return waitWithin(cond, what, timeoutMs);
}

/** Installs a CRD and waits until it is Established. */
export function installCrd(client: ApiClient, crd: KubeObject): Promise<void> {
  return installCrds(client, [crd]);
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
  const env = await startOperatorEnv({ server: opts, crds: [LOCUST_CRD_NAME] });
  const { api, admin, adminKc } = env;
  return {
    api, admin, adminKc,
    async startOperator(o = {}) {
      const mgr = await env.startManager((m) => {
        registerLocustControllers(m, { config: { ...loadLocustConfig({}), ...o.config } });
        if (o.webhooks) registerLocustWebhooks(m);
      }, { kubeConfig: o.kc ?? adminKc, gracefulShutdownTimeoutMs: 2000, webhookServer: { port: 0, host: '127.0.0.1' } });
      if (o.webhooks) {
        await mgr.webhookServer.listening();
        const conversion = locustConversion({ url: mgr.webhookServer.url() }, mgr.webhookServer.caPem);
        await admin.patch(CustomResourceDefinitions, { name: LOCUST_CRD_NAME }, { spec: { conversion } }, { type: 'merge' });
      }
      return mgr;
    },
    stop: () => env.stop(),
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
