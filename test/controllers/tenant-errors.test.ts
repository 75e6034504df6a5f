/**
 * Error paths of the Tenant operator: an invalid spec (InvalidSpec condition, event, nothing
 * applied, no retry loop, recovery on fix), a missing Secret or ConfigMap key in the server's
 * environment (ReferenceNotFound until it appears), the paused annotation, disabling network
 * policies, an externally deleted namespace, and a name that cannot make a namespace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMaps, Deployments, Namespaces, NetworkPolicies, Secrets, StatefulSets } from '../../runtime/index.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { conditionOf, eventually, getOptional, reconcileCounts, setWorkloadReady, waitHandled, startTenantEnv, tenantEvents, tenantManifest, type TenantEnv } from './tenant-harness.ts';

let env: TenantEnv;
before(async () => { env = await startTenantEnv(); });
after(() => env.stop());

const getTenant = (name: string) => env.client.get(Tenants, { name }) as Promise<Tenant>;
const touch = (name: string, value: string) => env.client.patch(Tenants, { name }, { metadata: { labels: { touched: value } } }, { type: 'merge' });

test('invalid spec: InvalidSpec conditions and event, nothing applied, no retry loop; fixing it recovers', async () => {
  await env.client.create(Tenants, tenantManifest('bad', { redis: { replicas: -1, resources: { memory: { request: '1Gi', limit: '512Mi' } } }, server: { env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] } }));
  await eventually(async () => (await getTenant('bad')).status?.phase === 'Failed', 'phase Failed');
  const t = await getTenant('bad');
  const redis = conditionOf(t, 'RedisReady')!;
  assert.equal(redis.status, 'False');
  assert.equal(redis.reason, 'InvalidSpec');
  assert.match(redis.message, /spec\.redis\.replicas must be a non-negative integer, got -1/);
  assert.match(redis.message, /spec\.redis\.resources\.memory: request 1Gi exceeds limit 512Mi/);
  assert.equal(conditionOf(t, 'ServerReady')?.reason, 'InvalidSpec');
  assert.match(conditionOf(t, 'ServerReady')!.message, /value and valueFrom are mutually exclusive/);
  assert.equal(conditionOf(t, 'ConfigValid')?.status, 'False');
  assert.equal(conditionOf(t, 'Ready')?.status, 'False');
  assert.equal(t.status?.redisStatus?.phase, 'Failed');
  assert.equal(await getOptional(env.client, Namespaces, 'tenant-bad'), undefined, 'nothing is applied for an invalid spec');
  await eventually(async () => (await tenantEvents(env.client, 'bad')).some((e) => e.type === 'Warning' && e.reason === 'InvalidSpec'), 'an InvalidSpec warning event');

  // No crash loop: reconciles of an invalid spec end without error and without a timed requeue.
  const before = await reconcileCounts(env.mgr!);
  await touch('bad', '1');
  await eventually(async () => (await reconcileCounts(env.mgr!)).success > before.success, 'a reconcile after the edit');
  const afterEdit = await reconcileCounts(env.mgr!);
  assert.equal(afterEdit.error, before.error, 'no reconcile errors');
  assert.equal(afterEdit.requeue_after, before.requeue_after, 'no periodic requeue while the spec is invalid');

  await env.client.patch(Tenants, { name: 'bad' }, { spec: { redis: { replicas: 1, resources: { memory: { request: '256Mi', limit: '512Mi' } } }, server: { env: [{ name: 'A', value: 'x' }] } } }, { type: 'merge' });
  await eventually(async () => (await getTenant('bad')).status?.phase === 'Provisioning', 'phase Provisioning after the fix');
  const fixed = await getTenant('bad');
  assert.equal(conditionOf(fixed, 'ConfigValid')?.status, 'True');
  assert.equal(conditionOf(fixed, 'ConfigValid')?.reason, 'ConfigurationValid');
  assert.ok(await getOptional(env.client, StatefulSets, 'bad-redis', 'tenant-bad'));
});

test('missing Secret and ConfigMap key: ConfigValid=False ReferenceNotFound until they appear', async () => {
  const ns = 'tenant-refs';
  await env.client.create(Tenants, tenantManifest('refs', {
    server: { env: [
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'nope', key: 'x', optional: true } } },
    ] },
  }));
  await eventually(async () => conditionOf(await getTenant('refs'), 'ConfigValid')?.reason === 'ReferenceNotFound', 'ConfigValid ReferenceNotFound');
  let t = await getTenant('refs');
  assert.equal(conditionOf(t, 'ConfigValid')?.status, 'False');
  assert.match(conditionOf(t, 'ConfigValid')!.message, /Secret tenant-refs\/api not found/);
  assert.match(conditionOf(t, 'ConfigValid')!.message, /ConfigMap tenant-refs\/settings not found/);
  assert.doesNotMatch(conditionOf(t, 'ConfigValid')!.message, /nope/, 'optional references may be missing');
  assert.equal(t.status?.phase, 'Pending');
  assert.equal(t.status?.serverStatus?.phase, 'Pending');
  await eventually(async () => (await tenantEvents(env.client, 'refs')).some((e) => e.type === 'Warning' && e.reason === 'ReferenceNotFound'), 'a ReferenceNotFound warning event');
  const dep = await env.client.get(Deployments, { namespace: ns, name: 'refs-server' });
  const env0 = (dep.spec as any).template.spec.containers[0].env.find((e: any) => e.name === 'API_KEY');
  assert.deepEqual(env0.valueFrom, { secretKeyRef: { name: 'api', key: 'key' } });

  // Only the server waits for its references: a Redis change is applied, a server change is not.
  const edited = await env.client.patch(Tenants, { name: 'refs' }, { spec: { redis: { replicas: 2 }, server: { replicas: 2 } } }, { type: 'merge' });
  await waitHandled(env.mgr!, 'refs', edited.metadata!.resourceVersion!);
  await eventually(async () => ((await env.client.get(StatefulSets, { namespace: ns, name: 'refs-redis' })).spec as any).replicas === 2, 'Redis scaled while the server waits');
  assert.equal(((await env.client.get(Deployments, { namespace: ns, name: 'refs-server' })).spec as any).replicas, 1, 'the server is held back');
  assert.equal(conditionOf(await getTenant('refs'), 'ConfigValid')?.reason, 'ReferenceNotFound');

  await env.client.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api', namespace: ns }, stringData: { key: 's3cr3t' } });
  await env.client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { other: 'x' } });
  await eventually(async () => {
    const msg = conditionOf(await getTenant('refs'), 'ConfigValid')?.message ?? '';
    return (!msg.includes('api') && msg.includes('ConfigMap tenant-refs/settings has no key "mode"')) || msg;
  }, 'only the missing key reported');
  await env.client.patch(ConfigMaps, { namespace: ns, name: 'settings' }, { data: { mode: 'fast' } }, { type: 'merge' });
  await eventually(async () => conditionOf(await getTenant('refs'), 'ConfigValid')?.status === 'True', 'ConfigValid=True once the references resolve');
  t = await getTenant('refs');
  assert.equal(t.status?.phase, 'Provisioning');
  await eventually(async () => ((await env.client.get(Deployments, { namespace: ns, name: 'refs-server' })).spec as any).replicas === 2, 'the server change applied once the references resolve');
  await env.client.patch(Tenants, { name: 'refs' }, { spec: { redis: { replicas: 1 }, server: { replicas: 1 } } }, { type: 'merge' });
  await eventually(async () => ((await env.client.get(Deployments, { namespace: ns, name: 'refs-server' })).spec as any).replicas === 1, 'back to one server replica');
});

test('paused annotation: spec changes wait until the annotation is removed', async () => {
  const ns = 'tenant-refs';
  const paused = await env.client.patch(Tenants, { name: 'refs' }, { metadata: { annotations: { 'neurallog.io/reconciliation-paused': 'true' } }, spec: { server: { replicas: 4 } } }, { type: 'merge' });
  await waitHandled(env.mgr!, 'refs', paused.metadata!.resourceVersion!);
  assert.equal(((await env.client.get(Deployments, { namespace: ns, name: 'refs-server' })).spec as any).replicas, 1, 'paused: not scaled');
  await env.client.patch(Tenants, { name: 'refs' }, { metadata: { annotations: { 'neurallog.io/reconciliation-paused': null } } }, { type: 'merge' });
  await eventually(async () => ((await env.client.get(Deployments, { namespace: ns, name: 'refs-server' })).spec as any).replicas === 4, 'scaled after unpausing');
});

test('network policies: disabling removes them; NetworkPoliciesReady says Disabled', async () => {
  const ns = 'tenant-refs';
  assert.equal((await env.client.list(NetworkPolicies, { namespace: ns })).items.length, 3);
  await env.client.patch(Tenants, { name: 'refs' }, { spec: { networkPolicy: { enabled: false } } }, { type: 'merge' });
  await eventually(async () => (await env.client.list(NetworkPolicies, { namespace: ns })).items.length === 0, 'policies removed');
  await eventually(async () => conditionOf(await getTenant('refs'), 'NetworkPoliciesReady')?.reason === 'Disabled', 'NetworkPoliciesReady Disabled');
});

test('a namespace deleted behind the operator is recreated with its children', async () => {
  const ns = 'tenant-refs';
  const old = await env.client.get(Namespaces, { name: ns });
  await env.client.delete(Namespaces, { name: ns });
  // The operator may recreate it at once, so "gone" is seen as a new uid.
  await eventually(async () => {
    const cur = await getOptional(env.client, Namespaces, ns);
    return (!!cur && cur.metadata.uid !== old.metadata.uid && !cur.metadata.deletionTimestamp) || 'old namespace still there';
  }, 'a new namespace');
  await eventually(async () => !!(await getOptional(env.client, StatefulSets, 'refs-redis', ns)), 'Redis recreated');
  await setWorkloadReady(env.client, StatefulSets, ns, 'refs-redis', 1);
  await eventually(async () => conditionOf(await getTenant('refs'), 'RedisReady')?.status === 'True', 'RedisReady=True after recreation');
});

test('a tenant name that cannot name a namespace fails the Namespace component', async () => {
  const long = `t${'x'.repeat(60)}`;
  await env.client.create(Tenants, tenantManifest(long));
  await eventually(async () => conditionOf(await getTenant(long), 'NamespaceReady')?.reason === 'InvalidSpec', 'NamespaceReady InvalidSpec');
  assert.equal((await getTenant(long)).status?.phase, 'Failed');
  // Deleting it must not wait for a namespace that never existed.
  await env.client.delete(Tenants, { name: long });
  await eventually(async () => !(await getOptional(env.client, Tenants, long)), 'tenant deleted');
});
