import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { CachedClient } from '../../runtime/client/cached-client.ts';
import { ConfigMaps, Namespaces, Secrets } from '../../runtime/client/builtins.ts';
import { InformerCache } from '../../runtime/cache/informer-cache.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import { defineResource } from '../../runtime/client/resource.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { startTestApi, versions, waitFor, waitForConvergence } from '../support/api.ts';
import { Transport } from '../../runtime/client/transport.ts';
import { SharedInformer } from '../../runtime/cache/informer.ts';
import type { TestApi } from '../support/api.ts';

let t: TestApi;
let direct: ApiClient;

before(async () => {
  t = await startTestApi();
  direct = new ApiClient(t.kc, { fieldManager: 'cache-test' });
  for (const ns of ['cache-a', 'cache-b']) await direct.create(Namespaces, { metadata: { name: ns } });
});
after(async () => {
  direct?.transport.close();
  await t?.api.stop();
});

const cm = (ns: string, name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): KubeObject =>
  ({ metadata: { name, namespace: ns, labels }, data });

test('handlers see adds, updates and deletes in order; late handlers get the current contents', async () => {
  const cache = new InformerCache(t.kc, { idleTimeoutMs: 5000 });
  try {
    await direct.create(ConfigMaps, cm('cache-a', 'pre'));
    const inf = cache.informerFor(ConfigMaps, { namespace: 'cache-a' });
    const seen: string[] = [];
    // Every namespace also holds its kube-root-ca.crt, as on a cluster; these handlers follow the test's own objects.
    const own = (o: KubeObject) => o.metadata.name !== 'kube-root-ca.crt';
    inf.addEventHandler({
      onAdd: (o, initial) => { if (own(o)) seen.push(`add ${o.metadata.name} ${initial}`); },
      onUpdate: (a, b) => seen.push(`update ${a.metadata.name} ${(a.data as Record<string, string>)?.v ?? '-'}->${(b.data as Record<string, string>)?.v}`),
      onDelete: (o) => seen.push(`delete ${o.metadata.name} ${(o.data as Record<string, string>)?.v}`),
    });
    cache.start();
    assert.ok(await cache.waitForSync());
    await direct.create(ConfigMaps, cm('cache-a', 'live'));
    await direct.patch(ConfigMaps, { namespace: 'cache-a', name: 'live' }, { data: { v: '1' } });
    await direct.delete(ConfigMaps, { namespace: 'cache-a', name: 'live' });
    await waitFor(() => seen.length >= 4, 'four events');
    assert.deepEqual(seen, ['add pre true', 'add live false', 'update live -->1', 'delete live 1']);
    const late: string[] = [];
    inf.addEventHandler({ onAdd: (o, initial) => late.push(`${o.metadata.name} ${initial}`) });
    assert.deepEqual(late.sort(), ['kube-root-ca.crt true', 'pre true']);
  } finally {
    await cache.stop();
  }
});

test('a handler that throws neither stops the informer nor starves other handlers', async () => {
  const cache = new InformerCache(t.kc);
  try {
    const inf = cache.informerFor(ConfigMaps, { namespace: 'cache-b' });
    const seen: string[] = [];
    inf.addEventHandler({ onAdd: () => { throw new Error('handler bug'); }, onUpdate: () => { throw new Error('handler bug'); } });
    inf.addEventHandler({ onAdd: (o) => seen.push(o.metadata.name!) });
    cache.start();
    await cache.waitForSync();
    await direct.create(ConfigMaps, cm('cache-b', 'after-throw-1'));
    await direct.create(ConfigMaps, cm('cache-b', 'after-throw-2'));
    await waitFor(() => seen.includes('after-throw-2'), 'later events still delivered');
    assert.ok(seen.includes('after-throw-1'));
  } finally {
    await cache.stop();
  }
});

test('stored objects drop managedFields by default; a null transform keeps them', async () => {
  await direct.apply(ConfigMaps, { metadata: { name: 'managed', namespace: 'cache-b' }, data: { x: '1' } });
  const lean = new InformerCache(t.kc);
  const full = new InformerCache(t.kc, { transform: null });
  try {
    const a = await lean.get(ConfigMaps, { namespace: 'cache-b', name: 'managed' });
    const b = await full.get(ConfigMaps, { namespace: 'cache-b', name: 'managed' });
    assert.equal(a.metadata.managedFields, undefined);
    assert.ok(b.metadata.managedFields?.length);
    assert.equal(a.kind, 'ConfigMap');
    assert.equal(a.apiVersion, 'v1');
  } finally {
    await lean.stop();
    await full.stop();
  }
});

test('the cache serves get/list with namespace, label and indexed field selectors', async () => {
  await direct.create(ConfigMaps, cm('cache-a', 'l1', { tier: 'web' }, { owner: 'alice' }));
  await direct.create(ConfigMaps, cm('cache-b', 'l2', { tier: 'web' }, { owner: 'bob' }));
  await direct.create(ConfigMaps, cm('cache-b', 'l3', { tier: 'db' }, { owner: 'alice' }));
  const cache = new InformerCache(t.kc);
  try {
    cache.indexField(ConfigMaps, 'data.owner', (o) => [(o.data as Record<string, string> | undefined)?.owner ?? '']);
    cache.start();
    const inB = await cache.list(ConfigMaps, { namespace: 'cache-b', labelSelector: 'tier=web' });
    assert.deepEqual(inB.items.map((o) => o.metadata.name), ['l2']);
    const alice = await cache.list(ConfigMaps, { fieldSelector: 'data.owner=alice' });
    assert.deepEqual(alice.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort(), ['cache-a/l1', 'cache-b/l3']);
    const aliceNotL1 = await cache.list(ConfigMaps, { fieldSelector: 'data.owner=alice,metadata.name!=l1' });
    assert.deepEqual(aliceNotL1.items.map((o) => o.metadata.name), ['l3']);
    const notBob = await cache.list(ConfigMaps, { namespace: 'cache-b', fieldSelector: 'data.owner!=bob' });
    assert.deepEqual(notBob.items.map((o) => o.metadata.name).filter((n) => n?.startsWith('l')), ['l3']);
    const inf = cache.informerFor(ConfigMaps);
    assert.deepEqual(inf.store.byIndex('field:data.owner', 'bob').map((o) => o.metadata.name), ['l2']);
    await assert.rejects(cache.get(ConfigMaps, { namespace: 'cache-a', name: 'nope' }), isNotFound);
    // Reads are copies: mutating one does not touch the store.
    const copy = await cache.get(ConfigMaps, { namespace: 'cache-a', name: 'l1' });
    (copy.data as Record<string, string>).owner = 'mallory';
    assert.equal(((await cache.get(ConfigMaps, { namespace: 'cache-a', name: 'l1' })).data as Record<string, string>).owner, 'alice');
  } finally {
    await cache.stop();
  }
});

