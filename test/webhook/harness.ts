/**
 * End-to-end set-up of the webhook tests: the local API server over HTTPS with the LocustTest
 * CRD, a manager serving the LocustTest webhooks (plus a test defaulter) over TLS with a minted
 * certificate, the ValidatingWebhookConfiguration generated from the `+kubebuilder:webhook`
 * markers (its Service reference mapped to the manager), and the CRD converting through the
 * manager's `/convert`.
 */
import { createServer } from 'node:net';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { generateWebhooks } from '../../generator/webhook/index.ts';
import {
  ApiClient, CustomResourceDefinitions, Manager, defineResource, silentLogger, type KubeObject, type Resource,
} from '../../runtime/index.ts';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { LocustTests, locustConversion, registerLocustWebhooks } from '../../controllers/locust/index.ts';
import { installCrd, kubeConfigFrom, locustCrd, root } from '../controllers/locust-helpers.ts';

/** admissionregistration.k8s.io/v1 MutatingWebhookConfigurations. */
export const MutatingWebhookConfigurations: Resource = defineResource({ group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false });
/** admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations. */
export const ValidatingWebhookConfigurations: Resource = defineResource({ group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false });
/** locust.io/v1 LocustTests (served, deprecated). */
export const LocustTestsV1: Resource = defineResource({ ...LocustTests, version: 'v1' });

/** Label the test defaulter sets on every LocustTest it sees. */
export const DEFAULTED_LABEL = 'webhook.tsop.dev/defaulted';
/** Service the generated configuration points at (controller-gen's defaults). */
const SERVICE_DNS = 'webhook-service.system.svc';

/** The running pieces. */
export interface WebhookEnv {
  api: RunningApiServer;
  admin: ApiClient;
  mgr: Manager;
  /** Base64 CA bundle of the webhook server's certificate. */
  caBundle: string;
  /** Stops the manager only (the webhooks go down, the API server stays). */
  stopManager(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on. */
export async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A v2 LocustTest manifest. */
export function v2Test(name: string, namespace: string, spec: Record<string, unknown> = {}): LocustTest {
  return {
    apiVersion: 'locust.io/v2', kind: 'LocustTest', metadata: { name, namespace },
    spec: {
      image: 'locustio/locust:2.32.0', master: { command: '--locustfile /lotest/src/locustfile.py' },
      worker: { command: '--locustfile /lotest/src/locustfile.py', replicas: 2 }, testFiles: { configMapRef: `${name}-scripts` }, ...spec,
    },
  } as LocustTest;
}

/** A v1 LocustTest manifest. */
export function v1Test(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'locust.io/v1', kind: 'LocustTest', metadata: { name, namespace },
    spec: {
      image: 'locustio/locust:2.32.0', masterCommandSeed: '--locustfile /lotest/src/locustfile.py', workerCommandSeed: '--locustfile /lotest/src/locustfile.py',
      workerReplicas: 3, configMap: `${name}-scripts`, labels: { worker: { team: 'perf' } },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }],
    },
  };
}

/** Starts everything; the manager listens on a free port the API server maps the Service to. */
export async function startWebhookEnv(): Promise<WebhookEnv> {
  let webhookPort = 0;
  const api = await startApiServer({ webhooks: { resolveService: () => `127.0.0.1:${webhookPort}` } });
  const adminKc = kubeConfigFrom(api.kubeconfig);
  const admin = new ApiClient(adminKc);
  await installCrd(admin, locustCrd());
  const mgr = new Manager({ kubeConfig: adminKc, logger: silentLogger(), webhookServer: { port: 0, host: '127.0.0.1', dnsNames: [SERVICE_DNS] } });
  registerLocustWebhooks(mgr);
  const defaultPath = mgr.webhookServer.defaulter<LocustTest>(LocustTests, (lt) => {
    lt.metadata!.labels = { ...lt.metadata!.labels, [DEFAULTED_LABEL]: 'true' };
    lt.spec!.master.extraArgs ??= ['--headless'];
  });
  const stopper = new AbortController();
  const done = mgr.start(stopper.signal);
  await mgr.webhookServer.listening();
  webhookPort = mgr.webhookServer.port!;
  const caBundle = Buffer.from(mgr.webhookServer.caPem!).toString('base64');
  const generated = await generateWebhooks(`${root}controllers/locust`);
  for (const doc of parseAllDocuments(generated!)) {
    const config = doc.toJS() as KubeObject & { webhooks: { clientConfig: Record<string, unknown> }[] };
    for (const w of config.webhooks) w.clientConfig.caBundle = caBundle;
    await admin.create(ValidatingWebhookConfigurations, config);
  }
  await admin.create(MutatingWebhookConfigurations, {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'locust-defaults' },
    webhooks: [{
      name: 'mlocusttest-v2.kb.io', admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail',
      clientConfig: { url: mgr.webhookServer.url(defaultPath), caBundle },
      rules: [{ apiGroups: ['locust.io'], apiVersions: ['v2'], operations: ['CREATE', 'UPDATE'], resources: ['locusttests'] }],
      objectSelector: { matchExpressions: [{ key: 'webhook.tsop.dev/skip-defaults', operator: 'DoesNotExist' }] },
    }],
  });
  await admin.patch(CustomResourceDefinitions, { name: locustCrd().metadata.name! }, { spec: { conversion: locustConversion({ url: mgr.webhookServer.url() }, mgr.webhookServer.caPem) } }, { type: 'merge' });
  let managerStopped: Promise<void> | undefined;
  const stopManager = () => (managerStopped ??= (stopper.abort(), done));
  return {
    api, admin, mgr, caBundle, stopManager,
    async stop() {
      await stopManager();
      await api.stop();
    },
  };
}
