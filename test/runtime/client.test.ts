import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { ConfigMaps, Namespaces, ServiceAccounts, Deployments } from '../../runtime/client/builtins.ts';
import { typedClient } from '../../runtime/client/typed.ts';
import { StatusError, isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNotFound, isTooManyRequests } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { startTestApi, kubeConfigFrom } from '../support/api.ts';
import type { TestApi } from '../support/api.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import type { FaultProxy } from '../support/fault-proxy.ts';

let t: TestApi;
let client: ApiClient;
const ns = 'client-test';

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc, { fieldManager: 'client-test' });
  await client.create(Namespaces, { metadata: { name: ns } });
});
after(async () => {
  client?.transport.close();
  await t?.api.stop();
});

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject =>
  ({ metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data });

test('create, get, list with selectors, update and delete a ConfigMap', async () => {
  const created = await client.create(ConfigMaps, cm('one', { a: '1' }, { app: 'x' }));
  assert.equal(created.kind, 'ConfigMap');
  assert.ok(created.metadata.uid);
  await client.create(ConfigMaps, cm('two', { a: '2' }, { app: 'y' }));
  const got = await client.get(ConfigMaps, { namespace: ns, name: 'one' });
  assert.deepEqual(got.data, { a: '1' });
  const byLabel = await client.list(ConfigMaps, { namespace: ns, labelSelector: { matchLabels: { app: 'x' } } });
  assert.deepEqual(byLabel.items.map((o) => o.metadata.name), ['one']);
  const byField = await client.list(ConfigMaps, { namespace: ns, fieldSelector: 'metadata.name=two' });
  assert.deepEqual(byField.items.map((o) => o.metadata.name), ['two']);
  const updated = await client.update(ConfigMaps, { ...got, data: { a: 'changed' } });
  assert.equal(updated.data && (updated.data as Record<string, string>).a, 'changed');
  assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
  await client.delete(ConfigMaps, { namespace: ns, name: 'one' });
  assert.ok(isNotFound(await rejection(client.get(ConfigMaps, { namespace: ns, name: 'one' }))));
});

test('errors are typed by kind: NotFound, AlreadyExists, Conflict, Invalid with causes', async () => {
  const notFound = await rejection(client.get(ConfigMaps, { namespace: ns, name: 'missing' }));
  assert.equal(notFound.reason, 'NotFound');
  assert.equal(notFound.code, 404);
  assert.ok(isNotFound(notFound));

  const first = await client.create(ConfigMaps, cm('dup'));
  const exists = await rejection(client.create(ConfigMaps, cm('dup')));
  assert.equal(exists.reason, 'AlreadyExists');
  assert.ok(isAlreadyExists(exists));

  await client.update(ConfigMaps, { ...first, data: { v: '2' } });
  const stale = await rejection(client.update(ConfigMaps, { ...first, data: { v: '3' } }));
  assert.equal(stale.reason, 'Conflict');
  assert.ok(isConflict(stale));

  const invalid = await rejection(client.create(ConfigMaps, cm('Not_A_Valid_Name')));
  assert.equal(invalid.reason, 'Invalid');
  assert.equal(invalid.code, 422);
  assert.ok(isInvalid(invalid));
  assert.ok(invalid.causes.some((c) => c.field === 'metadata.name'), JSON.stringify(invalid.causes));
});

test('delete honours preconditions and propagation policy', async () => {
  const obj = await client.create(ConfigMaps, cm('precond'));
  const wrongUid = await rejection(client.delete(ConfigMaps, { namespace: ns, name: 'precond' }, { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }));
  assert.ok(isConflict(wrongUid), wrongUid.message);
  await client.delete(ConfigMaps, { namespace: ns, name: 'precond' }, { preconditions: { uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion }, propagationPolicy: 'Background' });
  assert.ok(isNotFound(await rejection(client.get(ConfigMaps, { namespace: ns, name: 'precond' }))));
});

test('patch with merge, json and strategic encodings', async () => {
  await client.create(ConfigMaps, cm('patched', { a: '1', b: '2' }));
  const key = { namespace: ns, name: 'patched' };
  const merged = await client.patch(ConfigMaps, key, { data: { b: null, c: '3' } });
  assert.deepEqual(merged.data, { a: '1', c: '3' });
  const json = await client.patch(ConfigMaps, key, [{ op: 'replace', path: '/data/a', value: 'x' }], { type: 'json' });
  assert.deepEqual(json.data, { a: 'x', c: '3' });
  const smp = await client.patch(ConfigMaps, key, { metadata: { labels: { l: 'v' } } }, { type: 'strategic' });
  assert.deepEqual(smp.metadata.labels, { l: 'v' });
  const failedTest = await rejection(client.patch(ConfigMaps, key, [{ op: 'test', path: '/data/a', value: 'nope' }], { type: 'json' }));
  assert.ok(isInvalid(failedTest), `${failedTest.reason}: ${failedTest.message}`);
  const missing = await rejection(client.patch(ConfigMaps, { namespace: ns, name: 'absent' }, { data: {} }));
  assert.ok(isNotFound(missing));
});

