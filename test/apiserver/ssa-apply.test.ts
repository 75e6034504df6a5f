import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverSideApply, recordUpdate } from '../../apiserver/ssa/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const T2 = '2025-01-01T00:02:00Z';

/** A CRD version schema exercising every list and map type. */
const widgetSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        image: { type: 'string' },
        args: { type: 'array', items: { type: 'string' } },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string' }, name: { type: 'string' } } },
        },
        workers: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, zone: { type: 'string' } } },
        },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        env: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'integer' } } },
  },
};

const widget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec, ...extra });

const apply = (live: KubeObject | undefined, cfg: KubeObject, manager: string, opts: { force?: boolean; now?: string } = {}) =>
  serverSideApply(live, cfg, { manager, force: opts.force ?? false, schema: widgetSchema, now: opts.now ?? T1 }).object;

function conflictOf(fn: () => unknown): StatusError {
  try { fn(); } catch (err) { assert.ok(err instanceof StatusError, String(err)); assert.equal(err.code, 409); return err; }
  assert.fail('expected a conflict');
}

const entry = (obj: KubeObject, manager: string) => obj.metadata.managedFields?.find((e) => e.manager === manager);

test('create on apply: the object is the configuration, owned by the applier', () => {
  const obj = apply(undefined, widget({ replicas: 2, env: { A: '1' }, ports: [{ port: 80, protocol: 'TCP' }] }), 'alice', { now: T0 });
  assert.equal(obj.spec && (obj.spec as { replicas: number }).replicas, 2);
  assert.deepEqual(obj.metadata.managedFields, [{
    manager: 'alice', operation: 'Apply', apiVersion: 'example.com/v1', time: T0, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': {
      'f:env': { 'f:A': {} },
      'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } },
      'f:replicas': {},
    } },
  }]);
});

