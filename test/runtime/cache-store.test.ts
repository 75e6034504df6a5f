import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexedStore, keyOf, NamespaceIndex } from '../../runtime/cache/store.ts';
import { WatchEventDecoder } from '../../runtime/cache/watch-events.ts';
import { Backoff } from '../../runtime/cache/backoff.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

const cm = (ns: string, name: string, node?: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name, resourceVersion: '1' }, spec: { node } });

test('store keys by namespace/name and maintains the namespace and custom indexes', () => {
  const store = new IndexedStore<KubeObject>({ byNode: (o) => (o.spec as { node?: string }).node ? [(o.spec as { node: string }).node] : [] });
  store.upsert(cm('a', 'x', 'n1'));
  store.upsert(cm('a', 'y', 'n2'));
  store.upsert(cm('b', 'x', 'n1'));
  assert.equal(keyOf(cm('a', 'x')), 'a/x');
  assert.equal(store.size, 3);
  assert.deepEqual(store.byIndex(NamespaceIndex, 'a').map(keyOf).sort(), ['a/x', 'a/y']);
  assert.deepEqual(store.byIndex('byNode', 'n1').map(keyOf).sort(), ['a/x', 'b/x']);
  store.upsert(cm('a', 'x', 'n2'));
  assert.deepEqual(store.byIndex('byNode', 'n1').map(keyOf), ['b/x']);
  assert.deepEqual(store.byIndex('byNode', 'n2').map(keyOf).sort(), ['a/x', 'a/y']);
  store.remove('a/y');
  assert.deepEqual(store.byIndex(NamespaceIndex, 'a').map(keyOf), ['a/x']);
  store.addIndexers({ byName: (o) => [o.metadata.name!] });
  assert.deepEqual(store.byIndex('byName', 'x').map(keyOf).sort(), ['a/x', 'b/x']);
  assert.throws(() => store.byIndex('nope', 'x'));
  assert.throws(() => store.addIndexers({ byName: () => [] }));
});

test('cluster-scoped objects are keyed by name alone', () => {
  const store = new IndexedStore<KubeObject>();
  store.upsert({ metadata: { name: 'ns1' } });
  assert.ok(store.get('ns1'));
  assert.deepEqual(store.byIndex(NamespaceIndex, '').length, 1);
});

test('watch decoder reassembles events split across chunks, including multi-byte characters', () => {
  const dec = new WatchEventDecoder();
  const line1 = Buffer.from(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'é€' } } }) + '\n');
  const line2 = Buffer.from(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } }) + '\n');
  const all = Buffer.concat([line1, line2]);
  const bad: string[] = [];
  const events = [];
  for (let i = 0; i < all.length; i += 7) events.push(...dec.push(all.subarray(i, Math.min(all.length, i + 7)), (l) => bad.push(l)));
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'BOOKMARK']);
  assert.equal(events[0]!.object.metadata.name, 'é€');
  assert.deepEqual(dec.push(Buffer.from('not json\n'), (l) => bad.push(l)), []);
  assert.deepEqual(bad, ['not json']);
});

test('backoff grows, stays bounded and resets', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
});

test('the pager peeks the continue token only from list metadata ahead of the items', async () => {
  const { peekContinue } = await import('../../runtime/cache/pager.ts');
  const page = (meta: object, items: object[]) => Buffer.from(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: meta, items }));
  assert.equal(peekContinue(page({ resourceVersion: '5', continue: 'eyJydiI6NX0=' }, [])), 'eyJydiI6NX0=');
  assert.equal(peekContinue(page({ resourceVersion: '5' }, [{ metadata: { name: 'x' }, data: { continue: 'fake' } }])), undefined);
  const itemsFirst = Buffer.from(JSON.stringify({ items: [{ data: { x: '"continue":"nope"' } }], metadata: { continue: 'real' } }));
  assert.equal(peekContinue(itemsFirst), undefined);
});
