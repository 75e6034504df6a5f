import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch, openApiPatchSchema, patchSchemaFor } from '../../apiserver/patch/index.ts';
import type { BuiltinSchema } from '../../runtime/core/builtins/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';

/** A hand-made schema: a pod-like spec with merge lists, a set-like primitive list, a retainKeys struct. */
const defs: Record<string, BuiltinSchema> = {
  Root: { type: 'object', properties: {
    metadata: { $ref: '#/definitions/Meta' },
    spec: { $ref: '#/definitions/Spec' },
  } },
  Meta: { type: 'object', properties: {
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
  } },
  Spec: { type: 'object', properties: {
    containers: { type: 'array', items: { $ref: '#/definitions/Container' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    args: { type: 'array', items: { type: 'string' } },
    strategy: { $ref: '#/definitions/Strategy', 'x-kubernetes-patch-strategy': 'retainKeys' },
    selector: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-patch-strategy': 'replace' },
    matrix: { type: 'array', items: { type: 'array', items: { type: 'string' } }, 'x-kubernetes-patch-strategy': 'merge' },
    unkeyed: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge' },
  } },
  Container: { type: 'object', properties: {
    name: { type: 'string' }, image: { type: 'string' },
    ports: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'containerPort' },
    env: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  } },
  Strategy: { type: 'object', properties: { type: { type: 'string' }, rollingUpdate: { type: 'object' } } },
};
const schema = openApiPatchSchema(defs.Root, (name) => defs[name], 'Root');

const base = () => ({
  metadata: { labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'envoy:1' },
    ],
    args: ['x', 'y'],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    selector: { app: 'web', old: 'yes' },
  },
});
type Obj = ReturnType<typeof base>;
const smp = (patch: unknown, obj: unknown = base()) => applyStrategicMergePatch(obj, patch, schema) as Obj;

function statusOf(fn: () => unknown): StatusError {
  try { fn(); } catch (err) { assert.ok(err instanceof StatusError, String(err)); return err; }
  assert.fail('expected an error');
}

test('maps merge and null deletes; the input is untouched', () => {
  const input = base();
  const out = smp({ metadata: { labels: { tier: null, env: 'prod' } } }, input);
  assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
  assert.deepEqual(input, base());
});

test('merge lists by merge key: update in place, new items ahead of server-only ones, nested merge lists', () => {
  const out = smp({ spec: { containers: [
    { name: 'web', image: 'nginx:2', ports: [{ containerPort: 443 }], env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] },
    { name: 'new', image: 'busybox' },
  ] } });
  assert.deepEqual(out.spec.containers, [
    { name: 'web', image: 'nginx:2', ports: [{ containerPort: 443 }, { containerPort: 80 }], env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] },
    { name: 'new', image: 'busybox' },
    { name: 'sidecar', image: 'envoy:1' },
  ]);
  // A patch naming only a new item puts it first, as apimachinery's merge order does.
  assert.deepEqual(smp({ spec: { containers: [{ name: 'first', image: 'x' }] } }).spec.containers.map((c) => c.name), ['first', 'web', 'sidecar']);
});

test('lists without a merge strategy are replaced; replace-strategy maps are replaced', () => {
  const out = smp({ spec: { args: ['z'], selector: { app: 'web2' } } });
  assert.deepEqual(out.spec.args, ['z']);
  assert.deepEqual(out.spec.selector, { app: 'web2' });
});

test('$patch: delete and replace inside merge lists', () => {
  assert.deepEqual(smp({ spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } }).spec.containers.map((c) => c.name), ['web']);
  assert.deepEqual(smp({ spec: { containers: [{ name: 'only', image: 'i' }, { $patch: 'replace' }] } }).spec.containers, [{ name: 'only', image: 'i' }]);
  const err = statusOf(() => smp({ spec: { containers: [{ $patch: 'merge' }] } }));
  assert.equal(err.code, 500);
  assert.match(err.message, /merging lists cannot yet be specified in the patch/);
});

test('$patch on maps: replace swaps the map, delete empties it', () => {
  assert.deepEqual(smp({ metadata: { labels: { $patch: 'replace', only: '1' } } }).metadata.labels, { only: '1' });
  assert.deepEqual(smp({ spec: { strategy: { $patch: 'delete' } } }).spec.strategy, {});
  assert.equal(statusOf(() => smp({ metadata: { $patch: 'frob' } })).code, 500);
});

