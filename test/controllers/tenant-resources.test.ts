/**
 * Container resources of the Tenant's workloads when the spec gives only one side of a
 * request/limit pair: the operator's default for the other side must not produce a pod template
 * asking for more than it allows, which the API server refuses. Checked on the pure merge, then end
 * to end: the StatefulSet and Deployment the operator writes to the local API server (which
 * validates pod templates as Kubernetes does) are accepted and carry the intended resources.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Deployments, StatefulSets, type KubeObject } from '../../runtime/index.ts';
import { StatusError } from '../../runtime/core/errors.ts';
import { Tenants } from '../../controllers/tenant/index.ts';
import { DefaultResources, containerResources } from '../../controllers/tenant/container-resources.ts';
import { quantityExceeds, quantityNanos } from '../../controllers/tenant/quantity.ts';
import { validateTenant } from '../../controllers/tenant/validation.ts';
import type { ResourceRequirements, Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { conditionOf, eventually, reconcileCounts, startTenantEnv, tenantManifest, type TenantEnv } from './tenant-harness.ts';

type Resources = { requests: Record<string, string>; limits: Record<string, string> };

test('quantities compare exactly, rounded up to the nano as the API server stores them', () => {
  assert.equal(quantityNanos('100m'), 100_000_000n);
  assert.equal(quantityNanos('1Gi'), (1n << 30n) * 1_000_000_000n);
  assert.equal(quantityNanos('1024Mi'), quantityNanos('1Gi'));
  assert.equal(quantityNanos('1.5'), 1_500_000_000n);
  assert.equal(quantityNanos('2e3'), 2_000n * 1_000_000_000n);
  assert.equal(quantityNanos('1.0000000001'), 1_000_000_001n, 'finer than a nano rounds up');
  assert.equal(quantityNanos('1 cpu'), undefined);
  assert.ok(quantityExceeds('2', '500m'));
  assert.ok(!quantityExceeds('500m', '0.5'));
  assert.ok(!quantityExceeds('1Gi', '1024Mi'));
  // Equal as doubles, yet the API server (rounding up to 1.000000001) calls it larger than 1.
  assert.equal(Number('1.00000000000000001'), 1);
  assert.ok(quantityExceeds('1.00000000000000001', '1'));
  assert.ok(!quantityExceeds('junk', '1'), 'malformed values are validation\'s to report');
});

test('one side of a pair given: the default on the other side yields to it', () => {
  const server = DefaultResources.server;
  const cases: [string, ResourceRequirements | undefined, Resources][] = [
    ['nothing given: the defaults', undefined,
      { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } }],
    ['request above the default limit: the limit follows the request', { cpu: { request: '2' }, memory: { request: '1Gi' } },
      { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } }],
    ['limit below the default request: the request follows the limit', { cpu: { limit: '50m' }, memory: { limit: '64Mi' } },
      { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } }],
    ['request below the default limit: the default limit stays', { cpu: { request: '200m' }, memory: { request: '256Mi' } },
      { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } }],
    ['limit above the default request: the default request stays', { cpu: { limit: '4' }, memory: { limit: '8Gi' } },
      { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '4', memory: '8Gi' } }],
    ['request equal to the default limit in another notation: nothing moves', { cpu: { request: '0.5' }, memory: { request: '0.5Gi' } },
      { requests: { cpu: '0.5', memory: '0.5Gi' }, limits: { cpu: '500m', memory: '512Mi' } }],
    ['both given: taken as they are', { cpu: { request: '3', limit: '6' }, memory: { request: '2Gi', limit: '2Gi' } },
      { requests: { cpu: '3', memory: '2Gi' }, limits: { cpu: '6', memory: '2Gi' } }],
    ['empty strings count as not given', { cpu: { request: '', limit: '' }, memory: { request: '1Gi', limit: '' } },
      { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }],
    ['storage is not a container resource', { storage: { request: '10Gi', limit: '20Gi' } },
      { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } }],
  ];
  for (const [what, spec, want] of cases) {
    const got = containerResources(spec, server);
    assert.deepEqual(got, want, what);
    for (const kind of ['cpu', 'memory']) assert.ok(!quantityExceeds(got.requests[kind]!, got.limits[kind]!), `${what}: ${kind} request within limit`);
  }
  assert.deepEqual(DefaultResources.server.limits, { cpu: '500m', memory: '512Mi' }, 'the defaults are never modified');
});

test('validation compares a given pair exactly', () => {
  const t = tenantManifest('exact', { server: { resources: { cpu: { request: '1.00000000000000001', limit: '1' }, memory: { request: '1Gi', limit: '1024Mi' } } } });
  const problems = validateTenant(t).Server;
  assert.deepEqual(problems, ['spec.server.resources.cpu: request 1.00000000000000001 exceeds limit 1']);
});

let env: TenantEnv;
before(async () => { env = await startTenantEnv(); });
after(() => env?.stop());

const getTenant = (name: string) => env.client.get(Tenants, { name }) as Promise<Tenant>;
const resourcesOf = (obj: KubeObject) => (obj.spec as { template: { spec: { containers: { resources: Resources }[] } } }).template.spec.containers[0]!.resources;

/** Waits until the tenant's workloads exist and returns their container resources. */
async function workloadResources(tenant: string): Promise<{ redis: Resources; server: Resources }> {
  const ns = `tenant-${tenant}`;
  await eventually(async () => (await getTenant(tenant)).status?.phase === 'Provisioning' || `phase ${(await getTenant(tenant)).status?.phase}`, `${tenant} Provisioning`);
  const t = await getTenant(tenant);
  assert.notEqual(conditionOf(t, 'ConfigValid')?.status, 'False', `spec valid: ${conditionOf(t, 'ConfigValid')?.message}`);
  assert.notEqual(conditionOf(t, 'DependenciesReachable')?.status, 'False', `no API errors: ${conditionOf(t, 'DependenciesReachable')?.message}`);
  const sts = await env.client.get(StatefulSets, { namespace: ns, name: `${tenant}-redis` });
  const dep = await env.client.get(Deployments, { namespace: ns, name: `${tenant}-server` });
  return { redis: resourcesOf(sts), server: resourcesOf(dep) };
}