test('conflict with an Update manager: Kubernetes message and cause; force transfers ownership', () => {
  const created = recordUpdate(undefined, widget({ replicas: 1, image: 'a' }), { manager: 'kubectl-client-side-apply', operation: 'Update', now: T0, schema: widgetSchema });
  const err = conflictOf(() => apply(created, widget({ replicas: 3 }), 'kubectl'));
  assert.equal(err.reason, 'Conflict');
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using example.com/v1: .spec.replicas');
  assert.deepEqual(err.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using example.com/v1', field: '.spec.replicas' }]);

  const forced = apply(created, widget({ replicas: 3 }), 'kubectl', { force: true });
  assert.equal((forced.spec as { replicas: number }).replicas, 3);
  assert.deepEqual(entry(forced, 'kubectl')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.deepEqual(entry(forced, 'kubectl-client-side-apply')?.fieldsV1, { 'f:spec': { '.': {}, 'f:image': {} } });
  assert.equal(entry(forced, 'kubectl-client-side-apply')?.time, T0, 'the loser keeps its timestamp');
});

test('several conflicts are grouped by manager; appliers print without apiVersion', () => {
  let obj = apply(undefined, widget({ replicas: 1, image: 'a' }), 'alice');
  obj = apply(obj, widget({ env: { X: '1' } }), 'bob');
  const err = conflictOf(() => apply(obj, widget({ replicas: 2, image: 'b', env: { X: '2' } }), 'carol'));
  assert.equal(err.message, [
    'Apply failed with 3 conflicts: conflicts with "alice":',
    '- .spec.image',
    '- .spec.replicas',
    'conflicts with "bob":',
    '- .spec.env.X',
  ].join('\n'));
  assert.deepEqual(err.causes.map((c) => [c.message, c.field]), [
    ['conflict with "alice"', '.spec.image'], ['conflict with "alice"', '.spec.replicas'], ['conflict with "bob"', '.spec.env.X'],
  ]);
});

test('applying an equal value shares ownership; removal then needs both to let go', () => {
  let obj = apply(undefined, widget({ replicas: 1, image: 'a' }), 'alice');
  obj = apply(obj, widget({ replicas: 1 }), 'bob');
  assert.deepEqual(entry(obj, 'bob')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.deepEqual(entry(obj, 'alice')?.fieldsV1, { 'f:spec': { 'f:image': {}, 'f:replicas': {} } });
  obj = apply(obj, widget({ image: 'a' }), 'alice');
  assert.equal((obj.spec as { replicas?: number }).replicas, 1, 'still owned by bob');
  obj = apply(obj, widget({ image: 'z' }), 'bob', { force: true });
  assert.equal((obj.spec as { replicas?: number }).replicas, undefined, 'bob dropped it and nobody else owns it');
  assert.equal((obj.spec as { image?: string }).image, 'z');
  assert.equal(entry(obj, 'alice'), undefined, 'alice lost her only field to the forced apply');
});

test('fields set by Update managers survive an applier dropping them', () => {
  let obj = apply(undefined, widget({ replicas: 1 }), 'alice');
  obj = recordUpdate(obj, widget({ replicas: 1, image: 'x' }, { metadata: obj.metadata }), { manager: 'editor', operation: 'Update', now: T2, schema: widgetSchema });
  obj = apply(obj, widget({ replicas: 1, image: 'x' }), 'alice');
  obj = apply(obj, widget({ replicas: 1 }), 'alice');
  assert.equal((obj.spec as { image?: string }).image, 'x');
});

test('map-lists merge per key across managers; dropping an item deletes only that item', () => {
  let obj = apply(undefined, widget({ workers: [{ name: 'a', size: 1 }] }), 'alice');
  obj = apply(obj, widget({ workers: [{ name: 'b', size: 2 }] }), 'bob');
  assert.deepEqual((obj.spec as { workers: unknown[] }).workers, [{ name: 'a', size: 1 }, { name: 'b', size: 2 }]);
  obj = apply(obj, widget({ workers: [{ name: 'a', zone: 'z1' }] }), 'bob');
  assert.deepEqual((obj.spec as { workers: unknown[] }).workers, [{ name: 'a', size: 1, zone: 'z1' }]);
  const err = conflictOf(() => apply(obj, widget({ workers: [{ name: 'a', size: 9 }] }), 'bob'));
  assert.equal(err.causes[0].field, '.spec.workers[name="a"].size');
  obj = apply(obj, widget({}), 'alice');
  assert.deepEqual((obj.spec as { workers: unknown[] }).workers, [{ name: 'a', zone: 'z1' }], 'the item stays while bob owns part of it');
});

test('multi-key map-lists name items by every key', () => {
  const obj = apply(undefined, widget({ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP', name: 'dns' }] }), 'alice');
  assert.deepEqual(entry(obj, 'alice')?.fieldsV1, { 'f:spec': { 'f:ports': {
    'k:{"port":53,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} },
    'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
  } } });
  const err = conflictOf(() => apply(obj, widget({ ports: [{ port: 53, protocol: 'TCP', name: 'other' }] }), 'bob'));
  assert.equal(err.causes[0].field, '.spec.ports[port=53,protocol="TCP"].name');
  assert.equal(statusCode(() => apply(obj, widget({ ports: [{ name: 'nokey' }] }), 'bob')), 400);
});

function statusCode(fn: () => unknown): number {
  try { fn(); } catch (err) { assert.ok(err instanceof StatusError); return err.code; }
  return 0;
}

test('set lists are owned per value; atomic lists and maps are owned whole', () => {
  let obj = apply(undefined, widget({ tags: ['a', 'b'], args: ['x'], selector: { app: 'w' } }), 'alice');
  assert.deepEqual(entry(obj, 'alice')?.fieldsV1, { 'f:spec': { 'f:args': {}, 'f:selector': {}, 'f:tags': { 'v:"a"': {}, 'v:"b"': {} } } });
  obj = apply(obj, widget({ tags: ['c'] }), 'bob');
  assert.deepEqual((obj.spec as { tags: string[] }).tags, ['a', 'b', 'c']);
  const args = conflictOf(() => apply(obj, widget({ args: ['x', 'y'] }), 'bob'));
  assert.equal(args.causes[0].field, '.spec.args');
  const sel = conflictOf(() => apply(obj, widget({ selector: { app: 'w', extra: '1' } }), 'bob'));
  assert.equal(sel.causes[0].field, '.spec.selector');
  obj = apply(obj, widget({ tags: ['a', 'b'], args: ['x'] }), 'alice');
  assert.equal((obj.spec as { selector?: unknown }).selector, undefined);
});

test('built-in kinds take list keys from the catalogue; applying the same config twice is a no-op', () => {
  const cm = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { app: 'd' } },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } } } as KubeObject;
  const first = serverSideApply(undefined, cm, { manager: 'kubectl', force: false, now: T0 }).object;
  assert.deepEqual(first.metadata.managedFields?.[0].fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
  });
  const second = serverSideApply(first, cm, { manager: 'kubectl', force: false, now: T2 }).object;
  assert.deepEqual(second, first, 'unchanged object keeps its timestamp');
  const sidecar = serverSideApply(first, { ...cm, spec: { template: { spec: { containers: [{ name: 'log', image: 'fluent' }] } } } } as KubeObject,
    { manager: 'injector', force: false, now: T2 }).object;
  assert.deepEqual((sidecar.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name), ['app', 'log']);
});

test('reset fields (status on the main resource) are neither written nor owned', () => {
  const obj = serverSideApply(undefined, widget({ replicas: 1 }, { status: { ready: 5 } }), { manager: 'alice', force: false, schema: widgetSchema, now: T0, resetFields: ['status'] }).object;
  assert.equal(obj.status, undefined);
  assert.deepEqual(obj.metadata.managedFields?.[0].fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  const status = serverSideApply(obj, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { ready: 2 } } as KubeObject,
    { manager: 'ctrl', force: false, schema: widgetSchema, now: T1, subresource: 'status', resetFields: ['spec'] }).object;
  assert.deepEqual(status.status, { ready: 2 });
  assert.deepEqual(status.spec, { replicas: 1 });
  assert.deepEqual(status.metadata.managedFields?.find((e) => e.manager === 'ctrl'), {
    manager: 'ctrl', operation: 'Apply', apiVersion: 'example.com/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:ready': {} } }, subresource: 'status',
  });
});

