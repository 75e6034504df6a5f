/**
 * Admission of `/scale`: webhooks whose rules name `deployments/scale` receive autoscaling/v1
 * Scale objects (the request's kind is Scale, the resource the Deployment's), a mutating webhook's
 * patch to the Scale's replicas lands in the Deployment, and writes to the Deployment itself do
 * not reach them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { jsonPatch, startWebhookServer, type WebhookServer } from './webhook-server.ts';

let api: RunningApiServer;
let hooks: WebhookServer;

/** Caps replicas at 5 (mutating) and records what it saw. */
function answer(path: string, request: Record<string, any>) {
  if (path !== '/cap' || request.object.spec.replicas <= 5) return undefined;
  return jsonPatch([{ op: 'replace', path: '/spec/replicas', value: 5 }]);
}

before(async () => {
  api = await startApiServer();
  hooks = await startWebhookServer(answer);
  const hook = (name: string, path: string) => ({
    name, admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { url: `${hooks.base}${path}`, caBundle: hooks.caBundle },
    rules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments/scale'] }],
  });
  for (const [kind, name, path] of [['Mutating', 'cap', '/cap'], ['Validating', 'watch', '/watch']] as const) {
    const res = await raw(api, 'POST', `/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}webhookconfigurations`, {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: `${kind}WebhookConfiguration`, metadata: { name }, webhooks: [hook(`${name}.scale.example.com`, path)],
    });
    assert.equal(res.status, 201, res.text);
  }
  await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scale' } });
  const deploy = await raw(api, 'POST', '/apis/apps/v1/namespaces/scale/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  assert.equal(deploy.status, 201, deploy.text);
});
after(async () => {
  await hooks?.close();
  await api?.stop();
});

test('webhooks on deployments/scale receive Scales and their patch sets the replicas', async () => {
  const res = await raw(api, 'PATCH', '/apis/apps/v1/namespaces/scale/deployments/web/scale', { spec: { replicas: 9 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.kind, 'Scale');
  assert.equal(res.json.spec.replicas, 5);
  assert.equal((await raw(api, 'GET', '/apis/apps/v1/namespaces/scale/deployments/web')).json.spec.replicas, 5);
  const [cap, watch] = [hooks.reviews.find((r) => r.path === '/cap')!.request, hooks.reviews.find((r) => r.path === '/watch')!.request];
  assert.deepEqual(cap.kind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.deepEqual(cap.resource, { group: 'apps', version: 'v1', resource: 'deployments' });
  assert.equal(cap.subResource, 'scale');
  assert.equal(cap.object.apiVersion, 'autoscaling/v1');
  assert.equal(cap.object.spec.replicas, 9);
  assert.equal(cap.oldObject.spec.replicas, 1);
  assert.equal(watch.object.kind, 'Scale');
  assert.equal(watch.object.spec.replicas, 5, 'validating webhooks see the mutated Scale');
});

test('writes to the deployment itself do not match rules for deployments/scale', async () => {
  const before = hooks.reviews.length;
  const res = await raw(api, 'PATCH', '/apis/apps/v1/namespaces/scale/deployments/web', { spec: { replicas: 7 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.spec.replicas, 7);
  assert.equal(hooks.reviews.length, before);
});
