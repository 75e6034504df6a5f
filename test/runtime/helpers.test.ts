import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import {
  addFinalizer, removeFinalizer, containsFinalizer, setControllerReference, setOwnerReference, AlreadyOwnedError, InvalidOwnerError,
  getControllerOf, isControlledBy, setStatusCondition, isStatusConditionTrue, isStatusConditionFalse, findStatusCondition, removeStatusCondition,
  createMergePatch,
} from '../../runtime/helpers/index.ts';

const obj = (name: string, namespace = 'ns', extra: Partial<KubeObject['metadata']> = {}): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace, uid: `uid-${name}`, ...extra } });

test('finalizers are added once and removed entirely', () => {
  const o = obj('a');
  assert.equal(addFinalizer(o, 'example.com/cleanup'), true);
  assert.equal(addFinalizer(o, 'example.com/cleanup'), false);
  assert.equal(containsFinalizer(o, 'example.com/cleanup'), true);
  o.metadata.finalizers!.push('other', 'example.com/cleanup');
  assert.equal(removeFinalizer(o, 'example.com/cleanup'), true);
  assert.deepEqual(o.metadata.finalizers, ['other']);
  assert.equal(removeFinalizer(o, 'example.com/cleanup'), false);
});

test('setControllerReference adopts, is idempotent, and refuses a second controller', () => {
  const owner = obj('owner');
  const child = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' } } as KubeObject;
  setControllerReference(owner, child);
  setControllerReference(owner, child);
  assert.deepEqual(child.metadata.ownerReferences, [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'owner', uid: 'uid-owner', blockOwnerDeletion: true, controller: true }]);
  assert.ok(isControlledBy(child, owner));
  assert.throws(() => setControllerReference(obj('rival'), child), AlreadyOwnedError);
  setOwnerReference(obj('friend'), child);
  assert.equal(child.metadata.ownerReferences!.length, 2);
  assert.equal(getControllerOf(child)!.name, 'owner');
  assert.throws(() => setControllerReference(owner, { metadata: { name: 'x', namespace: 'elsewhere' } } as KubeObject), InvalidOwnerError);
  assert.throws(() => setControllerReference(owner, { metadata: { name: 'x' } } as KubeObject), InvalidOwnerError);
  const clusterOwner = { apiVersion: 'example.com/v1', kind: 'Tenant', metadata: { name: 't', uid: 'u' } } as KubeObject;
  setControllerReference(clusterOwner, { metadata: { name: 'x', namespace: 'any' } } as KubeObject);
});

test('setStatusCondition moves lastTransitionTime only on status change', () => {
  const conds: Condition[] = [];
  const t0 = new Date('2026-01-01T00:00:00.123Z');
  const t1 = new Date('2026-01-01T00:05:00Z');
  assert.equal(setStatusCondition(conds, { type: 'Ready', status: 'False', reason: 'Starting', message: 'wait', observedGeneration: 1 }, t0), true);
  assert.equal(conds[0]!.lastTransitionTime, '2026-01-01T00:00:00Z');
  assert.equal(setStatusCondition(conds, { type: 'Ready', status: 'False', reason: 'Starting', message: 'wait', observedGeneration: 1 }, t1), false);
  assert.equal(setStatusCondition(conds, { type: 'Ready', status: 'False', reason: 'Pulling', message: 'still', observedGeneration: 2 }, t1), true);
  assert.equal(conds[0]!.lastTransitionTime, '2026-01-01T00:00:00Z', 'reason change keeps the time');
  assert.equal(conds[0]!.observedGeneration, 2);
  assert.equal(setStatusCondition(conds, { type: 'Ready', status: 'True', reason: 'Done', message: '' }, t1), true);
  assert.equal(conds[0]!.lastTransitionTime, '2026-01-01T00:05:00Z');
  assert.equal(isStatusConditionTrue(conds, 'Ready'), true);
  assert.equal(isStatusConditionFalse(conds, 'Ready'), false);
  assert.equal(isStatusConditionTrue(conds, 'Missing'), false);
  assert.equal(findStatusCondition(conds, 'Ready')!.reason, 'Done');
  assert.equal(removeStatusCondition(conds, 'Ready'), true);
  assert.equal(conds.length, 0);
});

test('createMergePatch produces minimal RFC 7386 patches', () => {
  assert.equal(createMergePatch({ a: 1, b: { c: [1] } }, { a: 1, b: { c: [1] } }), undefined);
  assert.deepEqual(createMergePatch({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 4 }, e: [1] }), { b: { c: 4, d: null }, e: [1] });
  assert.deepEqual(createMergePatch({ l: [1, 2] }, { l: [1] }), { l: [1] });
});