test('label-scoped informers hold only matching objects and see objects leave the selection', async () => {
  const cache = new InformerCache(t.kc, { scopes: { '/v1/configmaps': { labelSelector: { matchLabels: { scoped: 'yes' } } } } });
  try {
    await direct.create(ConfigMaps, cm('cache-a', 's1', { scoped: 'yes' }));
    await direct.create(ConfigMaps, cm('cache-a', 's2', { scoped: 'no' }));
    const inf = cache.informerFor(ConfigMaps);
    cache.start();
    await cache.waitForSync();
    await waitForConvergence(inf.store, direct, ConfigMaps, { labelSelector: 'scoped=yes' });
    assert.ok(inf.store.list().every((o) => o.metadata.labels?.scoped === 'yes'));
    await direct.patch(ConfigMaps, { namespace: 'cache-a', name: 's1' }, { metadata: { labels: { scoped: 'no' } } });
    await waitFor(() => inf.store.get('cache-a/s1') === undefined, 's1 leaves the scope');
  } finally {
    await cache.stop();
  }
});

test('stopping right after the first sync settles promptly (no watch left behind)', async () => {
  const cache = new InformerCache(t.kc);
  const inf = cache.informerFor(ConfigMaps, { namespace: 'cache-a' });
  cache.start();
  // Awaiting the informer itself resumes before the reflector opens its watch: stop lands in between.
  assert.ok(await inf.waitForSync());
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    cache.stop().then(() => true),
    new Promise<boolean>((r) => { timer = setTimeout(() => r(false), 5000); }),
  ]);
  clearTimeout(timer);
  assert.equal(stopped, true);
});

test('resync re-delivers stored objects as updates', async () => {
  const cache = new InformerCache(t.kc, { resyncPeriodMs: 100 });
  try {
    const inf = cache.informerFor(ConfigMaps, { namespace: 'cache-b' });
    let resyncs = 0;
    inf.addEventHandler({ onUpdate: (a, b) => { if (a === b) resyncs++; } });
    cache.start();
    await waitFor(() => resyncs >= 2 * inf.store.size && inf.store.size > 0, 'two resync rounds');
  } finally {
    await cache.stop();
  }
});

test('the cached client reads through an informer started on first use and writes to the server', async () => {
  const cache = new InformerCache(t.kc);
  const client = new CachedClient(direct, cache, { uncached: [Secrets] });
  try {
    cache.start();
    assert.equal(cache.hasInformer(ConfigMaps), false);
    await client.create(ConfigMaps, cm('cache-a', 'cc'));
    await waitFor(async () => {
      try { await client.get(ConfigMaps, { namespace: 'cache-a', name: 'cc' }); return true; } catch { return false; }
    }, 'cached read sees the write');
    assert.equal(cache.hasInformer(ConfigMaps), true);
    await client.create(Secrets, { metadata: { name: 's', namespace: 'cache-a' }, stringData: { k: 'v' } });
    assert.equal((await client.get(Secrets, { namespace: 'cache-a', name: 's' })).metadata.name, 's');
    assert.equal(cache.hasInformer(Secrets), false, 'uncached kinds never start an informer');
    assert.equal((await client.reader.get(ConfigMaps, { namespace: 'cache-a', name: 'cc' })).metadata.name, 'cc');
  } finally {
    await cache.stop();
  }
});

test('cached reads of a resource the server does not serve fail fast with NotFound', async () => {
  const cache = new InformerCache(t.kc, { backoff: { initialMs: 50, maxMs: 200 } });
  try {
    cache.start();
    const Missing = defineResource({ group: 'nothing.example.com', version: 'v1', kind: 'Missing', plural: 'missings', namespaced: true });
    await assert.rejects(cache.get(Missing, { namespace: 'cache-a', name: 'x' }), isNotFound);
    await assert.rejects(cache.list(Missing), isNotFound);
  } finally {
    await cache.stop();
  }
});

test('a paginated initial list (small pages, next page prefetched) stores exactly the objects on the server', async () => {
  for (let i = 0; i < 9; i++) await direct.create(ConfigMaps, cm('cache-b', `page-${i}`));
  const transport = new Transport(t.kc);
  const inf = new SharedInformer<KubeObject>({ transport, resource: ConfigMaps, namespace: 'cache-b', pageSize: 2 });
  try {
    inf.start();
    assert.ok(await inf.waitForSync());
    const fresh = await direct.list(ConfigMaps, { namespace: 'cache-b' });
    assert.deepEqual(versions(inf.store.list()), versions(fresh.items));
    assert.ok(fresh.items.length >= 9);
  } finally {
    await inf.stop();
    transport.close();
  }
});
