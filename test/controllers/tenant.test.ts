/**
 * The Tenant operator end to end on the local API server over HTTPS: the create flow of the real
 * project's test (namespace, Redis, server), readiness driving phases and conditions, idempotency,
 * updates, events, and deletion through the finalizer with the namespace going first.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfigMaps, Deployments, Namespaces, NetworkPolicies, Services, StatefulSets, type KubeObject } from '../../runtime/index.ts';
import { TENANT_FINALIZER, Tenants } from '../../controllers/tenant/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { conditionOf, eventually, getOptional, reconcileCounts, setWorkloadReady, startTenantEnv, waitHandled, tenantEvents, tenantManifest, type TenantEnv } from './tenant-harness.ts';

let env: TenantEnv;
const phases = new Map<string, string[]>();
/** Deletions in the order the informers saw them. */
const deletions: string[] = [];

before(async () => {
  env = await startTenantEnv();
  // Every version of every tenant passes through the informer: record the phase sequence.
  env.mgr!.informerFor(Tenants).addEventHandler({
    onUpdate: (_old, t) => {
      const seen = phases.get(t.metadata!.name!) ?? [];
      const phase = t.status?.phase;
      if (phase && seen.at(-1) !== phase) seen.push(phase);
      phases.set(t.metadata!.name!, seen);
    },
    onDelete: (t) => deletions.push(`Tenant/${t.metadata!.name}`),
  });
  env.mgr!.informerFor(Namespaces).addEventHandler({ onDelete: (ns) => deletions.push(`Namespace/${ns.metadata.name}`) });
});
after(() => env.stop());

const getTenant = (name: string) => env.client.get(Tenants, { name }) as Promise<Tenant>;
const container = (obj: KubeObject | undefined) => (obj?.spec as any).template.spec.containers[0];

const seedSpec = {
  redis: {
    replicas: 1,
    storage: '2Gi',
    config: { 'maxmemory-policy': 'volatile-lru', timeout: '300' },
    resources: { cpu: { request: '100m', limit: '200m' }, memory: { request: '128Mi', limit: '256Mi' } },
  },
  server: {
    replicas: 1,
    image: 'neurallog/server:1.2.3',
    resources: { cpu: { request: '100m', limit: '300m' }, memory: { request: '128Mi', limit: '256Mi' } },
    env: [{ name: 'TEST_ENV', value: 'test-value' }],
  },
  networkPolicy: {
    allowedNamespaces: ['ingress-nginx'],
    ingressRules: [{ description: 'metrics', from: { app: 'prometheus' }, to: { app: 'neurallog-server' }, ports: [{ protocol: 'TCP', port: 9090 }] }],
    egressRules: [{ description: 'dns', to: { 'k8s-app': 'kube-dns' }, ports: [{ protocol: 'UDP', port: 53 }] }],
  },
};

