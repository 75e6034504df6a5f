/**
 * `tsop run` against a running API server: a clear error and exit 1 while the CRDs are missing;
 * with them installed, the operators reconcile, serve metrics and probes, and SIGTERM exits 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, ConfigMaps, CustomResourceDefinitions, Jobs, Leases, isNotFound } from '../../runtime/index.ts';
import { LocustTestV1Resource } from '../../generated/clients/locusttest.v1.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { installCrds, readCrds } from '../../cli/commands/dev.ts';
import { ValidatingWebhookConfigurations } from '../../cli/webhook-setup.ts';
import { freePort, killChildren, root, spawnTsop, until, within } from './spawn.ts';

let api: RunningApiServer;
let client: ApiClient;

before(async () => {
  api = await startApiServer();
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig);
  client = new ApiClient(kc);
});
after(async () => {
  killChildren();
  await api.stop();
});

const tsopRun = (...args: string[]) => spawnTsop('run', '--kubeconfig', api.kubeconfigPath, ...args);

test('without the CRDs: says which one and how to install it, exit 1', async () => {
  const run = tsopRun('--metrics-bind-address', '0', '--health-probe-bind-address', '0', '--operators', 'locust');
  assert.equal(await within(run.exited, 60_000), 1, run.out());
  assert.match(run.out(), /CRD locusttests\.locust\.io is not installed; run: kubectl apply -f generated\/crds\//);
});

test('with the CRDs: reconciles, serves metrics and probes, leader-elects, exits 0 on SIGTERM', async () => {
  await installCrds(client, readCrds(join(root, 'generated/crds')), ['locusttests.locust.io']);
  const [metrics, health] = [await freePort(), await freePort()];
  const run = tsopRun('--leader-elect', '--metrics-bind-address', `127.0.0.1:${metrics}`, '--health-probe-bind-address', `127.0.0.1:${health}`);
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cli-scripts', namespace: 'default' }, data: { 'locustfile.py': '' } });
  await client.create(LocustTests, {
    apiVersion: 'locust.io/v2', kind: 'LocustTest', metadata: { name: 'cli', namespace: 'default' },
    spec: { image: 'locustio/locust', master: { command: '-f /lotest/src/locustfile.py' }, worker: { command: '-f /lotest/src/locustfile.py', replicas: 2 }, testFiles: { configMapRef: 'cli-scripts' } },
  });
  await until('the worker Job', async () => {
    try {
      return Boolean(await client.get(Jobs, { namespace: 'default', name: 'cli-worker' }));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }, run.out);
  assert.equal((await fetch(`http://127.0.0.1:${health}/readyz`)).status, 200);
  assert.match(await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text(), /controller_runtime_reconcile_total\{controller="locusttest",result="success"\} [1-9]/);
  const lease = await client.get(Leases, { namespace: 'default', name: 'tsop-operators' });
  assert.ok((lease.spec as { holderIdentity?: string }).holderIdentity);
  assert.match(run.out(), /"operators":\["locust"\].*webhooks not served .*pass --webhook-host/);
  run.child.kill('SIGTERM');
  assert.equal(await within(run.exited, 30_000), 0, run.out());
});

test('--webhook-host: serves and configures the LocustTest webhooks; the admission configuration goes on exit', async () => {
  await installCrds(client, readCrds(join(root, 'generated/crds')), ['locusttests.locust.io']);
  const port = await freePort();
  const run = tsopRun('--operators', 'locust', '--metrics-bind-address', '0', '--health-probe-bind-address', '0', '--webhook-host', '127.0.0.1', '--webhook-port', String(port));
  await until('the webhook server', async () => /webhook server listening/.test(run.out()), run.out);
  const crd = await client.get(CustomResourceDefinitions, { name: 'locusttests.locust.io' });
  const conversion = (crd.spec as { conversion: { strategy: string; webhook: { clientConfig: { url: string; caBundle: string } } } }).conversion;
  assert.equal(conversion.strategy, 'Webhook');
  assert.equal(conversion.webhook.clientConfig.url, `https://127.0.0.1:${port}/convert`);
  assert.match(Buffer.from(conversion.webhook.clientConfig.caBundle, 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
  const vwc = await client.get(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' });
  assert.deepEqual((vwc as unknown as { webhooks: { clientConfig: { url: string } }[] }).webhooks.map((w) => w.clientConfig.url), [`https://127.0.0.1:${port}/validate-locust-io-v2-locusttest`]);

  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old-scripts', namespace: 'default' }, data: { 'locustfile.py': '' } });
  await client.create(LocustTestV1Resource, {
    apiVersion: 'locust.io/v1', kind: 'LocustTest', metadata: { name: 'old', namespace: 'default' },
    spec: { image: 'locustio/locust', masterCommandSeed: '-f /lotest/src/locustfile.py', workerCommandSeed: '-f /lotest/src/locustfile.py', workerReplicas: 4, configMap: 'old-scripts' },
  });
  const v2 = await client.get(LocustTests, { namespace: 'default', name: 'old' });
  assert.equal(v2.spec!.master.command, '-f /lotest/src/locustfile.py');
  assert.equal(v2.spec!.worker.replicas, 4);
  assert.equal(v2.spec!.master.autostart, true);
  await until('the converted test\'s worker Job', async () => {
    try {
      return ((await client.get(Jobs, { namespace: 'default', name: 'old-worker' })).spec as { parallelism?: number }).parallelism === 4;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }, run.out);
  await assert.rejects(
    client.create(LocustTests, { apiVersion: 'locust.io/v2', kind: 'LocustTest', metadata: { name: 'refused', namespace: 'default' }, spec: { image: 'locustio/locust', master: { command: 'x' }, worker: { command: 'x', replicas: 1 }, volumes: [{ name: 'secret-x', emptyDir: {} }] } }),
    /admission webhook "vlocusttest-v2\.kb\.io" denied the request: .*reserved prefix "secret-"/,
  );

  run.child.kill('SIGTERM');
  assert.equal(await within(run.exited, 30_000), 0, run.out());
  assert.match(run.out(), /webhook configurations removed/);
  await assert.rejects(client.get(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' }), (err) => isNotFound(err));
});
