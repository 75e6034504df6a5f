import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, applyMergePatch, maxJsonPatchOperations } from '../../apiserver/patch/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';

const cm = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '1' } }, data: { k: 'v' }, list: [1, 2, 3] });

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected StatusError, got ${err}`);
    return err;
  }
  assert.fail('expected an error');
}

test('json patch applies add/replace/remove/move/copy/test without touching the input', () => {
  const input = cm();
  const out = applyJsonPatch(input, [
    { op: 'test', path: '/data/k', value: 'v' },
    { op: 'add', path: '/data/n', value: 'new' },
    { op: 'replace', path: '/metadata/labels/x', value: '2' },
    { op: 'remove', path: '/list/0' },
    { op: 'add', path: '/list/-', value: 9 },
    { op: 'copy', from: '/data/n', path: '/data/c' },
    { op: 'move', from: '/data/k', path: '/data/m' },
  ]) as ReturnType<typeof cm>;
  assert.deepEqual(out.data, { n: 'new', c: 'new', m: 'v' });
  assert.equal(out.metadata.labels.x, '2');
  assert.deepEqual(out.list, [2, 3, 9]);
  assert.deepEqual(input, cm());
});

test('json patch: a failing test op is 422 with the apiserver generic message', () => {
  const err = statusOf(() => applyJsonPatch(cm(), [{ op: 'test', path: '/data/k', value: 'nope' }]));
  assert.equal(err.code, 422);
  assert.equal(err.reason, 'Invalid');
  assert.equal(err.message, 'the server rejected our request due to an error in our request');
});

test('json patch: missing paths and unknown ops are 422', () => {
  for (const op of [
    { op: 'remove', path: '/data/missing' },
    { op: 'replace', path: '/nope/deeper', value: 1 },
    { op: 'add', path: '/a/b/c', value: 1 },
    { op: 'frobnicate', path: '/data' },
    { op: 'add', value: 1 },
    { op: 'move', path: '/x' },
  ]) {
    assert.equal(statusOf(() => applyJsonPatch(cm(), [op])).code, 422, JSON.stringify(op));
  }
});

test('json patch: an object body is 400 BadRequest worded like the Go decoder', () => {
  const err = statusOf(() => applyJsonPatch(cm(), { metadata: { labels: { a: 'b' } } }));
  assert.equal(err.code, 400);
  assert.equal(err.reason, 'BadRequest');
  assert.equal(err.message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const strict = statusOf(() => applyJsonPatch(cm(), 'x', { fieldValidation: 'Strict' }));
  assert.equal(strict.message, 'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp');
  assert.equal(statusOf(() => applyJsonPatch(cm(), [1])).code, 400);
});

test('json patch: more than 10000 operations is 413', () => {
  const ops = Array.from({ length: maxJsonPatchOperations + 1 }, () => ({ op: 'test', path: '/data/k', value: 'v' }));
  const err = statusOf(() => applyJsonPatch(cm(), ops));
  assert.equal(err.code, 413);
  assert.match(err.message, /maximum operations in a JSON patch is 10000, got 10001/);
  assert.deepEqual(applyJsonPatch(cm(), ops.slice(1)), cm());
});

test('json patch refuses prototype pollution', () => {
  statusOf(() => applyJsonPatch({}, [{ op: 'add', path: '/__proto__/polluted', value: 1 }]));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('merge patch: null deletes, objects merge, arrays and scalars replace', () => {
  const out = applyMergePatch(cm(), {
    metadata: { labels: { x: null, y: '2' }, annotations: { a: 'b' } },
    data: null,
    list: [7],
    extra: { keep: 1, drop: null },
  });
  assert.deepEqual(out, {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'a', labels: { y: '2' }, annotations: { a: 'b' } },
    list: [7],
    extra: { keep: 1 },
  });
});

test('merge patch: RFC 7386 appendix cases', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of cases) assert.deepEqual(applyMergePatch(doc, patch), want, JSON.stringify(patch));
});

test('merge patch: non-object bodies are rejected', () => {
  for (const body of [null, 'x', 3, true]) {
    const err = statusOf(() => applyMergePatch(cm(), body));
    assert.equal(err.code, 400);
    assert.equal(err.message, 'Invalid JSON Patch');
  }
  const arr = statusOf(() => applyMergePatch(cm(), [1]));
  assert.equal(arr.code, 422);
  assert.equal(arr.causes[0]?.field, 'patch');
});
