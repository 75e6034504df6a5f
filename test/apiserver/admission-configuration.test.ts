/**
 * Webhook configurations as the API server checks them (matchConditions limits, names,
 * enumerations, timeouts, client configs) and timeoutSeconds honoured against a real HTTPS
 * webhook that never answers: Fail refuses with context deadline exceeded, Ignore admits.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { createServingCertificates } from '../../runtime/core/x509/cert.ts';
import { raw } from './helpers.ts';

let api: RunningApiServer;
let silent: Server;
let silentUrl = '';
let caBundle = '';
const PATH = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

before(async () => {
  api = await startApiServer();
  const certs = createServingCertificates();
  caBundle = Buffer.from(certs.ca.certPem).toString('base64');
  // Accepts reviews and never answers them.
  silent = createServer({ cert: certs.server.certPem, key: certs.server.keyPem }, () => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `https://127.0.0.1:${(silent.address() as { port: number }).port}/validate`;
  await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cfg' } });
});
after(async () => {
  silent?.closeAllConnections();
  await new Promise((resolve) => silent?.close(resolve));
  await api?.stop();
});

function webhook(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'check.example.com', admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail',
    clientConfig: { url: silentUrl, caBundle },
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }], ...extra,
  };
}

const config = (name: string, webhooks: Record<string, unknown>[]) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks });

async function invalid(webhooks: Record<string, unknown>[]): Promise<string> {
  const res = await raw(api, 'POST', PATH, config('invalid', webhooks));
  assert.equal(res.status, 422, res.text);
  assert.equal(res.json.reason, 'Invalid');
  return res.json.message;
}

test('at most 64 matchConditions, with unique qualified names and expressions that compile', async () => {
  const many = Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: 'true' }));
  assert.equal(await invalid([webhook({ matchConditions: many })]),
    'ValidatingWebhookConfiguration.admissionregistration.k8s.io "invalid" is invalid: webhooks[0].matchConditions: Too many: 65: must have at most 64 items');
  const message = await invalid([webhook({ matchConditions: [{ name: 'same', expression: 'true' }, { name: 'same', expression: '1 +' }, { name: '', expression: ' ' }] })]);
  assert.match(message, /webhooks\[0\]\.matchConditions\[1\]\.name: Duplicate value: "same"/);
  assert.match(message, /webhooks\[0\]\.matchConditions\[1\]\.expression: Invalid value: "1 \+": compilation failed: ERROR: /);
  assert.match(message, /webhooks\[0\]\.matchConditions\[2\]\.expression: Required value/);
  assert.match(message, /webhooks\[0\]\.matchConditions\[2\]\.name: Required value/);
  const ok = await raw(api, 'POST', PATH, config('sixty-four', [webhook({ matchConditions: many.slice(0, 64), rules: [] })]));
  assert.equal(ok.status, 201, ok.text);
});

test('names, enumerations, timeouts and client configs are checked', async () => {
  const message = await invalid([
    webhook({ name: 'two.segments', failurePolicy: 'Sometimes', timeoutSeconds: 31, clientConfig: { url: 'http://127.0.0.1/x' } }),
    webhook({ matchPolicy: 'Loose', sideEffects: 'Maybe', clientConfig: {}, admissionReviewVersions: ['v2'] }),
    webhook(),
  ]);
  assert.match(message, /webhooks\[0\]\.name: Invalid value: "two\.segments": should be a domain with at least three segments separated by dots/);
  assert.match(message, /webhooks\[0\]\.failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"/);
  assert.match(message, /webhooks\[0\]\.timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds/);
  assert.match(message, /webhooks\[0\]\.clientConfig\.url: Invalid value: "http": 'https' is the only allowed URL scheme/);
  assert.match(message, /webhooks\[1\]\.matchPolicy: Unsupported value: "Loose": supported values: "Equivalent", "Exact"/);
  assert.match(message, /webhooks\[1\]\.sideEffects: Unsupported value: "Maybe"/);
  assert.match(message, /webhooks\[1\]\.clientConfig: Required value: exactly one of url or service is required/);
  assert.match(message, /webhooks\[1\]\.admissionReviewVersions: Invalid value: \["v2"\]: must include at least one of v1, v1beta1/);
  assert.match(message, /webhooks\[2\]\.name: Duplicate value: "check\.example\.com"/);
});

test('timeoutSeconds: a webhook that does not answer in time fails the request under Fail and is skipped under Ignore', async () => {
  const scoped = (policy: string) => webhook({
    name: `${policy.toLowerCase()}.timeout.example.com`, failurePolicy: policy, timeoutSeconds: 1,
    objectSelector: { matchLabels: { timeout: policy } },
  });
  const created = await raw(api, 'POST', PATH, config('timeouts', [scoped('Fail'), scoped('Ignore')]));
  assert.equal(created.status, 201, created.text);
  const cm = (name: string, policy: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'cfg', labels: { timeout: policy } } });
  const [failed, ignored] = await Promise.all([
    raw(api, 'POST', '/api/v1/namespaces/cfg/configmaps', cm('late', 'Fail')),
    raw(api, 'POST', '/api/v1/namespaces/cfg/configmaps', cm('skipped', 'Ignore')),
  ]);
  assert.equal(failed.status, 500);
  assert.equal(failed.json.message, `Internal error occurred: failed calling webhook "fail.timeout.example.com": failed to call webhook: Post "${silentUrl}?timeout=1s": context deadline exceeded`);
  assert.equal(ignored.status, 201, ignored.text);
});
