/**
 * Infrastructure failures: with every StatefulSet write failing (HTTP 500 through a fault proxy),
 * the tenant reports DependenciesReachable=False and keeps retrying; within the grace period it is
 * still Provisioning, after it the tenant is Failed; once writes succeed again it recovers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { StatefulSets } from '../../runtime/index.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { conditionOf, eventually, getOptional, kubeConfigFrom, reconcileCounts, startOperator, startTenantEnv, tenantEvents, tenantManifest, type TenantEnv } from './tenant-harness.ts';

let env: TenantEnv;
let proxy: FaultProxy;
let operator: Awaited<ReturnType<typeof startOperator>>;
const GRACE_MS = 1500;
const phases: string[] = [];

before(async () => {
  env = await startTenantEnv({ withOperator: false });
  proxy = await startFaultProxy({ url: env.api.url, caPem: env.api.caPem, token: env.api.adminToken });
  operator = await startOperator(kubeConfigFrom(proxy.kubeconfig()), { gracePeriodMs: GRACE_MS });
  operator.mgr.informerFor(Tenants).addEventHandler({
    onUpdate: (_old, t) => { if (t.status?.phase && phases.at(-1) !== t.status.phase) phases.push(t.status.phase); },
  });
});
after(async () => { await operator?.stop(); await proxy?.close(); await env.stop(); });

const getTenant = async (name: string) => (await env.client.get(Tenants, { name })) as Tenant;

test('failing writes: DependenciesReachable=False, retried, Failed after the grace period, recovery', async () => {
  proxy.inject({ match: (r) => r.method === 'PATCH' && r.path.includes('/statefulsets/'), action: { status: 500, message: 'etcd is unhappy' }, times: Infinity });
  await env.client.create(Tenants, tenantManifest('flaky'));
  await eventually(async () => conditionOf(await getTenant('flaky'), 'DependenciesReachable')?.status === 'False', 'DependenciesReachable=False');
  const t = await getTenant('flaky');
  assert.equal(conditionOf(t, 'DependenciesReachable')?.reason, 'InfrastructureError');
  assert.match(conditionOf(t, 'DependenciesReachable')!.message, /etcd is unhappy/);
  assert.equal(conditionOf(t, 'Ready')?.status, 'False');

  // Retried with backoff (errors counted), and Failed once the grace period has passed.
  // The operator's own informer sees every status version, so the sequence is exact.
  await eventually(() => phases.includes('Failed'), 'phase Failed after the grace period');
  assert.deepEqual(phases.slice(0, 3), ['Pending', 'Provisioning', 'Failed'], 'Provisioning while within the grace period');
  assert.ok((await reconcileCounts(operator.mgr)).error >= 2, 'infrastructure errors are returned so the controller retries');
  await eventually(async () => (await tenantEvents(env.client, 'flaky')).some((e) => e.type === 'Warning' && e.reason === 'InfrastructureError'), 'InfrastructureError events');
  assert.equal(await getOptional(env.client, StatefulSets, 'flaky-redis', 'tenant-flaky'), undefined);

  proxy.clearFaults();
  await eventually(async () => conditionOf(await getTenant('flaky'), 'DependenciesReachable')?.status === 'True', 'DependenciesReachable=True after recovery');
  await eventually(async () => (await getTenant('flaky')).status?.phase === 'Provisioning', 'back to Provisioning');
  assert.ok(await getOptional(env.client, StatefulSets, 'flaky-redis', 'tenant-flaky'));
});
