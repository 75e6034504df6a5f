import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { decodeProtobufObject, isProtobuf, supportsProtobufKind, formatGoDuration } from '../../apiserver/protobuf/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';

/** Wraps an encoded object in the k8s\0 + runtime.Unknown envelope, with an independent encoder. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ''): Buffer {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).string(apiVersion)
    .tag(2, WireType.LengthDelimited).string(kind)
    .join();
  w.tag(2, WireType.LengthDelimited).bytes(raw);
  if (contentEncoding) w.tag(3, WireType.LengthDelimited).string(contentEncoding);
  w.tag(4, WireType.LengthDelimited).string('');
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), w.finish()]);
}

/** ObjectMeta as gogo writes it: every non-pointer scalar present, zero Time as an empty message. */
function objectMeta(w: BinaryWriter, meta: { name?: string; namespace?: string; labels?: Record<string, string>; created?: number }): void {
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(meta.name ?? '');
  w.tag(2, WireType.LengthDelimited).string('');
  w.tag(3, WireType.LengthDelimited).string(meta.namespace ?? '');
  w.tag(4, WireType.LengthDelimited).string('');
  w.tag(5, WireType.LengthDelimited).string('');
  w.tag(6, WireType.LengthDelimited).string('');
  w.tag(7, WireType.Varint).int64(0);
  w.tag(8, WireType.LengthDelimited).fork();
  if (meta.created !== undefined) w.tag(1, WireType.Varint).int64(meta.created).tag(2, WireType.Varint).int32(123);
  w.join();
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    w.tag(11, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(k).tag(2, WireType.LengthDelimited).string(v).join();
  }
  w.join();
}

test('isProtobuf recognises the media type with parameters', () => {
  assert.equal(isProtobuf('application/vnd.kubernetes.protobuf'), true);
  assert.equal(isProtobuf('Application/VND.kubernetes.protobuf; charset=utf-8'), true);
  assert.equal(isProtobuf('application/json'), false);
  assert.equal(isProtobuf(undefined), false);
  assert.equal(supportsProtobufKind('v1', 'Namespace'), true);
  assert.equal(supportsProtobufKind('example.com/v1', 'Widget'), false);
});

test('Namespace: zero values dropped, labels map, creationTimestamp in whole seconds', () => {
  const w = new BinaryWriter();
  objectMeta(w, { name: 'foo', labels: { team: 'a', env: '' }, created: 1700000000 });
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('kubernetes').join();
  w.tag(3, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('').join();
  const obj = decodeProtobufObject(envelope('v1', 'Namespace', w.finish()));
  assert.deepEqual(obj, {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: 'foo', labels: { team: 'a', env: '' }, creationTimestamp: '2023-11-14T22:13:20Z' },
    spec: { finalizers: ['kubernetes'] },
    status: {},
  });
});

test('ConfigMap and Secret: string maps, bytes as base64, pointer bools kept when false', () => {
  const cmw = new BinaryWriter();
  objectMeta(cmw, { name: 'cm', namespace: 'ns' });
  cmw.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('a').tag(2, WireType.LengthDelimited).string('b').join();
  cmw.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('empty').join();
  cmw.tag(3, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('bin').tag(2, WireType.LengthDelimited).bytes(Uint8Array.of(0, 255, 1)).join();
  cmw.tag(4, WireType.Varint).bool(false);
  assert.deepEqual(decodeProtobufObject(envelope('v1', 'ConfigMap', cmw.finish())), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns', creationTimestamp: null },
    data: { a: 'b', empty: '' }, binaryData: { bin: 'AP8B' }, immutable: false,
  });

  const sw = new BinaryWriter();
  objectMeta(sw, { name: 's', namespace: 'ns' });
  sw.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('pw').tag(2, WireType.LengthDelimited).bytes(Buffer.from('hunter2')).join();
  sw.tag(3, WireType.LengthDelimited).string('Opaque');
  sw.tag(4, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('plain').tag(2, WireType.LengthDelimited).string('text').join();
  assert.deepEqual(decodeProtobufObject(envelope('v1', 'Secret', sw.finish())), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns', creationTimestamp: null },
    data: { pw: Buffer.from('hunter2').toString('base64') }, type: 'Opaque', stringData: { plain: 'text' },
  });
});

