/**
 * The Tenant operator with only the generated ClusterRole: a ServiceAccount bound to
 * generated/rbac/role.yaml, its token from the TokenRequest API, on a server enforcing RBAC. The
 * full lifecycle (create, ready, events, delete) must work without a single Forbidden.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterRoles, Deployments, Namespaces, Secrets, StatefulSets } from '../../runtime/index.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { conditionOf, eventually, getOptional, reconcileCounts, setWorkloadReady, startOperator, startTenantEnv, tenantEvents, tenantManifest, type TenantEnv } from './tenant-harness.ts';
import { managerRoleKubeConfig } from './operator-harness.ts';

let env: TenantEnv;
let operator: Awaited<ReturnType<typeof startOperator>>;

before(async () => {
  env = await startTenantEnv({ server: { authz: 'RBAC' }, withOperator: false });
  const ns = 'neurallog-system';
  await env.client.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  operator = await startOperator(await managerRoleKubeConfig({ admin: env.client, adminKc: env.kc, api: env.api }, ns, 'tenant-operator', 'tenant-operator'));
});
after(async () => { await operator?.stop(); await env.stop(); });

test('the token really is restricted', async () => {
  const kc = operator.mgr.apiReader;
  await assert.rejects(kc.list(ClusterRoles), (err: Error & { code?: number }) => err.code === 403);
});

test('lifecycle under the generated ClusterRole', async () => {
  const ns = 'tenant-rbac';
  await env.client.create(Tenants, tenantManifest('rbac', { server: { env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] } }));
  await eventually(async () => conditionOf(await env.client.get(Tenants, { name: 'rbac' }), 'ConfigValid')?.reason === 'ReferenceNotFound', 'the missing Secret reported');
  await env.client.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: ns }, stringData: { k: 'v' } });
  await eventually(async () => (await env.client.get(Tenants, { name: 'rbac' }) as Tenant).status?.phase === 'Provisioning', 'phase Provisioning');
  await setWorkloadReady(env.client, StatefulSets, ns, 'rbac-redis', 1);
  await setWorkloadReady(env.client, Deployments, ns, 'rbac-server', 1);
  await eventually(async () => (await env.client.get(Tenants, { name: 'rbac' }) as Tenant).status?.phase === 'Running', 'phase Running');
  const t = await env.client.get(Tenants, { name: 'rbac' });
  assert.equal(conditionOf(t, 'DependenciesReachable'), undefined, 'no apply or read ever failed');
  assert.equal((await reconcileCounts(operator.mgr)).error, 0, 'no reconcile error (a Forbidden would be one)');
  await eventually(async () => (await tenantEvents(env.client, 'rbac')).some((e) => e.reason === 'AllComponentsReady'), 'events written by the operator');

  await env.client.delete(Tenants, { name: 'rbac' });
  await eventually(async () => !(await getOptional(env.client, Tenants, 'rbac')), 'tenant deleted through the finalizer');
  assert.equal(await getOptional(env.client, Namespaces, ns), undefined);
});
