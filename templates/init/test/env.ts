/**
 * The test environment: a local Kubernetes API server (HTTPS, real discovery, watch, CRD
 * validation) with the project's generated CRDs installed, and a manager running the operator's
 * controllers against it. Each test file starts its own; there is no kubelet, so nothing runs
 * pods: tests play that part by writing status where they need it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, loadAllYaml, loadYaml } from '@kubernetes/client-node';
import { ApiClient, CustomResourceDefinitions, defineResource, Manager, silentLogger, type KubeObject } from 'tsop';
import { startApiServer, type RunningApiServer } from 'tsop/apiserver';
import { registerControllers } from '../controllers/index.ts';
import { registerWebhooks } from '../webhooks/index.ts';

const CRD_DIR = join(import.meta.dirname, '..', 'generated', 'crds');
const WEBHOOK_MANIFESTS = join(import.meta.dirname, '..', 'generated', 'webhook', 'manifests.yaml');

/** A running test environment. */
export interface TestEnv {
  api: RunningApiServer;
  kubeConfig: KubeConfig;
  /** A client with the server's admin credentials. */
  client: ApiClient;
  /**
   * Starts a manager with every controller and webhook of the operator (the webhook server on a
   * free port with a certificate minted in-process); stopped by stop().
   */
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
      const mgr = new Manager({ kubeConfig, logger: silentLogger(), webhookServer: { port: 0, host: '127.0.0.1' } });
      registerControllers(mgr);
      registerWebhooks(mgr);
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

/**
 * Installs the webhook configurations of generated/webhook/manifests.yaml, pointed at mgr's
 * webhook server (its URL and the CA of its certificate), so the API server calls the operator's
 * webhooks as a cluster would.
 */
export async function installWebhooks(env: TestEnv, mgr: Manager): Promise<void> {
  await mgr.webhookServer.listening();
  const caBundle = Buffer.from(mgr.webhookServer.caPem ?? '').toString('base64');
  const configurations = existsSync(WEBHOOK_MANIFESTS) ? loadAllYaml(readFileSync(WEBHOOK_MANIFESTS, 'utf8')) as KubeObject[] : [];
  for (const conf of configurations) {
    const webhooks = (conf as { webhooks?: { clientConfig: { url?: string; caBundle?: string; service?: { path?: string } } }[] }).webhooks ?? [];
    for (const hook of webhooks) hook.clientConfig = { url: mgr.webhookServer.url(hook.clientConfig.service?.path ?? ''), caBundle };
    const res = defineResource({ group: 'admissionregistration.k8s.io', version: 'v1', kind: conf.kind!, plural: `${conf.kind!.toLowerCase()}s`, namespaced: false });
    await env.client.create(res, conf);
  }
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