test('the API server refuses a pod template requesting more than its limit', async () => {
  // What the operator wrote before for a 2-CPU request: the request over the default 500m limit.
  await env.client.create(Tenants, tenantManifest('probe'));
  await workloadResources('probe');
  const live = await env.client.get(Deployments, { namespace: 'tenant-probe', name: 'probe-server' });
  const spec = structuredClone(live.spec) as { template: { spec: { containers: { resources: Resources }[] } } };
  spec.template.spec.containers[0]!.resources = { requests: { cpu: '2', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
  const err = await env.client.create(Deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'probe-copy', namespace: 'tenant-probe' }, spec }).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StatusError, `refused, got ${String(err)}`);
  assert.equal(err.code, 422);
  assert.match(err.message, /spec\.template\.spec\.containers\[0\]\.resources\.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m/);
});

test('requests above the default limits and limits below the default requests: workloads accepted', async () => {
  const errorsBefore = (await reconcileCounts(env.mgr!)).error;
  await env.client.create(Tenants, tenantManifest('big', {
    server: { resources: { cpu: { request: '2' }, memory: { request: '1Gi' } } },
    redis: { resources: { cpu: { limit: '50m' }, memory: { limit: '64Mi' } } },
  }));
  const got = await workloadResources('big');
  assert.deepEqual(got.server, { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
  assert.deepEqual(got.redis, { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } });
  assert.equal((await reconcileCounts(env.mgr!)).error, errorsBefore, 'no reconcile failed on a refused apply');
});

test('one side given within the defaults: the other default stays; an edit over the limit is applied', async () => {
  await env.client.create(Tenants, tenantManifest('mild', {
    server: { resources: { cpu: { request: '200m' }, memory: { limit: '1Gi' } } },
    redis: { resources: { cpu: { request: '300m' }, memory: { request: '2Gi', limit: '4Gi' } } },
  }));
  const got = await workloadResources('mild');
  assert.deepEqual(got.server, { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
  assert.deepEqual(got.redis, { requests: { cpu: '300m', memory: '2Gi' }, limits: { cpu: '300m', memory: '4Gi' } }, 'a request equal to the default limit keeps it');

  // An update goes through the same merge: the live Deployment follows to 3 CPUs.
  await env.client.patch(Tenants, { name: 'mild' }, { spec: { server: { resources: { cpu: { request: '3' } } } } }, { type: 'merge' });
  await eventually(async () => {
    const dep = await env.client.get(Deployments, { namespace: 'tenant-mild', name: 'mild-server' });
    const r = resourcesOf(dep);
    return (r.requests.cpu === '3' && r.limits.cpu === '3') || `cpu ${r.requests.cpu}/${r.limits.cpu}`;
  }, 'the Deployment to follow the raised request');
  const t = await getTenant('mild');
  assert.notEqual(conditionOf(t, 'DependenciesReachable')?.status, 'False');
});

test('a given pair over its limit only by less than a double resolves is reported, not applied', async () => {
  await env.client.create(Tenants, tenantManifest('tiny', { server: { resources: { cpu: { request: '1.00000000000000001', limit: '1' } } } }));
  await eventually(async () => (await getTenant('tiny')).status?.phase === 'Failed' || `phase ${(await getTenant('tiny')).status?.phase}`, 'phase Failed');
  const server = conditionOf(await getTenant('tiny'), 'ServerReady')!;
  assert.equal(server.reason, 'InvalidSpec');
  assert.match(server.message, /spec\.server\.resources\.cpu: request 1\.00000000000000001 exceeds limit 1/);
});
