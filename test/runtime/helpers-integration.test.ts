/** createOrUpdate / createOrPatch / applyObject against the local API server. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps } from '../../runtime/client/index.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { applyObject, createOrPatch, createOrUpdate } from '../../runtime/helpers/index.ts';

let t: TestApi;
let client: ApiClient;
before(async () => { t = await startTestApi(); client = new ApiClient(t.kc, { fieldManager: 'helpers-test' }); });
after(async () => { await t.api.stop(); });

const cm = (name: string): KubeObject => ({ metadata: { name, namespace: 'default' } });

test('createOrUpdate reports created, unchanged and updated', async () => {
  const mutate = (v: string) => (o: KubeObject) => { o.data = { v }; o.metadata.labels = { ...o.metadata.labels, app: 'x' }; };
  const r1 = await createOrUpdate(client, ConfigMaps, cm('cou'), mutate('1'));
  assert.equal(r1.result, 'created');
  assert.equal(r1.object.metadata.uid !== undefined, true);
  assert.equal((await createOrUpdate(client, ConfigMaps, cm('cou'), mutate('1'))).result, 'unchanged');
  const r3 = await createOrUpdate(client, ConfigMaps, cm('cou'), mutate('2'));
  assert.equal(r3.result, 'updated');
  assert.deepEqual((await client.get(ConfigMaps, { namespace: 'default', name: 'cou' })).data, { v: '2' });
  await assert.rejects(createOrUpdate(client, ConfigMaps, cm('cou'), (o) => { o.metadata.name = 'other'; }), /cannot change the object name/);
});

test('createOrPatch writes minimal merge patches and keeps foreign fields', async () => {
  assert.equal((await createOrPatch(client, ConfigMaps, cm('cop'), (o) => { o.data = { a: '1' }; })).result, 'created');
  await client.patch(ConfigMaps, { namespace: 'default', name: 'cop' }, { metadata: { annotations: { foreign: 'keep' } } }, { type: 'merge' });
  assert.equal((await createOrPatch(client, ConfigMaps, cm('cop'), (o) => { o.data = { a: '1' }; })).result, 'unchanged');
  const r = await createOrPatch(client, ConfigMaps, cm('cop'), (o) => { o.data = { a: '1', b: '2' }; });
  assert.equal(r.result, 'updated');
  assert.deepEqual(r.object.data, { a: '1', b: '2' });
  assert.equal(r.object.metadata.annotations?.foreign, 'keep');
});

test('applyObject server-side applies under a field manager and prunes fields it stops applying', async () => {
  await applyObject(client, ConfigMaps, { metadata: { name: 'ssa', namespace: 'default' }, data: { a: '1', b: '2' } }, { fieldManager: 'my-operator' });
  const after = await applyObject(client, ConfigMaps, { metadata: { name: 'ssa', namespace: 'default' }, data: { a: '1' } }, { fieldManager: 'my-operator' });
  assert.deepEqual(after.data, { a: '1' });
  assert.ok(after.metadata.managedFields?.some((f) => f.manager === 'my-operator' && f.operation === 'Apply'));
});
