/**
 * The Tenant operator with only the generated ClusterRole: a ServiceAccount bound to
 * generated/rbac/role.yaml, its token from the TokenRequest API, on a server enforcing RBAC. The
 * full lifecycle (create, ready, events, delete) must work without a single Forbidden.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { ClusterRoleBindings, ClusterRoles, Deployments, Namespaces, Secrets, ServiceAccounts, StatefulSets, type KubeObject } from '../../runtime/index.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { conditionOf, eventually, getOptional, reconcileCounts, setWorkloadReady, startOperator, startTenantEnv, tenantEvents, tenantManifest, type TenantEnv } from './tenant-harness.ts';

const ROLE_PATH = fileURLToPath(new URL('../../generated/rbac/role.yaml', import.meta.url));
let env: TenantEnv;
let operator: Awaited<ReturnType<typeof startOperator>>;

/** A KubeConfig that authenticates with a bearer token only. */
function tokenKubeConfig(server: string, caPem: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server, caData: Buffer.from(caPem).toString('base64') }],
    users: [{ name: 'tenant-operator', token }],
    contexts: [{ name: 'operator', cluster: 'local', user: 'tenant-operator' }],
    currentContext: 'operator',
  });
  return kc;
}

before(async () => {
  env = await startTenantEnv({ server: { authz: 'RBAC' }, withOperator: false });
  const ns = 'neurallog-system';
  await env.client.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await env.client.create(ServiceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tenant-operator', namespace: ns } });
  const role = parse(readFileSync(ROLE_PATH, 'utf8')) as KubeObject;
  await env.client.create(ClusterRoles, role);
  await env.client.create(ClusterRoleBindings, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'tenant-operator' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name! },
    subjects: [{ kind: 'ServiceAccount', name: 'tenant-operator', namespace: ns }],
  } as KubeObject);
  const tr = await env.kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: 'tenant-operator', namespace: ns,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds: 3600 } },
  });
  operator = await startOperator(tokenKubeConfig(env.api.url, env.api.caPem, tr.status?.token ?? ''));
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
