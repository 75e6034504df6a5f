import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Request } from '../../runtime/controller/index.ts';
import { enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc } from '../../runtime/handler/index.ts';
import { generationChanged, labelChanged, annotationChanged, resourceVersionChanged, and, or, not, predicateFromFunc, passes } from '../../runtime/predicate/index.ts';

function recorder() {
  const added: Request[] = [];
  return { added, q: { add: (r: Request) => added.push(r), addAfter: () => {}, addRateLimited: () => {} } };
}

const cm = (meta: Partial<KubeObject['metadata']>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', ...meta } });

test('enqueueRequestForObject enqueues the object itself', () => {
  const { added, q } = recorder();
  const h = enqueueRequestForObject();
  h.create!(cm({}), q);
  h.update!(cm({ name: 'old' }), cm({ name: 'new' }), q);
  h.delete!(cm({ name: 'gone', namespace: undefined }), q);
  assert.deepEqual(added, [{ namespace: 'ns', name: 'c' }, { namespace: 'ns', name: 'new' }, { namespace: '', name: 'gone' }]);
});

test('enqueueRequestForOwner follows the controller reference of the right kind only', () => {
  const { added, q } = recorder();
  const h = enqueueRequestForOwner({ group: 'example.com', kind: 'Widget' });
  const refs = [
    { apiVersion: 'example.com/v1', kind: 'Widget', name: 'boss', uid: '1', controller: true },
    { apiVersion: 'example.com/v1', kind: 'Widget', name: 'friend', uid: '2' },
    { apiVersion: 'other.io/v1', kind: 'Widget', name: 'alien', uid: '3', controller: true },
  ];
  h.create!(cm({ ownerReferences: refs }), q);
  assert.deepEqual(added, [{ namespace: 'ns', name: 'boss' }]);
  added.length = 0;
  enqueueRequestForOwner({ group: 'example.com', kind: 'Widget' }, { onlyController: false }).create!(cm({ ownerReferences: refs }), q);
  assert.deepEqual(added.map((r) => r.name), ['boss', 'friend']);
  added.length = 0;
  h.update!(cm({ ownerReferences: [refs[0]!] }), cm({ ownerReferences: [] }), q);
  assert.deepEqual(added, [{ namespace: 'ns', name: 'boss' }], 'an owner losing its child hears about it');
});

test('enqueueRequestsFromMapFunc enqueues mapped requests, sync and async', async () => {
  const { added, q } = recorder();
  enqueueRequestsFromMapFunc((o) => [{ namespace: 'x', name: `for-${o.metadata.name}` }]).create!(cm({}), q);
  enqueueRequestsFromMapFunc(async (o) => [{ namespace: 'y', name: `${o.metadata.name}` }]).delete!(cm({}), q);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(added, [{ namespace: 'x', name: 'for-c' }, { namespace: 'y', name: 'c' }]);
});

test('change predicates pass only the updates they describe', () => {
  const a = cm({ generation: 1, resourceVersion: '1', labels: { a: '1' }, annotations: { n: 'x' } });
  const statusOnly = cm({ generation: 1, resourceVersion: '2', labels: { a: '1' }, annotations: { n: 'x' } });
  const spec = cm({ generation: 2, resourceVersion: '3', labels: { a: '1' }, annotations: { n: 'x' } });
  const relabel = cm({ generation: 1, resourceVersion: '4', labels: { a: '2' }, annotations: { n: 'x' } });
  const reannotate = cm({ generation: 1, resourceVersion: '5', labels: { a: '1' }, annotations: {} });
  assert.equal(passes(generationChanged(), 'update', statusOnly, a), false);
  assert.equal(passes(generationChanged(), 'update', spec, a), true);
  assert.equal(passes(generationChanged(), 'create', a), true);
  assert.equal(passes(labelChanged(), 'update', relabel, a), true);
  assert.equal(passes(labelChanged(), 'update', statusOnly, a), false);
  assert.equal(passes(annotationChanged(), 'update', reannotate, a), true);
  assert.equal(passes(annotationChanged(), 'update', relabel, a), false);
  assert.equal(passes(resourceVersionChanged(), 'update', a, a), false);
  assert.equal(passes(resourceVersionChanged(), 'update', statusOnly, a), true);
  const specOrLabels = or(generationChanged(), labelChanged());
  assert.equal(passes(specOrLabels, 'update', relabel, a), true);
  assert.equal(passes(specOrLabels, 'update', statusOnly, a), false);
  assert.equal(passes(and(generationChanged(), labelChanged()), 'update', spec, a), false);
  assert.equal(passes(not(generationChanged()), 'update', statusOnly, a), true);
  const named = predicateFromFunc((o) => o.metadata.name === 'c');
  assert.equal(passes(named, 'delete', a), true);
  assert.equal(passes(named, 'delete', cm({ name: 'd' })), false);
});
