/**
 * CRD conversion through the manager's `/convert` end to end: LocustTests written in one version
 * are read, listed and watched in the other, by the client and by kubectl 1.32; with the webhook
 * down, the other version fails as Kubernetes reports it while the storage version still serves.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Watch } from '@kubernetes/client-node';
import { ConfigMaps, Namespaces, StatusError, type KubeObject } from '../../runtime/index.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { Kubectl, pinnedKubectl } from '../apiserver/kubectl-helpers.ts';
import { kubeConfigFrom } from '../controllers/locust-helpers.ts';
import { LocustTestsV1, MutatingWebhookConfigurations, ValidatingWebhookConfigurations, startWebhookEnv, v1Test, v2Test, type WebhookEnv } from './harness.ts';

let env: WebhookEnv;
const ns = 'convert';

before(async () => {
  env = await startWebhookEnv();
  await env.admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});
after(async () => { await env?.stop(); });

type V1View = KubeObject & { spec: Record<string, unknown> };

test('create in v1, read in v2: the flat fields are regrouped with the v1 run defaults', async () => {
  await env.admin.create(LocustTestsV1, v1Test('legacy', ns));
  const v2 = await env.admin.get(LocustTests, { namespace: ns, name: 'legacy' });
  assert.equal(v2.apiVersion, 'locust.io/v2');
  assert.deepEqual(v2.spec?.master, { command: '--locustfile /lotest/src/locustfile.py', autostart: true, autoquit: { enabled: true, timeout: 60 } });
  assert.deepEqual(v2.spec?.worker, { command: '--locustfile /lotest/src/locustfile.py', replicas: 3, labels: { team: 'perf' } });
  assert.deepEqual(v2.spec?.scheduling?.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }]);
  const v1 = await env.admin.get(LocustTestsV1, { namespace: ns, name: 'legacy' }) as V1View;
  assert.equal(v1.apiVersion, 'locust.io/v1');
  assert.equal(v1.spec.workerReplicas, 3);
  assert.equal(v1.metadata.uid, v2.metadata?.uid);
  assert.equal(v1.metadata.resourceVersion, v2.metadata?.resourceVersion);
});

test('create in v2, read in v1: v2-only settings are dropped from the v1 view only', async () => {
  await env.admin.create(LocustTests, v2Test('modern', ns, { scheduling: { nodeSelector: { pool: 'load' } }, imagePullSecrets: [{ name: 'registry' }] }));
  const v1 = await env.admin.get(LocustTestsV1, { namespace: ns, name: 'modern' }) as V1View;
  assert.deepEqual(v1.spec, {
    image: 'locustio/locust:2.32.0', masterCommandSeed: '--locustfile /lotest/src/locustfile.py', workerCommandSeed: '--locustfile /lotest/src/locustfile.py',
    workerReplicas: 2, imagePullPolicy: 'IfNotPresent', imagePullSecrets: ['registry'], configMap: 'modern-scripts',
  });
  const v2 = await env.admin.get(LocustTests, { namespace: ns, name: 'modern' });
  assert.deepEqual(v2.spec?.scheduling?.nodeSelector, { pool: 'load' });
});

test('update through v1 is stored in v2', async () => {
  const v1 = await env.admin.get(LocustTestsV1, { namespace: ns, name: 'legacy' }) as V1View;
  v1.spec.workerReplicas = 7;
  await env.admin.update(LocustTestsV1, v1);
  const v2 = await env.admin.get(LocustTests, { namespace: ns, name: 'legacy' });
  assert.equal(v2.spec?.worker.replicas, 7);
  assert.equal(v2.metadata?.generation, 2);
});

test('list in the other version converts every item', async () => {
  const v1s = await env.admin.list(LocustTestsV1, { namespace: ns });
  assert.deepEqual(v1s.items.map((i) => [i.metadata.name, i.apiVersion, (i as V1View).spec.workerReplicas]), [['legacy', 'locust.io/v1', 7], ['modern', 'locust.io/v1', 2]]);
  const v2s = await env.admin.list(LocustTests, { namespace: ns });
  assert.deepEqual(v2s.items.map((i) => [i.metadata?.name, i.apiVersion, i.spec?.worker.replicas]), [['legacy', 'locust.io/v2', 7], ['modern', 'locust.io/v2', 2]]);
});

test('watch in v1 sees v2 writes converted, and the reverse', async () => {
  const kc = kubeConfigFrom(env.api.kubeconfig);
  const seen: { version: string; type: string; name: string; replicas: unknown }[] = [];
  const aborts: AbortController[] = [];
  for (const version of ['v1', 'v2']) {
    const list = await env.admin.list(version === 'v1' ? LocustTestsV1 : LocustTests as unknown as typeof LocustTestsV1, { namespace: ns });
    aborts.push(await new Watch(kc).watch(`/apis/locust.io/${version}/namespaces/${ns}/locusttests`, { resourceVersion: list.metadata.resourceVersion }, (type: string, obj: V1View) => {
      const spec = obj.spec ?? {};
      seen.push({ version: obj.apiVersion ?? '', type, name: obj.metadata?.name ?? '', replicas: spec.workerReplicas ?? (spec.worker as { replicas?: number } | undefined)?.replicas });
    }, () => {}));
  }
  try {
    await env.admin.create(LocustTests, v2Test('watched', ns));
    await env.admin.create(LocustTestsV1, v1Test('watched-v1', ns));
    await env.admin.delete(LocustTests, { namespace: ns, name: 'watched' });
    const want = (version: string, type: string, name: string) => seen.some((e) => e.version === version && e.type === type && e.name === name);
    const deadline = Date.now() + 10_000;
    while (!(want('locust.io/v1', 'DELETED', 'watched') && want('locust.io/v2', 'DELETED', 'watched')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(want('locust.io/v1', 'ADDED', 'watched'), JSON.stringify(seen));
    assert.ok(want('locust.io/v2', 'ADDED', 'watched-v1'), JSON.stringify(seen));
    assert.ok(want('locust.io/v1', 'DELETED', 'watched') && want('locust.io/v2', 'DELETED', 'watched'), JSON.stringify(seen));
    assert.deepEqual(seen.filter((e) => e.name === 'watched-v1').map((e) => e.replicas), [3, 3]);
  } finally {
    for (const a of aborts) a.abort();
  }
});

test('kubectl 1.32 reads either version', { skip: !pinnedKubectl('1.32') && 'kubectl.1.32 is not installed' }, async () => {
  const kubectl = new Kubectl(pinnedKubectl('1.32')!, env.api.kubeconfigPath);
  const v1 = await kubectl.run(['get', 'locusttests.v1.locust.io', 'modern', '-n', ns, '-o', 'jsonpath={.apiVersion} {.spec.masterCommandSeed} {.spec.workerReplicas}']);
  assert.equal(v1.code, 0, v1.stderr);
  assert.equal(v1.stdout, 'locust.io/v1 --locustfile /lotest/src/locustfile.py 2');
  const v2 = await kubectl.run(['get', 'locusttests.v2.locust.io', 'legacy', '-n', ns, '-o', 'jsonpath={.apiVersion} {.spec.worker.replicas} {.spec.master.autoquit.timeout}']);
  assert.equal(v2.stdout, 'locust.io/v2 7 60');
});

test('with the conversion webhook down, the other version fails and the storage version still serves', async () => {
  await env.stopManager();
  // Admission webhooks would refuse every write now (failurePolicy Fail): only conversion is under test.
  await env.admin.delete(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' });
  await env.admin.delete(MutatingWebhookConfigurations, { name: 'locust-defaults' });
  let err: unknown;
  try { await env.admin.get(LocustTestsV1, { namespace: ns, name: 'modern' }); } catch (e) { err = e; }
  // The view converted while the webhook was up is still served; an object never converted is not.
  assert.equal(err, undefined);
  await env.admin.create(LocustTests, v2Test('after-outage', ns, { volumes: [] }));
  try { await env.admin.get(LocustTestsV1, { namespace: ns, name: 'after-outage' }); } catch (e) { err = e; }
  assert.ok(err instanceof StatusError);
  assert.equal(err.code, 500);
  assert.match(err.message, /^Internal error occurred: conversion webhook for locust\.io\/v2, Kind=LocustTest failed: .*connection refused/);
  const created = await env.admin.create(LocustTestsV1, v1Test('v1-outage', ns)).catch((e: unknown) => e);
  assert.ok(created instanceof StatusError && created.code === 500, String(created));
  assert.equal((await env.admin.get(LocustTests, { namespace: ns, name: 'after-outage' })).metadata?.name, 'after-outage');
  await env.admin.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: ns } });
});