test('an applied configuration may not carry managedFields', () => {
  const cfg = widget({ replicas: 1 });
  cfg.metadata.managedFields = [{ manager: 'x', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: {} }];
  assert.equal(statusCode(() => apply(undefined, cfg, 'alice')), 400);
});

test('objects of unknown kinds are deduced: maps per key, lists atomic', () => {
  const cfg = { apiVersion: 'x.io/v1', kind: 'Thing', metadata: { name: 't' }, data: { a: { b: 1 } }, list: [{ k: 1 }] } as KubeObject;
  const obj = serverSideApply(undefined, cfg, { manager: 'm', force: false, now: T0 }).object;
  assert.deepEqual(obj.metadata.managedFields?.[0].fieldsV1, { 'f:data': { '.': {}, 'f:a': { '.': {}, 'f:b': {} } }, 'f:list': {} });
});

test('built-in port lists key a missing protocol as TCP, like the schema default', () => {
  const svc = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports } }) as KubeObject;
  const live = serverSideApply(undefined, svc([{ port: 80, protocol: 'TCP', targetPort: 8080 }]), { manager: 'a', force: false, now: T0 }).object;
  const merged = serverSideApply(live, svc([{ port: 80, name: 'http' }]), { manager: 'b', force: false, now: T1 }).object;
  assert.deepEqual((merged.spec as { ports: unknown[] }).ports, [{ port: 80, protocol: 'TCP', targetPort: 8080, name: 'http' }]);
  assert.deepEqual(merged.metadata.managedFields?.find((e) => e.manager === 'b')?.fieldsV1,
    { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } } } });
});