test('server-side apply creates, detects conflicts between managers, and force takes ownership', async () => {
  const a = await client.apply(ConfigMaps, { metadata: { name: 'applied', namespace: ns }, data: { owner: 'a' } }, { fieldManager: 'manager-a' });
  assert.equal((a.data as Record<string, string>).owner, 'a');
  assert.ok(a.metadata.managedFields?.some((m) => m.manager === 'manager-a' && m.operation === 'Apply'));
  const conflict = await rejection(client.apply(ConfigMaps, { metadata: { name: 'applied', namespace: ns }, data: { owner: 'b' } }, { fieldManager: 'manager-b' }));
  assert.ok(isConflict(conflict));
  assert.ok(conflict.causes.some((c) => c.field === '.data.owner'), JSON.stringify(conflict.causes));
  const forced = await client.apply(ConfigMaps, { metadata: { name: 'applied', namespace: ns }, data: { owner: 'b' } }, { fieldManager: 'manager-b', force: true });
  assert.equal((forced.data as Record<string, string>).owner, 'b');
});

test('status subresource writes through updateStatus and patchStatus', async () => {
  const dep = await client.create(Deployments, {
    metadata: { name: 'web', namespace: ns },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const patched = await client.patchStatus(Deployments, { namespace: ns, name: 'web' }, { status: { observedGeneration: 1, replicas: 1 } });
  assert.equal((patched.status as { replicas?: number }).replicas, 1);
  const updated = await client.updateStatus(Deployments, { ...patched, status: { ...(patched.status as object), readyReplicas: 1 }, spec: { ...(dep.spec as object), replicas: 5 } });
  assert.equal((updated.status as { readyReplicas?: number }).readyReplicas, 1);
  // A status write must not change the spec.
  assert.equal((updated.spec as { replicas: number }).replicas, 1);
});

test('deleteAllOf removes every object matching a selector', async () => {
  for (const n of ['bulk-1', 'bulk-2', 'keep']) await client.create(ConfigMaps, cm(n, {}, { bulk: n === 'keep' ? 'no' : 'yes' }));
  await client.deleteAllOf(ConfigMaps, { namespace: ns, labelSelector: 'bulk=yes' });
  const left = await client.list(ConfigMaps, { namespace: ns, labelSelector: 'bulk' });
  assert.deepEqual(left.items.map((o) => o.metadata.name), ['keep']);
});

test('typed clients bind a namespace', async () => {
  const cms = typedClient(client, ConfigMaps, ns);
  await cms.create({ metadata: { name: 'typed' }, data: { k: 'v' } });
  assert.equal((await cms.get('typed')).metadata.namespace, ns);
  assert.ok((await cms.list()).items.some((o) => o.metadata.name === 'typed'));
  await cms.delete('typed');
  assert.ok(isNotFound(await rejection(cms.get('typed'))));
});

test('Forbidden for a ServiceAccount without RBAC permissions', async () => {
  const rbac = await startTestApi({ authz: 'RBAC' });
  try {
    const admin = new ApiClient(rbac.kc);
    await admin.create(ServiceAccounts, { metadata: { name: 'nobody', namespace: 'default' } });
    const tr = await admin.transport.json<{ status: { token: string } }>({
      method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts/nobody/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    });
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(rbac.kc.getCurrentCluster()!, { name: 'nobody', token: tr.status.token });
    const sa = new ApiClient(kc);
    const forbidden = await rejection(sa.list(ConfigMaps, { namespace: 'default' }));
    assert.equal(forbidden.reason, 'Forbidden');
    assert.ok(isForbidden(forbidden));
    admin.transport.close();
    sa.transport.close();
  } finally {
    await rbac.api.stop();
  }
});

test('TooManyRequests carries Retry-After, Gone and Timeout surface as kinds (via the fault proxy)', async () => {
  let proxy: FaultProxy | undefined;
  try {
    proxy = await startFaultProxy({ url: t.api.url, caPem: t.api.caPem, token: t.api.adminToken });
    const viaProxy = new ApiClient(kubeConfigFrom(proxy.kubeconfig()), { requestTimeoutMs: 300 });
    proxy.inject({ match: (r) => r.method === 'GET', action: { status: 429, retryAfterSeconds: 7 } });
    const tooMany = await rejection(viaProxy.list(ConfigMaps, { namespace: ns }));
    assert.ok(isTooManyRequests(tooMany));
    assert.equal(tooMany.retryAfterSeconds, 7);
    proxy.inject({ match: (r) => r.query.has('continue'), action: { status: 410 } });
    const gone = await rejection(viaProxy.list(ConfigMaps, { namespace: ns, limit: 1, continue: 'stale-token' }));
    assert.ok(isGone(gone));
    proxy.inject({ match: (r) => r.method === 'GET', action: 'stall' });
    const timeout = await rejection(viaProxy.get(ConfigMaps, { namespace: ns, name: 'dup' }));
    assert.equal(timeout.reason, 'Timeout');
    // After the faults, the same client works again.
    assert.equal((await viaProxy.get(ConfigMaps, { namespace: ns, name: 'dup' })).metadata.name, 'dup');
    viaProxy.transport.close();
  } finally {
    await proxy?.close();
  }
});
