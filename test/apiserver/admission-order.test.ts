/**
 * Where mutating webhooks sit in a write, as in Kubernetes: after decoding (defaults, pruning) and
 * the built-in admission plugins, before the registry fills in the name, uid and timestamps,
 * resets status and generates a Job's selector, and before any validation, so a webhook may
 * complete an object its schema would refuse as sent. The kind's defaults apply again to what a
 * webhook returns.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { jsonPatch, startWebhookServer, type WebhookServer } from './webhook-server.ts';

let api: RunningApiServer;
let hooks: WebhookServer;

/** /fill sets a widget's required `spec.size` when missing; /job drops a Job's parallelism; /seen only records. */
function answer(path: string, request: Record<string, any>) {
  if (path === '/fill' && request.object.spec?.size === undefined) return jsonPatch([{ op: 'add', path: '/spec/size', value: 3 }]);
  if (path === '/job') return jsonPatch([{ op: 'remove', path: '/spec/parallelism' }]);
  return undefined;
}

before(async () => {
  api = await startApiServer();
  hooks = await startWebhookServer(answer);
  await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'order' } });
  const schema = {
    openAPIV3Schema: {
      type: 'object',
      properties: {
        spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, mode: { type: 'string', default: 'fast' } } },
        status: { type: 'object', properties: { phase: { type: 'string' } } },
      },
    },
  };
  const crd = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    metadata: { name: 'widgets.order.example.com' },
    spec: {
      group: 'order.example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema, subresources: { status: {} } }],
    },
  });
  assert.equal(crd.status, 201, crd.text);
  const hook = (name: string, path: string, rule: Record<string, unknown>) => ({
    name, admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { url: `${hooks.base}${path}`, caBundle: hooks.caBundle }, rules: [{ operations: ['CREATE', 'UPDATE'], ...rule }],
  });
  const config = await raw(api, 'POST', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', {
    metadata: { name: 'order' },
    webhooks: [
      hook('fill.order.example.com', '/fill', { apiGroups: ['order.example.com'], apiVersions: ['v1'], resources: ['widgets'] }),
      hook('job.order.example.com', '/job', { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs'] }),
      hook('seen.order.example.com', '/seen', { apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps', 'pods'] }),
    ],
  });
  assert.equal(config.status, 201, config.text);
  // Webhook configurations take effect once the server has read them.
  await new Promise((r) => setTimeout(r, 50));
});
after(async () => {
  await hooks?.close();
  await api?.stop();
});

const lastReview = (path: string) => hooks.reviews.filter((r) => r.path === path).at(-1)!.request;

test('a mutating webhook completes an object the schema refuses as sent; validation judges the result', async () => {
  const created = await raw(api, 'POST', '/apis/order.example.com/v1/namespaces/order/widgets', { apiVersion: 'order.example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: {} });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.spec.size, 3);
  // The webhook saw the decoded object: defaults applied, no size yet.
  assert.deepEqual(lastReview('/fill').object.spec, { mode: 'fast' });
  // What the webhook leaves invalid is still refused, after it ran.
  const before = hooks.reviews.length;
  const refused = await raw(api, 'POST', '/apis/order.example.com/v1/namespaces/order/widgets', { apiVersion: 'order.example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 0 } });
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.details.causes[0].field, 'spec.size');
  assert.ok(hooks.reviews.length > before, 'the webhook ran before validation refused the object');
});

test('webhooks see a generateName create before the name, uid and timestamps exist, with the status as sent', async () => {
  const created = await raw(api, 'POST', '/apis/order.example.com/v1/namespaces/order/widgets', {
    apiVersion: 'order.example.com/v1', kind: 'Widget', metadata: { generateName: 'gen-' }, spec: { size: 2 }, status: { phase: 'Sent' },
  });
  assert.equal(created.status, 201, created.text);
  const seen = lastReview('/fill');
  assert.equal('name' in seen, false, 'request.name is empty, and omitted as Kubernetes omits it');
  assert.equal(seen.object.metadata.name, undefined);
  assert.equal(seen.object.metadata.generateName, 'gen-');
  assert.equal(seen.object.metadata.uid, undefined);
  assert.equal(seen.object.metadata.creationTimestamp, undefined);
  assert.deepEqual(seen.object.status, { phase: 'Sent' });
  // The stored object has them, and its status was reset through the status subresource rule.
  assert.match(created.json.metadata.name, /^gen-[a-z0-9]{5}$/);
  assert.ok(created.json.metadata.uid);
  assert.equal(created.json.status, undefined);
});

test('built-in kinds: webhooks see defaults and admission plugins, not the create-time status', async () => {
  const pod = await raw(api, 'POST', '/api/v1/namespaces/order/pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  assert.equal(pod.status, 201, pod.text);
  const seen = lastReview('/seen').object;
  assert.equal(seen.spec.restartPolicy, 'Always', 'decoding defaults');
  assert.equal(seen.spec.serviceAccountName, 'default', 'the ServiceAccount admission plugin');
  assert.equal(seen.status, undefined, 'no create-time status yet');
  assert.equal(pod.json.status.phase, 'Pending');
});

test('a Job is defaulted again after a webhook, and its selector is generated after admission', async () => {
  const job = await raw(api, 'POST', '/apis/batch/v1/namespaces/order/jobs', {
    metadata: { name: 'j' }, spec: { parallelism: 4, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  assert.equal(job.status, 201, job.text);
  const seen = lastReview('/job').object;
  assert.equal(seen.spec.parallelism, 4);
  assert.equal(seen.spec.selector, undefined, 'no selector before the uid exists');
  assert.equal(job.json.spec.parallelism, 1, 'the removed field is defaulted again');
  assert.deepEqual(job.json.spec.selector.matchLabels, { 'batch.kubernetes.io/controller-uid': job.json.metadata.uid });
});

test('the options webhooks see carry the fieldValidation the client sent, and only when it sent one', async () => {
  const strict = await raw(api, 'POST', '/api/v1/namespaces/order/configmaps?fieldManager=tester&fieldValidation=Strict', { metadata: { name: 'strict' } });
  assert.equal(strict.status, 201, strict.text);
  assert.deepEqual(lastReview('/seen').options, { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'tester', fieldValidation: 'Strict' });
  const patched = await raw(api, 'PATCH', '/api/v1/namespaces/order/configmaps/strict?fieldManager=tester&fieldValidation=Warn', { data: { k: 'v' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(lastReview('/seen').options, { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'tester', fieldValidation: 'Warn' });
  await raw(api, 'POST', '/api/v1/namespaces/order/configmaps?fieldManager=tester', { metadata: { name: 'plain' } });
  assert.deepEqual(lastReview('/seen').options, { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'tester' });
});
