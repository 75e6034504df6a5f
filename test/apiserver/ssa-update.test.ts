import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordUpdate, serverSideApply, FieldSet, pathString, decodeManagedFields, encodeManagedFields } from '../../apiserver/ssa/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const T2 = '2025-01-01T00:02:00Z';

const cm = (data: Record<string, string>, labels?: Record<string, string>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', uid: 'u1', resourceVersion: '7', ...(labels ? { labels } : {}) }, data });

test('create records an Update entry of every set field, server metadata excluded', () => {
  const obj = recordUpdate(undefined, cm({ a: '1' }, { app: 'x' }), { manager: 'kubectl-create', operation: 'Update', now: T0 });
  assert.deepEqual(obj.metadata.managedFields, [{
    manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
  }]);
});

test('an update takes changed fields from other managers without conflict and accumulates its own', () => {
  let obj = recordUpdate(undefined, cm({ a: '1', b: '2' }), { manager: 'creator', operation: 'Update', now: T0 });
  obj = recordUpdate(obj, { ...cm({ a: '9', b: '2' }), metadata: obj.metadata }, { manager: 'kubectl-edit', operation: 'Update', now: T1 });
  const byManager = Object.fromEntries(obj.metadata.managedFields!.map((e) => [e.manager, e]));
  assert.deepEqual(byManager['kubectl-edit'].fieldsV1, { 'f:data': { 'f:a': {} } });
  assert.equal(byManager['kubectl-edit'].time, T1);
  assert.deepEqual(byManager.creator.fieldsV1, { 'f:data': { '.': {}, 'f:b': {} } });
  obj = recordUpdate(obj, { ...cm({ a: '9', b: '2', c: '3' }), metadata: obj.metadata }, { manager: 'kubectl-edit', operation: 'Update', now: T2 });
  const edit = obj.metadata.managedFields!.find((e) => e.manager === 'kubectl-edit')!;
  assert.deepEqual(edit.fieldsV1, { 'f:data': { 'f:a': {}, 'f:c': {} } });
  assert.equal(edit.time, T2);
});

test('removed fields leave every manager; managers left with nothing disappear', () => {
  let obj = recordUpdate(undefined, cm({ a: '1' }), { manager: 'creator', operation: 'Update', now: T0 });
  obj = recordUpdate(obj, { ...cm({ a: '1', b: '2' }), metadata: obj.metadata }, { manager: 'other', operation: 'Update', now: T1 });
  obj = recordUpdate(obj, { ...cm({ a: '1' }), metadata: obj.metadata }, { manager: 'pruner', operation: 'Update', now: T2 });
  assert.deepEqual(obj.metadata.managedFields!.map((e) => e.manager), ['creator']);
});

test('a no-op update leaves managedFields untouched', () => {
  const obj = recordUpdate(undefined, cm({ a: '1' }), { manager: 'creator', operation: 'Update', now: T0 });
  const again = recordUpdate(obj, structuredClone(obj), { manager: 'someone', operation: 'Update', now: T2 });
  assert.deepEqual(again.metadata.managedFields, obj.metadata.managedFields);
});

test('an update to an applied field moves it away from the applier, so the next apply conflicts', () => {
  let obj = serverSideApply(undefined, cm({ a: '1' }), { manager: 'kubectl', force: false, now: T0 }).object;
  obj = recordUpdate(obj, { ...cm({ a: '2' }), metadata: obj.metadata }, { manager: 'kubectl-edit', operation: 'Update', now: T1 });
  assert.equal(obj.metadata.managedFields!.find((e) => e.manager === 'kubectl'), undefined);
  try {
    serverSideApply(obj, cm({ a: '1' }), { manager: 'kubectl', force: false, now: T2 });
    assert.fail('expected conflict');
  } catch (err) {
    assert.ok(err instanceof StatusError);
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a');
  }
});

test('one Update entry per manager, apiVersion and subresource', () => {
  let obj = recordUpdate(undefined, cm({ a: '1' }), { manager: 'm', operation: 'Update', now: T0 });
  obj = recordUpdate(obj, { ...cm({ a: '1' }), metadata: obj.metadata, status: { x: 1 } }, { manager: 'm', operation: 'Update', now: T1, subresource: 'status' });
  obj = recordUpdate(obj, { ...cm({ a: '1' }), apiVersion: 'v2', metadata: obj.metadata, status: { x: 1 }, extra: 1 }, { manager: 'm', operation: 'Update', now: T2 });
  assert.deepEqual(obj.metadata.managedFields!.map((e) => [e.apiVersion, e.subresource ?? '', Object.keys(e.fieldsV1!)]), [
    ['v1', '', ['f:data']], ['v1', 'status', ['f:status']], ['v2', '', ['f:extra']],
  ]);
});

test('client-sent managedFields are honoured (reset with [{}]); subresource writes ignore them', () => {
  const obj = recordUpdate(undefined, cm({ a: '1' }), { manager: 'creator', operation: 'Update', now: T0 });
  const reset = recordUpdate(obj, { ...cm({ a: '1', b: '2' }), metadata: { ...obj.metadata, managedFields: [{}] } }, { manager: 'editor', operation: 'Update', now: T1 });
  assert.deepEqual(reset.metadata.managedFields, [{ manager: 'editor', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:b': {} } } }]);
  const viaStatus = recordUpdate(obj, { ...cm({ a: '1' }), metadata: { ...obj.metadata, managedFields: [{}] } }, { manager: 'x', operation: 'Update', now: T1, subresource: 'status' });
  assert.deepEqual(viaStatus.metadata.managedFields, obj.metadata.managedFields);
});

test('FieldsV1 round-trips, with "." only where a node is itself a member', () => {
  const fields = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:tags': { 'v:"a"': {} }, 'i:0': {} } };
  const set = FieldSet.fromFieldsV1(fields);
  assert.equal(set.size, 6);
  assert.deepEqual(set.toFieldsV1(), fields);
  assert.deepEqual(set.paths().map(pathString), [
    '.metadata.labels', '.metadata.labels.app', '.spec[0]', '.spec.ports[port=80,protocol="TCP"]', '.spec.ports[port=80,protocol="TCP"].port', '.spec.tags[="a"]',
  ], 'members at a level come before deeper paths, fields before keys before values');
  assert.deepEqual(pathString(['f:spec', 'k:{"name":"app"}', 'f:image']), '.spec[name="app"].image');
});

test('managedFields codec sorts Apply before Update, then by time and manager', () => {
  const managers = decodeManagedFields([
    { manager: 'z', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:a': {} } },
    { manager: 'b', operation: 'Apply', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1', fieldsV1: { 'f:b': {} } },
    { manager: 'a', operation: 'Apply', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1', fieldsV1: { 'f:c': {} } },
    { manager: 'empty', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: {} },
  ]);
  assert.deepEqual(encodeManagedFields(managers).map((e) => e.manager), ['a', 'b', 'z']);
  assert.throws(() => decodeManagedFields([{ manager: 'x', operation: 'Bogus' as 'Apply' }]), (e: unknown) => e instanceof StatusError && e.code === 400);
});