test('create: namespace, Redis, server and network policies; phase Pending → Provisioning', async () => {
  await env.client.create(Tenants, tenantManifest('test-tenant', seedSpec));
  const ns = 'tenant-test-tenant';
  await eventually(async () => (await getTenant('test-tenant')).status?.phase === 'Provisioning' || `phase ${(await getTenant('test-tenant')).status?.phase}`, 'phase Provisioning');
  const tenant = await getTenant('test-tenant');
  assert.deepEqual(tenant.metadata?.finalizers, [TENANT_FINALIZER]);
  assert.equal(tenant.status?.namespace, ns);
  await eventually(() => phases.get('test-tenant')?.includes('Provisioning') ?? false, 'the informer to see Provisioning');
  assert.deepEqual(phases.get('test-tenant')?.slice(0, 2), ['Pending', 'Provisioning']);

  const namespace = await env.client.get(Namespaces, { name: ns });
  assert.equal(namespace.metadata.labels?.['neurallog.io/tenant'], 'test-tenant');
  assert.equal(namespace.metadata.labels?.['neurallog.io/managed-by'], 'tenant-operator');

  const cm = await env.client.get(ConfigMaps, { namespace: ns, name: 'test-tenant-redis-config' });
  const conf = (cm.data as Record<string, string>)['redis.conf']!;
  assert.match(conf, /^maxmemory 256mb$/m, 'maxmemory from redis.resources.memory.limit');
  assert.match(conf, /^maxmemory-policy volatile-lru$/m, 'spec.redis.config overrides the default policy');
  assert.match(conf, /^timeout 300$/m);
  assert.match(conf, /^appendonly yes$/m);

  const redisSvc = await env.client.get(Services, { namespace: ns, name: 'test-tenant-redis' });
  assert.equal((redisSvc.spec as any).clusterIP, 'None');
  assert.deepEqual((redisSvc.spec as any).ports.map((p: any) => [p.port, p.targetPort]), [[6379, 'redis']]);

  const sts = await env.client.get(StatefulSets, { namespace: ns, name: 'test-tenant-redis' });
  assert.equal((sts.spec as any).serviceName, 'test-tenant-redis');
  assert.equal((sts.spec as any).replicas, 1);
  assert.equal(container(sts).image, 'redis:7-alpine');
  assert.deepEqual(container(sts).resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
  assert.equal((sts.spec as any).volumeClaimTemplates[0].spec.resources.requests.storage, '2Gi');
  assert.deepEqual(sts.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]), [['Tenant', 'test-tenant', tenant.metadata!.uid, true]]);

  const serverSvc = await env.client.get(Services, { namespace: ns, name: 'test-tenant-server' });
  assert.deepEqual((serverSvc.spec as any).ports.map((p: any) => [p.port, p.targetPort]), [[3030, 'http']]);
  const dep = await env.client.get(Deployments, { namespace: ns, name: 'test-tenant-server' });
  const c = container(dep);
  assert.equal(c.image, 'neurallog/server:1.2.3');
  assert.deepEqual(c.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '300m', memory: '256Mi' } });
  const envVars = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
  assert.equal(envVars.TEST_ENV, 'test-value');
  assert.equal(envVars.REDIS_URL, 'redis://test-tenant-redis:6379');
  assert.equal(envVars.TENANT_ID, 'test-tenant');
  assert.equal(c.readinessProbe.httpGet.path, '/health');
  assert.equal(c.livenessProbe.httpGet.port, 'http');

  const policies = await env.client.list(NetworkPolicies, { namespace: ns });
  assert.deepEqual(policies.items.map((p) => p.metadata.name).sort(), ['allow-api-access', 'allow-internal-traffic', 'custom-egress-0', 'custom-ingress-0', 'default-deny-all']);
  const api = policies.items.find((p) => p.metadata.name === 'allow-api-access')!;
  assert.deepEqual((api.spec as any).ingress[0].from, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);

  assert.equal(conditionOf(tenant, 'NamespaceReady')?.status, 'True');
  assert.equal(conditionOf(tenant, 'NetworkPoliciesReady')?.status, 'True');
  assert.equal(conditionOf(tenant, 'RedisReady')?.status, 'Unknown');
  assert.equal(conditionOf(tenant, 'Ready')?.status, 'False');
  assert.equal(tenant.status?.redisStatus?.phase, 'Provisioning');
});

test('readiness: workloads becoming ready make the tenant Running with Ready=True and events', async () => {
  const ns = 'tenant-test-tenant';
  await setWorkloadReady(env.client, StatefulSets, ns, 'test-tenant-redis', 1);
  await eventually(async () => conditionOf(await getTenant('test-tenant'), 'RedisReady')?.status === 'True', 'RedisReady=True');
  assert.equal((await getTenant('test-tenant')).status?.phase, 'Provisioning', 'the server is still not ready');
  await setWorkloadReady(env.client, Deployments, ns, 'test-tenant-server', 1);
  await eventually(async () => (await getTenant('test-tenant')).status?.phase === 'Running', 'phase Running');
  const t = await getTenant('test-tenant');
  assert.equal(conditionOf(t, 'Ready')?.status, 'True');
  assert.equal(conditionOf(t, 'Ready')?.reason, 'AllComponentsReady');
  assert.deepEqual(t.status?.serverStatus, { phase: 'Running', message: 'Server is running: 1/1 replicas ready', readyReplicas: 1, totalReplicas: 1 });
  assert.equal(t.status?.redisStatus?.phase, 'Running');
  await eventually(async () => {
    const reasons = (await tenantEvents(env.client, 'test-tenant')).map((e) => `${e.type}/${e.reason}`);
    return (reasons.includes('Normal/AllComponentsReady') && reasons.includes('Normal/Running')) || reasons.join(',');
  }, 'events for the Ready and RedisReady transitions');
});

