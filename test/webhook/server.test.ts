/**
 * The runtime webhook server on its own: reviews answered by path, JSON patches of defaulters,
 * denials from typed errors, hub-and-spoke conversion failures, errors for bad requests, and
 * the API server's timeout when a webhook is slow.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callWebhook } from '../../apiserver/webhooks/call.ts';
import { invalid, WebhookServer, type AdmissionReview, type ConversionReview, type KubeObject } from '../../runtime/index.ts';

const server = new WebhookServer({ port: 0, host: '127.0.0.1' });
const stop = new AbortController();
let running: Promise<void>;
const Widgets = { group: 'example.com', version: 'v1', kind: 'Widget' };

before(async () => {
  server.defaulter<KubeObject & { spec: { size?: number; tags?: string[] } }>(Widgets, (w) => { w.spec.size ??= 3; w.spec.tags = [...(w.spec.tags ?? []), 'defaulted']; });
  server.validator<KubeObject & { spec: { size: number } }>(Widgets, {
    validateCreate: (w) => (w.spec.size > 10 ? ['size above 10 is slow'] : undefined),
    validateUpdate: (_old, w) => { if (w.spec.size < 0) throw invalid('example.com', 'Widget', w.metadata.name ?? '', [{ field: 'spec.size', reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be positive' }]); },
    validateDelete: () => { throw new Error('widgets are forever'); },
  });
  server.converter(Widgets, 'v2', { v1: { toHub: (o: KubeObject) => o, fromHub: () => { throw new Error('v1 cannot hold this widget'); } } });
  server.admission('/slow', async (req) => { await new Promise((r) => setTimeout(r, 1500)); return { uid: req.uid, allowed: true }; });
  running = server.start(stop.signal);
  await server.listening();
});
after(async () => { stop.abort(); await running; });

function review(operation: string, object: unknown, oldObject?: unknown): AdmissionReview {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-1', operation, object, oldObject, kind: { ...Widgets }, resource: { group: 'example.com', version: 'v1', resource: 'widgets' }, userInfo: {} } as never };
}

const cc = () => ({ url: server.url('/mutate-example-com-v1-widget'), caBundle: Buffer.from(server.caPem!).toString('base64') });
const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { tags: ['a'] } };

test('a defaulter answers over TLS with the JSON patch of its changes', async () => {
  const out = await callWebhook(cc(), review('CREATE', widget), 5) as AdmissionReview;
  assert.equal(out.response?.uid, 'u-1');
  assert.equal(out.response?.patchType, 'JSONPatch');
  const ops = JSON.parse(Buffer.from(out.response!.patch!, 'base64').toString('utf8')) as object[];
  assert.deepEqual(ops.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [
    { op: 'add', path: '/spec/size', value: 3 }, { op: 'add', path: '/spec/tags/1', value: 'defaulted' },
  ]);
});

test('validators: warnings, typed denials keep their Status, plain errors are Forbidden', async () => {
  const path = '/validate-example-com-v1-widget';
  const warned = await server.handle(path, review('CREATE', { ...widget, spec: { size: 11 } })) as AdmissionReview;
  assert.deepEqual(warned.response, { uid: 'u-1', allowed: true, warnings: ['size above 10 is slow'] });
  const refused = await server.handle(path, review('UPDATE', { ...widget, spec: { size: -1 } }, widget)) as AdmissionReview;
  assert.equal(refused.response?.allowed, false);
  assert.equal(refused.response?.status?.code, 422);
  assert.equal(refused.response?.status?.reason, 'Invalid');
  assert.deepEqual(refused.response?.status?.details?.causes, [{ field: 'spec.size', reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be positive' }]);
  const deleted = await server.handle(path, review('DELETE', null, widget)) as AdmissionReview;
  assert.deepEqual(deleted.response?.status, { code: 403, reason: 'Forbidden', message: 'widgets are forever', status: 'Failure' });
});

test('conversion: same-version objects pass through, a failing spoke fails the whole review', async () => {
  const req = (desiredAPIVersion: string, objects: KubeObject[]): ConversionReview => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: { uid: 'c-1', desiredAPIVersion, objects } });
  const v2 = { ...widget, apiVersion: 'example.com/v2' } as KubeObject;
  const up = await server.handle('/convert', req('example.com/v2', [widget as KubeObject, v2])) as ConversionReview;
  assert.deepEqual(up.response?.convertedObjects.map((o) => o.apiVersion), ['example.com/v2', 'example.com/v2']);
  const down = await server.handle('/convert', req('example.com/v1', [v2])) as ConversionReview;
  assert.deepEqual(down.response, { uid: 'c-1', convertedObjects: [], result: { status: 'Failure', message: 'v1 cannot hold this widget' } });
  const unknown = await server.handle('/convert', req('example.com/v2', [{ ...widget, kind: 'Gadget' } as KubeObject])) as ConversionReview;
  assert.match(unknown.response!.result.message!, /no conversion registered for Gadget example\.com\/v1/);
});

test('HTTP: unknown paths and bodies that are not reviews are errors the API server reports', async () => {
  await assert.rejects(callWebhook({ url: server.url('/nowhere'), caBundle: cc().caBundle }, {}, 5), /404 page not found/);
  await assert.rejects(callWebhook({ url: server.url('/convert'), caBundle: cc().caBundle }, { kind: 'Nonsense' }, 5), /expected an apiextensions\.k8s\.io\/v1 ConversionReview/);
});

test('a webhook slower than timeoutSeconds is a failed call: context deadline exceeded', async () => {
  await assert.rejects(callWebhook({ url: server.url('/slow'), caBundle: cc().caBundle }, review('CREATE', widget), 1), (err: Error) => {
    assert.equal(err.message, `failed to call webhook: Post "${server.url('/slow')}?timeout=1s": context deadline exceeded`);
    return true;
  });
});
