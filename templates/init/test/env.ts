/**
 * The test environment: a local Kubernetes API server (HTTPS, real discovery, watch, CRD
 * validation) with the project's generated CRDs installed, and a manager running the operator's
 * controllers against it. Each test file starts its own; there is no kubelet, so nothing runs
 * pods: tests play that part by writing status where they need it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, loadYaml } from '@kubernetes/client-node';
import { ApiClient, CustomResourceDefinitions, Manager, silentLogger, type KubeObject } from 'tsop';
import { startApiServer, type RunningApiServer } from 'tsop/apiserver';
import { registerControllers } from '../controllers/index.ts';

const CRD_DIR = join(import.meta.dirname, '..', 'generated', 'crds');

/** A running test environment. */
export interface TestEnv {
  api: RunningApiServer;
  kubeConfig: KubeConfig;
  /** A client with the server's admin credentials. */
  client: ApiClient;
  /** Starts a manager with every controller of the operator; stopped by stop(). */
  startManager(): Manager;
  stop(): Promise<void>;
}

/** Starts the API server and installs the CRDs under generated/crds, waiting until they are Established. */
export async function startTestEnv(): Promise<TestEnv> {
  const api = await startApiServer();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(api.kubeconfig);
  const client = new ApiClient(kubeConfig);
  const crdFiles = existsSync(CRD_DIR) ? readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort() : [];
  for (const file of crdFiles) {
    const crd = loadYaml<KubeObject>(readFileSync(join(CRD_DIR, file), 'utf8'));
    await client.create(CustomResourceDefinitions, crd);
    await eventually(async () => {
      const got = await client.get(CustomResourceDefinitions, { name: crd.metadata.name! });
      const conditions = (got.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True');
    }, `CRD ${crd.metadata.name} Established`);
  }
  const stops: AbortController[] = [];
  const running: Promise<void>[] = [];
  return {
    api, kubeConfig, client,
    startManager() {
      const mgr = new Manager({ kubeConfig, logger: silentLogger() });
      registerControllers(mgr);
      const ac = new AbortController();
      stops.push(ac);
      running.push(mgr.start(ac.signal));
      return mgr;
    },
    async stop() {
      for (const ac of stops) ac.abort();
      await Promise.allSettled(running);
      await api.stop();
    },
  };
}

/** Polls check until it returns true, failing with `what` after timeoutMs. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