test('idempotency: another reconcile changes and duplicates nothing', async () => {
  const ns = 'tenant-test-tenant';
  const snapshot = async () => {
    const out = new Map<string, string>();
    for (const res of [ConfigMaps, Services, StatefulSets, Deployments, NetworkPolicies]) {
      for (const o of (await env.client.list(res, { namespace: ns })).items) out.set(`${res.kind}/${o.metadata.name}`, o.metadata.resourceVersion!);
    }
    out.set('Namespace', (await env.client.get(Namespaces, { name: ns })).metadata.resourceVersion!);
    out.set('Tenant', (await getTenant('test-tenant')).metadata!.resourceVersion!);
    return out;
  };
  const before = await snapshot();
  // A label edit changes the tenant (not its spec) and triggers a full reconcile.
  const reconciles = async () => (await env.mgr!.metrics.registry.getSingleMetric('controller_runtime_reconcile_total')?.get())?.values.filter((v) => v.labels.controller === 'tenant').reduce((a, v) => a + v.value, 0) ?? 0;
  const start = await reconciles();
  await env.client.patch(Tenants, { name: 'test-tenant' }, { metadata: { labels: { touched: 'yes' } } }, { type: 'merge' });
  const touched = (await getTenant('test-tenant')).metadata!.resourceVersion!;
  await eventually(async () => (await reconciles()) > start, 'a reconcile after the label edit');
  await waitHandled(env.mgr!, 'test-tenant', touched);
  const after = await snapshot();
  before.set('Tenant', touched);
  assert.deepEqual(after, before);
});

test('update: server replicas, image and env propagate to the Deployment; status follows', async () => {
  const ns = 'tenant-test-tenant';
  await env.client.patch(Tenants, { name: 'test-tenant' }, { spec: { server: { replicas: 3, image: 'neurallog/server:1.3.0', env: [{ name: 'TEST_ENV', value: 'changed' }, { name: 'LOG_LEVEL', value: 'debug' }] } } }, { type: 'merge' });
  await eventually(async () => (((await env.client.get(Deployments, { namespace: ns, name: 'test-tenant-server' })).spec as any).replicas === 3), 'Deployment scaled to 3');
  const dep = await env.client.get(Deployments, { namespace: ns, name: 'test-tenant-server' });
  const c = container(dep);
  assert.equal(c.image, 'neurallog/server:1.3.0');
  const envVars = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
  assert.equal(envVars.TEST_ENV, 'changed');
  assert.equal(envVars.LOG_LEVEL, 'debug', 'spec env overrides the operator default');
  assert.equal(c.env.filter((e: any) => e.name === 'LOG_LEVEL').length, 1);
  await eventually(async () => (await getTenant('test-tenant')).status?.phase === 'Provisioning', 'phase back to Provisioning');
  await setWorkloadReady(env.client, Deployments, ns, 'test-tenant-server', 2);
  await eventually(async () => (await getTenant('test-tenant')).status?.serverStatus?.message === 'Server is degraded: 2/3 replicas ready', 'server degraded with 2/3');
  const degraded = await getTenant('test-tenant');
  assert.equal(degraded.status?.serverStatus?.phase, 'Degraded');
  assert.equal(degraded.status?.phase, 'Provisioning');
  assert.equal(conditionOf(degraded, 'ServerReady')?.reason, 'ReplicasNotReady');
  await setWorkloadReady(env.client, Deployments, ns, 'test-tenant-server', 3);
  await eventually(async () => (await getTenant('test-tenant')).status?.phase === 'Running', 'Running again');

  // Removing a custom rule removes its policy; redis.conf changes roll the pods through the template hash.
  const configHash = async () => ((await env.client.get(StatefulSets, { namespace: ns, name: 'test-tenant-redis' })).spec as any).template.metadata.annotations['neurallog.io/config-hash'];
  const hash = await configHash();
  await env.client.patch(Tenants, { name: 'test-tenant' }, { spec: { redis: { config: { timeout: '600' } }, networkPolicy: { egressRules: [] } } }, { type: 'merge' });
  await eventually(async () => !(await getOptional(env.client, NetworkPolicies, 'custom-egress-0', ns)), 'custom-egress-0 deleted');
  await eventually(async () => ((await env.client.get(ConfigMaps, { namespace: ns, name: 'test-tenant-redis-config' })).data as any)['redis.conf'].includes('timeout 600'), 'redis.conf updated');
  await eventually(async () => (await configHash()) !== hash, 'the pod template hash follows redis.conf');
});

