/**
 * The generated seed CRDs installed in the local API server and exercised through client-node:
 * the CEL rule we add to LocustTest refuses names longer than 56 characters, defaults from the
 * markers are applied, and the Sandbox TTL bounds are enforced.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiextensionsV1Api, CustomObjectsApi, KubeConfig, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';

const crds = new URL('../../generated/crds/', import.meta.url).pathname;

let api: RunningApiServer;
let objects: CustomObjectsApi;

async function waitEstablished(ext: ApiextensionsV1Api, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const crd = await ext.readCustomResourceDefinition({ name });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} never became Established`);
}

before(async () => {
  api = await startApiServer();
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  for (const file of ['locust.io_locusttests.yaml', 'sandbox.tsop.dev_sandboxes.yaml']) {
    // loadYaml turns the YAML into client-node's model classes, whose serializer would otherwise
    // drop keys such as `default`, `enum` and `x-kubernetes-validations` from a plain object.
    const body = loadYaml<V1CustomResourceDefinition>(readFileSync(join(crds, file), 'utf8'));
    await ext.createCustomResourceDefinition({ body });
    await waitEstablished(ext, body.metadata!.name!);
  }
  objects = kc.makeApiClient(CustomObjectsApi);
});

after(async () => {
  await api?.stop();
});

function locustTest(name: string): object {
  return {
    apiVersion: 'locust.io/v2',
    kind: 'LocustTest',
    metadata: { name },
    spec: { image: 'locustio/locust:2.31.0', master: { command: 'locust -f /lotest/src/test.py' }, worker: { command: 'locust -f /lotest/src/test.py', replicas: 2 } },
  };
}

async function statusOf(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
    return { code: 201, body: undefined };
  } catch (err) {
    const e = err as { code?: number; body?: string };
    return { code: e.code ?? 0, body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body };
  }
}

test('a LocustTest name of 56 characters is accepted and gets the marker defaults', async () => {
  const name = 'a'.repeat(56);
  await objects.createNamespacedCustomObject({ group: 'locust.io', version: 'v2', namespace: 'default', plural: 'locusttests', body: locustTest(name) });
  const got = await objects.getNamespacedCustomObject({ group: 'locust.io', version: 'v2', namespace: 'default', plural: 'locusttests', name }) as any;
  assert.equal(got.spec.imagePullPolicy, 'IfNotPresent');
  assert.equal(got.spec.master.autostart, true);
  assert.deepEqual(got.spec.master.autoquit, undefined);
});

test('a LocustTest name of 57 characters is rejected at admission by the CEL rule', async () => {
  const res = await statusOf(objects.createNamespacedCustomObject({
    group: 'locust.io', version: 'v2', namespace: 'default', plural: 'locusttests', body: locustTest('b'.repeat(57)),
  }));
  assert.equal(res.code, 422);
  assert.equal(res.body.reason, 'Invalid');
  assert.match(JSON.stringify(res.body.details.causes), /at most 56 characters/);
});

test('the v1 version enforces the same rule', async () => {
  const res = await statusOf(objects.createNamespacedCustomObject({
    group: 'locust.io', version: 'v1', namespace: 'default', plural: 'locusttests',
    body: { apiVersion: 'locust.io/v1', kind: 'LocustTest', metadata: { name: 'c'.repeat(60) }, spec: { image: 'x', masterCommandSeed: 'm', workerCommandSeed: 'w', workerReplicas: 1 } },
  }));
  assert.equal(res.code, 422);
});

test('Sandbox ttl must lie between 300 and 604800 seconds', async () => {
  const sandbox = (name: string, ttl: number) => ({
    apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'Sandbox', metadata: { name },
    spec: { ttl, services: [{ name: 'api', baseline: { name: 'api' } }] },
  });
  const create = (body: object) => objects.createNamespacedCustomObject({ group: 'sandbox.tsop.dev', version: 'v1alpha1', namespace: 'default', plural: 'sandboxes', body });
  assert.equal((await statusOf(create(sandbox('too-short', 299)))).code, 422);
  assert.equal((await statusOf(create(sandbox('too-long', 604801)))).code, 422);
  assert.equal((await statusOf(create(sandbox('just-right', 300)))).code, 201);
});
