/**
 * API requests of a steady-state Tenant reconcile, counted in the fault proxy's request log: once
 * a tenant is Running and nothing changes, a reconcile reads from the operator's cache and writes
 * nothing (no server-side apply of unchanged children, no status write). A real change is still
 * applied, and a child changed behind the operator is still repaired.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Deployments, StatefulSets } from '../../runtime/index.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { startFaultProxy, type FaultProxy, type ProxyLogEntry } from '../support/fault-proxy.ts';
import { eventually, kubeConfigFrom, reconcileCounts, setWorkloadReady, startOperator, startTenantEnv, tenantManifest, waitHandled, type TenantEnv } from './tenant-harness.ts';

let env: TenantEnv;
let proxy: FaultProxy;
let operator: Awaited<ReturnType<typeof startOperator>>;
const ns = 'tenant-steady';

before(async () => {
  env = await startTenantEnv({ withOperator: false });
  proxy = await startFaultProxy({ url: env.api.url, caPem: env.api.caPem, token: env.api.adminToken });
  operator = await startOperator(kubeConfigFrom(proxy.kubeconfig()));
});
after(async () => { await operator?.stop(); await proxy?.close(); await env.stop(); });

const getTenant = async (name: string) => (await env.client.get(Tenants, { name })) as Tenant;

/** The operator's requests (watch streams aside) while it handles one edit made by the test. */
async function requestsOfOneReconcile(edit: () => Promise<{ metadata?: { resourceVersion?: string } }>): Promise<ProxyLogEntry[]> {
  const start = proxy.log.length;
  const total = async () => Object.values(await reconcileCounts(operator.mgr)).reduce((a, b) => a + b, 0);
  const before = await total();
  const edited = await edit();
  await eventually(async () => (await total()) > before, 'a reconcile after the edit');
  await waitHandled(operator.mgr, 'steady', edited.metadata!.resourceVersion!);
  return proxy.log.slice(start).filter((r) => !r.watch);
}

const describe = (rs: ProxyLogEntry[]) => rs.map((r) => `${r.method} ${r.path}`);

test('a steady-state reconcile makes no write requests', async (t) => {
  await env.client.create(Tenants, tenantManifest('steady'));
  await eventually(async () => (await getTenant('steady')).status?.phase === 'Provisioning', 'Provisioning');
  await setWorkloadReady(env.client, StatefulSets, ns, 'steady-redis', 1);
  await setWorkloadReady(env.client, Deployments, ns, 'steady-server', 1);
  await eventually(async () => (await getTenant('steady')).status?.phase === 'Running', 'Running');

  // The transition to Running still has status writes and events in flight: let them settle.
  await requestsOfOneReconcile(() => env.client.patch(Tenants, { name: 'steady' }, { metadata: { labels: { touched: '0' } } }, { type: 'merge' }));
  const counts: number[] = [];
  for (const value of ['1', '2', '3']) {
    const requests = await requestsOfOneReconcile(() => env.client.patch(Tenants, { name: 'steady' }, { metadata: { labels: { touched: value } } }, { type: 'merge' }));
    counts.push(requests.length);
    t.diagnostic(`steady-state reconcile ${value}: ${requests.length} requests ${JSON.stringify(describe(requests))}`);
    assert.deepEqual(describe(requests.filter((r) => r.method !== 'GET')), [], 'no writes when nothing changed');
  }
  assert.ok(counts.every((n) => n === 0), `requests per steady-state reconcile: ${counts.join(', ')}`);
});

test('a spec change is applied, and only to the children it changes', async () => {
  const requests = await requestsOfOneReconcile(() => env.client.patch(Tenants, { name: 'steady' }, { spec: { server: { replicas: 2 } } }, { type: 'merge' }));
  // Children only: the tenant's status and the events about the change are written too.
  const children = requests.filter((r) => r.method === 'PATCH' && !r.path.includes('/tenants/') && !r.path.includes('/events/'));
  assert.deepEqual(describe(children), [`PATCH /apis/apps/v1/namespaces/${ns}/deployments/steady-server`]);
  assert.equal(((await env.client.get(Deployments, { namespace: ns, name: 'steady-server' })).spec as { replicas: number }).replicas, 2);
});

test('a child changed behind the operator is repaired', async () => {
  await env.client.patch(StatefulSets, { namespace: ns, name: 'steady-redis' }, { spec: { replicas: 5 } }, { type: 'merge' });
  await eventually(async () => ((await env.client.get(StatefulSets, { namespace: ns, name: 'steady-redis' })).spec as { replicas: number }).replicas === 1, 'replicas restored');
});