test('SelfSubjectAccessReview: resource and non-resource attributes, allowed kept as false', () => {
  const w = new BinaryWriter();
  objectMeta(w, {});
  w.tag(2, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).string('default')
    .tag(2, WireType.LengthDelimited).string('get')
    .tag(3, WireType.LengthDelimited).string('apps')
    .tag(4, WireType.LengthDelimited).string('')
    .tag(5, WireType.LengthDelimited).string('deployments')
    .tag(6, WireType.LengthDelimited).string('scale')
    .tag(7, WireType.LengthDelimited).string('')
    .join()
    .join();
  w.tag(3, WireType.LengthDelimited).fork().tag(1, WireType.Varint).bool(false).tag(2, WireType.LengthDelimited).string('').join();
  assert.deepEqual(decodeProtobufObject(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', w.finish())), {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null },
    spec: { resourceAttributes: { namespace: 'default', verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale' } },
    status: { allowed: false },
  });

  const nr = new BinaryWriter();
  objectMeta(nr, {});
  nr.tag(2, WireType.LengthDelimited).fork().tag(2, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).string('/healthz').tag(2, WireType.LengthDelimited).string('get').join().join();
  const obj = decodeProtobufObject(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', nr.finish()));
  assert.deepEqual(obj.spec, { nonResourceAttributes: { path: '/healthz', verb: 'get' } });
});

test('Deployment: int32 replicas, IntOrString, Quantity, nested lists', () => {
  const w = new BinaryWriter();
  objectMeta(w, { name: 'd', namespace: 'ns' });
  w.tag(2, WireType.LengthDelimited).fork();
  w.tag(1, WireType.Varint).int32(3);
  w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).string('app').tag(2, WireType.LengthDelimited).string('d').join().join();
  w.tag(3, WireType.LengthDelimited).fork(); // template
  w.tag(2, WireType.LengthDelimited).fork(); // pod spec
  w.tag(2, WireType.LengthDelimited).fork() // containers[0]
    .tag(1, WireType.LengthDelimited).string('c')
    .tag(2, WireType.LengthDelimited).string('nginx')
    .tag(6, WireType.LengthDelimited).fork().tag(3, WireType.Varint).int32(8080).tag(4, WireType.LengthDelimited).string('TCP').join()
    .tag(8, WireType.LengthDelimited).fork() // resources
    .tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('cpu')
    .tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('500m').join().join()
    .join()
    .tag(11, WireType.LengthDelimited).fork() // readinessProbe
    .tag(1, WireType.LengthDelimited).fork().tag(2, WireType.LengthDelimited).fork() // handler.httpGet
    .tag(1, WireType.LengthDelimited).string('/ready')
    .tag(2, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(1).tag(2, WireType.Varint).int32(0).tag(3, WireType.LengthDelimited).string('http').join()
    .join().join()
    .join()
    .tag(16, WireType.Varint).bool(false) // stdin: omitempty non-pointer -> dropped
    .join();
  w.join().join();
  w.tag(4, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('RollingUpdate')
    .tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(0).tag(2, WireType.Varint).int32(1).join().join()
    .join();
  w.join();
  const obj = decodeProtobufObject(envelope('apps/v1', 'Deployment', w.finish()));
  assert.deepEqual(obj.spec, {
    replicas: 3,
    selector: { matchLabels: { app: 'd' } },
    template: { spec: { containers: [{
      name: 'c', image: 'nginx',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m' } },
      readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    }] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
  });
});

test('zero values without omitempty are kept, nil lists without omitempty are null', () => {
  const pc = new BinaryWriter();
  objectMeta(pc, { name: 'p', created: 1700000000 });
  pc.tag(2, WireType.Varint).int32(0).tag(3, WireType.Varint).bool(false).tag(4, WireType.LengthDelimited).string('');
  assert.deepEqual(decodeProtobufObject(envelope('scheduling.k8s.io/v1', 'PriorityClass', pc.finish())), {
    apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p', creationTimestamp: '2023-11-14T22:13:20Z' }, value: 0,
  });

  const rb = new BinaryWriter();
  objectMeta(rb, { name: 'rb', created: 1700000000 });
  rb.tag(3, WireType.LengthDelimited).fork()
    .tag(1, WireType.LengthDelimited).string('').tag(2, WireType.LengthDelimited).string('Role').tag(3, WireType.LengthDelimited).string('r').join();
  const binding = decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'RoleBinding', rb.finish()));
  assert.deepEqual(binding.roleRef, { apiGroup: '', kind: 'Role', name: 'r' });
  assert.equal('subjects' in binding, false, 'subjects has omitempty');

  const cr = new BinaryWriter();
  objectMeta(cr, { name: 'agg', created: 1700000000 });
  cr.tag(3, WireType.LengthDelimited).fork().join();
  assert.deepEqual(decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'ClusterRole', cr.finish())).rules, null);

  const pdb = new BinaryWriter();
  objectMeta(pdb, { name: 'pdb', created: 1700000000 });
  pdb.tag(3, WireType.LengthDelimited).fork()
    .tag(1, WireType.Varint).int64(0).tag(3, WireType.Varint).int32(0).tag(4, WireType.Varint).int32(0)
    .tag(5, WireType.Varint).int32(0).tag(6, WireType.Varint).int32(0).join();
  assert.deepEqual(decodeProtobufObject(envelope('policy/v1', 'PodDisruptionBudget', pdb.finish())).status,
    { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
});

test('unknown fields are skipped', () => {
  const w = new BinaryWriter();
  objectMeta(w, { name: 'n' });
  w.tag(99, WireType.LengthDelimited).string('future field');
  w.tag(98, WireType.Varint).int32(5);
  w.tag(97, WireType.Bit64).fixed64(1);
  w.tag(96, WireType.Bit32).fixed32(1);
  assert.deepEqual(decodeProtobufObject(envelope('v1', 'Namespace', w.finish())).metadata, { name: 'n', creationTimestamp: null });
});

test('repeated int64 decodes both packed and unpacked, negative values included', () => {
  const w = new BinaryWriter();
  objectMeta(w, { name: 'p' });
  w.tag(2, WireType.LengthDelimited).fork().tag(14, WireType.LengthDelimited).fork()
    .tag(4, WireType.LengthDelimited).fork().int64(1000).int64(2000).join()
    .tag(4, WireType.Varint).int64(-1)
    .join().join();
  const pod = decodeProtobufObject(envelope('v1', 'Pod', w.finish()));
  // A PodSpec without containers is a nil slice in Go, which encoding/json prints as null.
  assert.deepEqual(pod.spec, { securityContext: { supplementalGroups: [1000, 2000, -1] }, containers: null });
});

test('errors: missing magic and garbage are 400, unknown kinds and encodings are 415', () => {
  const status = (fn: () => unknown): StatusError => {
    try { fn(); } catch (err) { assert.ok(err instanceof StatusError); return err; }
    assert.fail('expected error');
  };
  assert.equal(status(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}'))).code, 400);
  assert.equal(status(() => decodeProtobufObject(Buffer.from([0x6b, 0x38, 0x73, 0, 0x0a, 0x50]))).code, 400);
  assert.equal(status(() => decodeProtobufObject(envelope('example.com/v1', 'Widget', new Uint8Array()))).code, 415);
  assert.equal(status(() => decodeProtobufObject(envelope('v1', 'Namespace', new Uint8Array(), 'gzip'))).code, 415);
});

test('Go duration formatting', () => {
  assert.equal(formatGoDuration(0), '0s');
  assert.equal(formatGoDuration(3600e9), '1h0m0s');
  assert.equal(formatGoDuration(90e9), '1m30s');
  assert.equal(formatGoDuration(1.5e9), '1.5s');
  assert.equal(formatGoDuration(300e6), '300ms');
});