test('primitive merge lists are unions ordered as Kubernetes orders them', () => {
  assert.deepEqual(smp({ metadata: { finalizers: ['c', 'a'] } }).metadata.finalizers, ['c', 'a', 'b']);
  assert.deepEqual(smp({ metadata: { finalizers: ['b'] } }).metadata.finalizers, ['a', 'b']);
});

test('$deleteFromPrimitiveList removes values; a malformed prefix is 400', () => {
  assert.deepEqual(smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers, ['b']);
  assert.deepEqual(smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] } }).metadata.finalizers, ['c', 'b']);
  assert.equal(statusOf(() => smp({ metadata: { $deleteFromPrimitiveList: ['a'] } })).code, 400);
});

test('$retainKeys drops unlisted fields and rejects patch fields outside the list', () => {
  const out = smp({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  const err = statusOf(() => smp({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 2 } } } }));
  assert.equal(err.code, 400);
  assert.equal(err.message, 'invalid patch format of retainKeys');
  assert.equal(statusOf(() => smp({ spec: { strategy: { $retainKeys: 'type' } } })).code, 400);
});

test('$setElementOrder reorders merge lists (kubectl apply sends it)', () => {
  const out = smp({ spec: {
    '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
    containers: [{ name: 'web', image: 'nginx:3' }],
  } });
  assert.deepEqual(out.spec.containers.map((c) => [c.name, c.image]), [['sidecar', 'envoy:1'], ['web', 'nginx:3']]);
  const prim = smp({ metadata: { '$setElementOrder/finalizers': ['b', 'a'] } });
  assert.deepEqual(prim.metadata.finalizers, ['b', 'a']);
  const mismatch = statusOf(() => smp({ spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'other' }] } }));
  assert.equal(mismatch.code, 500);
  assert.equal(statusOf(() => smp({ spec: { '$setElementOrder': [] } })).code, 400);
});

test('new content is taken as-is minus nulls and directive maps', () => {
  const out = smp({ spec: { extra: { keep: 1, drop: null, gone: { $patch: 'delete' } } } }) as unknown as { spec: { extra: unknown } };
  assert.deepEqual(out.spec.extra, { keep: 1 });
});

test('error statuses: merge key missing 500, list of lists 422, unkeyed object merge list 500, non-object body 400', () => {
  const noKey = statusOf(() => smp({ spec: { containers: [{ image: 'x' }] } }));
  assert.equal(noKey.code, 500);
  assert.equal(noKey.message, 'Internal error occurred: map: map[image:x] does not contain declared merge key: name');
  assert.equal(statusOf(() => smp({ spec: { matrix: [['a']] } }, { spec: { matrix: [['b']] } })).code, 422);
  assert.match(statusOf(() => smp({ spec: { unkeyed: [{ a: 1 }] } }, { spec: { unkeyed: [{ a: 2 }] } })).message, /cannot merge lists without merge key/);
  const body = statusOf(() => applyStrategicMergePatch({}, [1], schema));
  assert.equal(body.code, 400);
  assert.equal(body.message, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
});

test('built-in catalogue: Deployment patch as kubectl apply sends it', () => {
  const schema = patchSchemaFor('apps/v1', 'Deployment');
  assert.ok(schema);
  assert.equal(patchSchemaFor('example.com/v1', 'Widget'), undefined);
  const live = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { app: 'd' } },
    spec: {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [
        { name: 'app', image: 'app:1', ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'MODE', value: 'a' }] },
        { name: 'log', image: 'fluent:1' },
      ], volumes: [{ name: 'v', emptyDir: {} }] } },
    },
  };
  const patch = {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: {
      replicas: 3,
      strategy: { $retainKeys: ['type'], type: 'Recreate' },
      template: { spec: {
        '$setElementOrder/containers': [{ name: 'log' }, { name: 'app' }],
        containers: [{ name: 'app', image: 'app:2', env: [{ name: 'MODE', $patch: 'delete' }, { name: 'LEVEL', value: 'debug' }] }],
        volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }],
      } },
    },
  };
  const out = applyStrategicMergePatch(live, patch, schema) as typeof live;
  assert.equal(out.spec.replicas, 3);
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  assert.deepEqual(out.spec.template.spec.containers, [
    { name: 'log', image: 'fluent:1' },
    { name: 'app', image: 'app:2', ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'LEVEL', value: 'debug' }] },
  ]);
  assert.deepEqual(out.spec.template.spec.volumes, [{ name: 'v', configMap: { name: 'cm' } }]);
  assert.deepEqual(out.metadata.labels, { app: 'd' });
});
