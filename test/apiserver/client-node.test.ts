import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, makeInformer, PatchStrategy, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, installCrd } from './helpers.ts';

describe('client-node against the local API server', () => {
  let api: RunningApiServer;
  let kc: KubeConfig;
  before(async () => {
    api = await startApiServer();
    kc = new KubeConfig();
    kc.loadFromString(api.kubeconfig);
    await installCrd(api, 'widgets-crd.yaml');
  });
  after(() => api.stop());

  it('does CRUD on configmaps with optimistic concurrency', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cm1', labels: { a: 'b' } }, data: { k: 'v' } } });
    assert.match(created.metadata!.uid!, /^[0-9a-f-]{36}$/);
    const got = await core.readNamespacedConfigMap({ name: 'cm1', namespace: 'default' });
    assert.equal(got.data!.k, 'v');
    got.data!.k = 'w';
    const updated = await core.replaceNamespacedConfigMap({ name: 'cm1', namespace: 'default', body: got });
    assert.ok(Number(updated.metadata!.resourceVersion) > Number(got.metadata!.resourceVersion));
    await assert.rejects(core.replaceNamespacedConfigMap({ name: 'cm1', namespace: 'default', body: got }), (e: any) => e.code === 409 && JSON.parse(e.body).reason === 'Conflict');
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'a=b' });
    assert.deepEqual(list.items.map((i) => i.metadata!.name), ['cm1']);
    assert.ok(Number(list.metadata!.resourceVersion) >= Number(updated.metadata!.resourceVersion));
    await core.deleteNamespacedConfigMap({ name: 'cm1', namespace: 'default' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'cm1', namespace: 'default' }), (e: any) => e.code === 404 && JSON.parse(e.body).reason === 'NotFound');
  });

  it('serves custom resources through CustomObjectsApi and KubernetesObjectApi', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const body = { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { color: 'red', replicas: 1 } };
    const created = await custom.createNamespacedCustomObject({ group: 'test.tsop.dev', version: 'v1', namespace: 'default', plural: 'widgets', body });
    assert.equal(created.metadata.generation, 1);
    const patched = await custom.patchNamespacedCustomObject({ group: 'test.tsop.dev', version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1', body: { spec: { replicas: 3 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    assert.equal(patched.spec.replicas, 3);
    assert.equal(patched.metadata.generation, 2);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const read = await objects.read({ apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' } });
    assert.equal((read as any).spec.color, 'red');
    const list = await objects.list('test.tsop.dev/v1', 'Widget', 'default');
    assert.equal(list.items.length, 1);
    await objects.delete({ apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' } });
    await assert.rejects(objects.read({ apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' } }));
  });

  it('feeds an informer with adds, updates and deletes', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add:${o.metadata!.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata!.name}:${o.data?.k}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata!.name}`));
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf' }, data: { k: '1' } } });
    await core.patchNamespacedConfigMap({ namespace: 'default', name: 'inf', body: { data: { k: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf' });
    await eventually(() => seen.includes('delete:inf'), 5000, 'informer delete');
    // The initial list brings the namespace's root CA ConfigMap, as on any cluster.
    assert.deepEqual(seen, ['add:kube-root-ca.crt', 'add:inf', 'update:inf:2', 'delete:inf']);
    await informer.stop();
  });
});

describe('client-node informer recovery', () => {
  it('relists after its resume point is compacted (410) and keeps delivering', async () => {
    const api = await startApiServer({ tuning: { historyEvents: 5, watchLifetimeMs: 300 } });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(api.kubeconfig);
      const core = kc.makeApiClient(CoreV1Api);
      let lists = 0;
      const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () => { lists++; return core.listNamespacedConfigMap({ namespace: 'default' }); });
      const added: string[] = [];
      const errors: unknown[] = [];
      informer.on('add', (o) => added.push(o.metadata!.name!));
      informer.on('error', (e) => errors.push(e));
      await informer.start();
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before' } } });
      await eventually(() => added.includes('before'), 5000, 'first add');
      // Writes elsewhere push the shared history past the informer's resume point.
      for (let i = 0; i < 10; i++) await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: `s${i}` } } });
      await eventually(() => lists >= 2, 5000, 'a relist after 410');
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after' } } });
      await eventually(() => added.includes('after'), 5000, 'add after recovery');
      assert.deepEqual(errors, []);
      await informer.stop();
    } finally {
      await api.stop();
    }
  });
});