test('update: a storage change keeps the immutable volume claim template and says so', async () => {
  const ns = 'tenant-test-tenant';
  await env.client.patch(Tenants, { name: 'test-tenant' }, { spec: { redis: { storage: '5Gi' } } }, { type: 'merge' });
  await eventually(async () => ((await getTenant('test-tenant')).status?.redisStatus?.message ?? '').includes('volumes stay at 2Gi'), 'redisStatus explains the storage change');
  const sts = await env.client.get(StatefulSets, { namespace: ns, name: 'test-tenant-redis' });
  assert.equal((sts.spec as any).volumeClaimTemplates[0].spec.resources.requests.storage, '2Gi');
});

test('drift: a deleted child is recreated', async () => {
  const ns = 'tenant-test-tenant';
  const old = await env.client.get(Services, { namespace: ns, name: 'test-tenant-server' });
  await env.client.delete(Services, { namespace: ns, name: 'test-tenant-server' });
  await eventually(async () => {
    const cur = await getOptional(env.client, Services, 'test-tenant-server', ns);
    return (!!cur && cur.metadata.uid !== old.metadata.uid) || 'not recreated yet';
  }, 'server Service recreated');
});

test('delete: Terminating, the namespace goes first, then the finalizer and the tenant', async () => {
  const ns = 'tenant-test-tenant';
  const before = await reconcileCounts(env.mgr!);
  await env.client.delete(Tenants, { name: 'test-tenant' });
  await eventually(async () => !(await getOptional(env.client, Tenants, 'test-tenant')), 'tenant gone');
  assert.equal((await reconcileCounts(env.mgr!)).error, before.error, 'waiting for the namespace is not a reconcile error');
  assert.equal(await getOptional(env.client, Namespaces, ns), undefined);
  await eventually(() => deletions.includes('Tenant/test-tenant'), 'the informer to see the tenant deletion');
  assert.deepEqual(deletions.filter((d) => d.endsWith('test-tenant')), [`Namespace/${ns}`, 'Tenant/test-tenant'], 'the namespace goes before the tenant');
  assert.equal(phases.get('test-tenant')?.at(-1), 'Terminating');
  await eventually(async () => {
    const reasons = (await tenantEvents(env.client, 'test-tenant')).map((e) => e.reason);
    return (reasons.includes('Terminating') && reasons.includes('DeletingNamespace')) || reasons.join(',');
  }, 'Terminating and DeletingNamespace events');
});

test('sample: kubectl apply of samples/tenant reconciles to Running; kubectl get shows phase and namespace', async (t) => {
  const kubectl = join(dirname(realpathSync('/usr/bin/kubectl')), 'kubectl.1.32');
  const kubeconfig = join(tmpdir(), `tenant-sample-${process.pid}.kubeconfig`);
  writeFileSync(kubeconfig, env.api.kubeconfig);
  t.after(() => rmSync(kubeconfig, { force: true }));
  const run = (...args: string[]) => promisify(execFile)(kubectl, ['--kubeconfig', kubeconfig, ...args]);
  const samples = fileURLToPath(new URL('../../samples/tenant/', import.meta.url));
  await run('apply', '-f', samples, '-R');
  await eventually(async () => (await getTenant('acme')).status?.phase === 'Provisioning', 'sample provisioning');
  await setWorkloadReady(env.client, StatefulSets, 'tenant-acme', 'acme-redis', 1);
  await setWorkloadReady(env.client, Deployments, 'tenant-acme', 'acme-server', 2);
  await eventually(async () => (await getTenant('acme')).status?.phase === 'Running', 'sample running');
  const { stdout } = await run('get', 'tenants', 'acme', '--no-headers');
  assert.match(stdout, /^acme\s+Running\s+tenant-acme\s+\S+/);
});
