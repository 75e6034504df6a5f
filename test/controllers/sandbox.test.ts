/**
 * The Sandbox controller end to end on the local API server: forking baselines into owned
 * Deployments and Services, idempotency, overrides that change, readiness from the forks' status,
 * dropped services, missing baselines and unusable names, and deletion through the finalizer.
 */
import { execFile } from 'node:child_process';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { Deployments, Services, type KubeObject } from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, LABEL_ROUTING_KEY, LABEL_SANDBOX, LocalWorkloads, RouteGroups, SANDBOX_FINALIZER, Sandboxes } from '../../controllers/sandbox/index.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { condition, createBaseline, eventReasons, eventsFor, markAvailable, root, sandbox, startSandboxEnv, tryGet, waitFor, type SandboxEnv } from './sandbox-helpers.ts';

let env: SandboxEnv;
const ns = 'dev';

before(async () => {
  env = await startSandboxEnv();
  await env.namespace(ns);
  await env.namespace('shared');
  await createBaseline(env.admin, ns, 'api');
  await createBaseline(env.admin, ns, 'web', { service: false });
  await createBaseline(env.admin, 'shared', 'auth');
  await env.startOperator();
});
after(() => env.stop());

type Tpl = { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; image: string; env?: { name: string; value?: string }[] }[] } };
const spec = (d: KubeObject | undefined) => d!.spec as { replicas: number; selector: { matchLabels: Record<string, string> }; template: Tpl };
const get = (name: string) => env.admin.get(Sandboxes, { namespace: ns, name });
const fork = async (name: string) => ({ deployment: await tryGet(env.admin, Deployments, ns, name), service: await tryGet(env.admin, Services, ns, name) });
const reasons = (name: string) => eventReasons(env.admin, ns, name);

test('create: a forked Deployment and Service per service, owned by the sandbox, with the overrides', async () => {
  await env.admin.create(Sandboxes, sandbox('feat', ns, [
    { name: 'api', baseline: { name: 'api' }, image: 'example.com/api:pr-42', env: [{ name: 'MODE', value: 'sandbox' }, { name: 'FEATURE_X', value: 'on' }] },
    { name: 'auth', baseline: { name: 'auth', namespace: 'shared' } },
  ], { routingKey: 'feat-42' }));
  await waitFor(async () => { const [a, b] = [await fork('feat-api'), await fork('feat-auth')]; return Boolean(a.deployment && a.service && b.deployment && b.service); }, 'forks of feat');
  const sb = await get('feat');
  const owner = [{ apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'Sandbox', name: 'feat', uid: sb.metadata!.uid, controller: true, blockOwnerDeletion: true }];
  const api = await fork('feat-api');
  for (const child of [api.deployment!, api.service!]) {
    assert.deepEqual(child.metadata.ownerReferences, owner);
    assert.equal(child.metadata.labels![LABEL_SANDBOX], 'feat');
    assert.equal(child.metadata.labels![LABEL_ROUTING_KEY], 'feat-42');
    assert.equal(child.metadata.annotations!['sandbox.tsop.dev/baseline'], 'dev/api');
  }
  const d = spec(api.deployment);
  assert.equal(d.replicas, 1);
  assert.deepEqual(d.selector.matchLabels, { 'sandbox.tsop.dev/sandbox': 'feat', 'sandbox.tsop.dev/service': 'api' });
  // The baseline's selector label is dropped so neither the baseline Deployment nor its Service picks up fork pods.
  assert.deepEqual(d.template.metadata.labels, { tier: 'backend', 'sandbox.tsop.dev/sandbox': 'feat', 'sandbox.tsop.dev/service': 'api', 'sandbox.tsop.dev/routing-key': 'feat-42' });
  assert.deepEqual(d.template.metadata.annotations, { 'prometheus.io/scrape': 'true' });
  assert.deepEqual(d.template.spec.containers.map((c) => c.image), ['example.com/api:pr-42', 'example.com/api:pr-42']);
  assert.deepEqual(d.template.spec.containers[0]!.env, [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'MODE', value: 'sandbox' }, { name: 'FEATURE_X', value: 'on' }]);
  assert.deepEqual(d.template.spec.containers[1]!.env, [{ name: 'MODE', value: 'sandbox' }, { name: 'FEATURE_X', value: 'on' }]);
  const svc = api.service!.spec as { selector: Record<string, string>; ports: { name: string; port: number; targetPort: unknown; protocol: string }[] };
  assert.deepEqual(svc.selector, { 'sandbox.tsop.dev/sandbox': 'feat', 'sandbox.tsop.dev/service': 'api' });
  assert.deepEqual(svc.ports.map((p) => [p.name, p.port, p.targetPort, p.protocol]), [['http', 80, 'http', 'TCP']]);
  // A baseline in another namespace is forked into the sandbox's namespace, image untouched.
  assert.deepEqual(spec((await fork('feat-auth')).deployment).template.spec.containers.map((c) => c.image), ['example.com/auth:1.0', 'example.com/proxy:2.1']);
  assert.deepEqual(sb.metadata!.finalizers, [SANDBOX_FINALIZER]);

  await waitFor(async () => (await get('feat')).status?.phase === 'Pending' && condition(await get('feat'), 'Ready')?.reason === 'ServicesNotReady', 'Pending, ServicesNotReady');
  const st = (await get('feat')).status!;
  assert.equal(st.routingKey, 'feat-42');
  assert.equal(st.observedGeneration, 1);
  assert.equal(Date.parse(st.expiresAt!) - Date.parse(sb.metadata!.creationTimestamp!), 3600_000);
  assert.deepEqual(st.services, [
    { name: 'api', ready: false, endpoint: 'feat-api.dev.svc.cluster.local' },
    { name: 'auth', ready: false, endpoint: 'feat-auth.dev.svc.cluster.local' },
  ]);
  await waitFor(async () => (await reasons('feat')).filter((r) => r === 'ForkCreated').length === 2, 'two ForkCreated events');
});

test('ready: Running with Ready=True once every fork is available, and a SandboxReady event', async () => {
  await markAvailable(env.admin, ns, 'feat-api');
  await waitFor(async () => (await get('feat')).status?.services?.find((s) => s.name === 'api')?.ready === true, 'api ready');
  assert.equal((await get('feat')).status!.phase, 'Pending');
  await markAvailable(env.admin, ns, 'feat-auth');
  await waitFor(async () => (await get('feat')).status?.phase === 'Running', 'Running');
  const ready = condition(await get('feat'), 'Ready')!;
  assert.deepEqual([ready.status, ready.reason], ['True', 'ServicesReady']);
  await waitFor(async () => (await reasons('feat')).includes('SandboxReady'), 'SandboxReady event');
});

test('idempotent: another reconcile rewrites nothing and creates nothing', async () => {
  const before = { api: await fork('feat-api'), auth: await fork('feat-auth'), sb: await get('feat') };
  await env.admin.patch(Sandboxes, { namespace: ns, name: 'feat' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  // Reconciles of one controller run in queue order; a sandbox created afterwards being forked means feat's is done.
  await env.admin.create(Sandboxes, sandbox('marker', ns, [{ name: 'web', baseline: { name: 'web' } }]));
  await waitFor(async () => Boolean((await fork('marker-web')).deployment) && (await get('marker')).status?.phase !== undefined, 'marker forked');
  const now = { api: await fork('feat-api'), auth: await fork('feat-auth'), sb: await get('feat') };
  for (const k of ['api', 'auth'] as const) {
    assert.equal(now[k].deployment!.metadata.resourceVersion, before[k].deployment!.metadata.resourceVersion, `${k} Deployment untouched`);
    assert.equal(now[k].service!.metadata.resourceVersion, before[k].service!.metadata.resourceVersion, `${k} Service untouched`);
  }
  assert.deepEqual(now.sb.status, before.sb.status);
  const forks = (await env.admin.list(Deployments, { namespace: ns, labelSelector: `${LABEL_SANDBOX}=feat` })).items;
  assert.equal(forks.length, 2);
  assert.equal((await reasons('feat')).filter((r) => r === 'ForkCreated').length, 2);
});

test('no baseline Service: the fork Service takes the container ports', async () => {
  const svc = (await fork('marker-web')).service!.spec as { ports: { name: string; port: number; targetPort: number }[] };
  assert.deepEqual(svc.ports.map((p) => [p.name, p.port, p.targetPort]), [['http', 8080, 8080]]);
});

test('update: changing an override updates the fork in place; dropping a service removes its fork', async () => {
  const before = (await fork('feat-api')).deployment!;
  await env.admin.patch(Sandboxes, { namespace: ns, name: 'feat' }, { spec: { services: [
    { name: 'api', baseline: { name: 'api' }, image: 'example.com/api:pr-43', env: [{ name: 'MODE', value: 'sandbox' }] },
    { name: 'auth', baseline: { name: 'auth', namespace: 'shared' } },
  ] } }, { type: 'merge' });
  await waitFor(async () => spec((await fork('feat-api')).deployment).template.spec.containers[0]!.image === 'example.com/api:pr-43', 'image updated');
  const after = (await fork('feat-api')).deployment!;
  assert.equal(after.metadata.uid, before.metadata.uid, 'updated, not recreated');
  assert.deepEqual(spec(after).template.spec.containers[0]!.env, [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'MODE', value: 'sandbox' }]);
  // The changed fork has not rolled out yet: the sandbox waits for it again.
  await waitFor(async () => (await get('feat')).status?.phase === 'Pending', 'Pending while the fork rolls out');
  assert.equal((await get('feat')).status!.observedGeneration, 2);
  await waitFor(async () => (await reasons('feat')).includes('ForkUpdated'), 'ForkUpdated event');
  await markAvailable(env.admin, ns, 'feat-api');
  await waitFor(async () => (await get('feat')).status?.phase === 'Running', 'Running again');

  await env.admin.patch(Sandboxes, { namespace: ns, name: 'feat' }, { spec: { services: [{ name: 'api', baseline: { name: 'api' }, image: 'example.com/api:pr-43' }] } }, { type: 'merge' });
  await waitFor(async () => { const f = await fork('feat-auth'); return !f.deployment && !f.service; }, 'auth fork removed');
  await waitFor(async () => (await get('feat')).status?.services?.length === 1, 'one service in status');
  assert.equal((await fork('feat-api')).deployment!.metadata.uid, before.metadata.uid);
});

test('baseline changes flow into the fork: new template env, new Service port', async () => {
  const base = await env.admin.get(Deployments, { namespace: ns, name: 'api' });
  spec(base).template.spec.containers[0]!.env!.push({ name: 'CACHE', value: 'redis' });
  await env.admin.update(Deployments, base);
  await waitFor(async () => spec((await fork('feat-api')).deployment).template.spec.containers[0]!.env!.some((e) => e.name === 'CACHE'), 'baseline env copied');
  assert.deepEqual(spec((await fork('feat-api')).deployment).template.spec.containers[0]!.image, 'example.com/api:pr-43', 'overrides kept');
  const svc = await env.admin.get(Services, { namespace: ns, name: 'api' });
  (svc.spec as { ports: object[] }).ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
  await env.admin.update(Services, svc);
  await waitFor(async () => ((await fork('feat-api')).service!.spec as { ports: { name: string }[] }).ports.map((p) => p.name).join() === 'http,metrics', 'baseline port copied');
});

test('missing baseline: Failed with a condition and a warning, recovers when the baseline appears', async () => {
  await env.admin.create(Sandboxes, sandbox('orphan', ns, [{ name: 'billing', baseline: { name: 'billing' } }]));
  await waitFor(async () => (await get('orphan')).status?.phase === 'Failed', 'Failed');
  const ready = condition(await get('orphan'), 'Ready')!;
  assert.deepEqual([ready.status, ready.reason], ['False', 'BaselineNotFound']);
  assert.equal(ready.message, 'baseline Deployment "dev/billing" of service "billing" not found');
  await waitFor(async () => (await reasons('orphan')).includes('BaselineNotFound'), 'warning event');
  const ev = (await eventsFor(env.admin, ns, 'orphan')).find((e) => e.reason === 'BaselineNotFound')!;
  assert.equal(ev.type, 'Warning');
  assert.equal((await fork('orphan-billing')).deployment, undefined);

  await createBaseline(env.admin, ns, 'billing');
  await waitFor(async () => Boolean((await fork('orphan-billing')).deployment), 'fork once the baseline exists', 5000);
  await waitFor(async () => (await get('orphan')).status?.phase === 'Pending', 'Pending after recovery');
});

test('unusable fork name: Failed with InvalidForkName, nothing created', async () => {
  await env.admin.create(Sandboxes, sandbox('odd', ns, [{ name: 'Api_Server', baseline: { name: 'api' } }]));
  await waitFor(async () => condition(await get('odd'), 'Ready')?.reason === 'InvalidForkName', 'InvalidForkName');
  assert.equal((await get('odd')).status!.phase, 'Failed');
  assert.match(condition(await get('odd'), 'Ready')!.message, /"odd-Api_Server" is not a valid Service name/);
  assert.equal((await env.admin.list(Deployments, { namespace: ns, labelSelector: `${LABEL_SANDBOX}=odd` })).items.length, 0);
});

test('name taken by a foreign Deployment: ForkNameTaken, the object is left alone, the fork follows once it is gone', async () => {
  await env.admin.create(Deployments, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'taken-api', namespace: ns },
    spec: { selector: { matchLabels: { app: 'mine' } }, template: { metadata: { labels: { app: 'mine' } }, spec: { containers: [{ name: 'c', image: 'mine:1' }] } } },
  });
  await env.admin.create(Sandboxes, sandbox('taken', ns, [{ name: 'api', baseline: { name: 'api' } }]));
  await waitFor(async () => condition(await get('taken'), 'Ready')?.reason === 'ForkNameTaken', 'ForkNameTaken');
  assert.equal((await get('taken')).status!.phase, 'Failed');
  assert.equal(condition(await get('taken'), 'Ready')!.message, 'Deployment "taken-api" already exists and does not belong to this sandbox');
  const foreign = (await fork('taken-api')).deployment!;
  assert.equal(foreign.metadata.ownerReferences, undefined);
  assert.equal(spec(foreign).template.spec.containers[0]!.image, 'mine:1');
  await waitFor(async () => (await reasons('taken')).includes('ForkNameTaken'), 'warning event');
  await env.admin.delete(Deployments, { namespace: ns, name: 'taken-api' });
  // Nothing announces the name becoming free; the retry with backoff finds it.
  await waitFor(async () => (await fork('taken-api')).deployment?.metadata.ownerReferences?.[0]?.name === 'taken', 'fork after the retry', 10_000);
});

test('routing key defaults to the UID; the spec rejects a TTL under five minutes', async () => {
  const sb = await env.admin.get(Sandboxes, { namespace: ns, name: 'marker' });
  await waitFor(async () => (await get('marker')).status?.routingKey === sb.metadata!.uid, 'routing key = uid');
  assert.equal((await fork('marker-web')).deployment!.metadata.labels![LABEL_ROUTING_KEY], sb.metadata!.uid);
  await assert.rejects(env.admin.create(Sandboxes, sandbox('brief', ns, [{ name: 'web', baseline: { name: 'web' } }], { ttl: 299 })), /ttl/);
});

test('delete: the finalizer marks Terminating, removes the forks, then lets go', async () => {
  await env.admin.delete(Sandboxes, { namespace: ns, name: 'feat' });
  await waitFor(async () => !(await tryGet(env.admin, Sandboxes, ns, 'feat')), 'sandbox gone');
  const f = await fork('feat-api');
  assert.equal(f.deployment, undefined);
  assert.equal(f.service, undefined);
  await waitFor(async () => (await reasons('feat')).includes('Terminating'), 'Terminating event');
  // Objects of other sandboxes stay.
  assert.ok((await fork('marker-web')).deployment);
  const left: Sandbox[] = (await env.admin.list(Sandboxes, { namespace: ns })).items;
  assert.deepEqual(left.map((s) => s.metadata!.name).sort(), ['marker', 'odd', 'orphan', 'taken']);
});

test('samples: kubectl apply of samples/sandbox forks, routes and connects; kubectl get shows the columns', async (t) => {
  const kubectl = join(dirname(realpathSync('/usr/bin/kubectl')), 'kubectl.1.32');
  const kubeconfig = join(tmpdir(), `sandbox-sample-${process.pid}.kubeconfig`);
  writeFileSync(kubeconfig, env.api.kubeconfig);
  t.after(() => rmSync(kubeconfig, { force: true }));
  const run = (...args: string[]) => promisify(execFile)(kubectl, ['--kubeconfig', kubeconfig, '-n', 'default', ...args]);
  await run('apply', '-f', join(root, 'samples/sandbox'), '-R');
  const key = { namespace: 'default', name: 'checkout-pr-123' };
  await waitFor(async () => Boolean(await tryGet(env.admin, Deployments, 'default', 'checkout-pr-123-checkout')), 'sample fork');
  const d = spec(await tryGet(env.admin, Deployments, 'default', 'checkout-pr-123-checkout'));
  assert.equal(d.template.spec.containers[0]!.image, 'ghcr.io/example/checkout:pr-123');
  assert.deepEqual(d.template.spec.containers[0]!.env!.map((e) => `${e.name}=${e.value}`), ['PAYMENTS_URL=http://payments.default.svc.cluster.local', 'LOG_LEVEL=debug', 'FEATURE_NEW_CART=true']);
  await markAvailable(env.admin, 'default', 'checkout-pr-123-checkout');
  await waitFor(async () => (await env.admin.get(Sandboxes, key)).status?.phase === 'Running', 'sample Running');
  await waitFor(async () => (await env.admin.get(RouteGroups, { namespace: 'default', name: 'storefront' })).status?.resolvedRoutes === 1, 'sample route active');
  await waitFor(async () => (await env.admin.get(LocalWorkloads, { namespace: 'default', name: 'checkout-local' })).status?.phase === 'Pending', 'sample workload Pending');
  await run('annotate', 'localworkload', 'checkout-local', '--overwrite', `${ANNOTATION_HEARTBEAT}=${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  await waitFor(async () => (await env.admin.get(LocalWorkloads, { namespace: 'default', name: 'checkout-local' })).status?.phase === 'Connected', 'sample workload Connected');
  const expires = (await env.admin.get(Sandboxes, key)).status!.expiresAt!;
  assert.match((await run('get', 'sandboxes', '--no-headers')).stdout, new RegExp(`^checkout-pr-123\\s+Running\\s+checkout-pr-123\\s+${expires}\\s+\\S+`, 'm'));
  assert.match((await run('get', 'rg', 'storefront', '--no-headers')).stdout, /^storefront\s+X-Routing-Key\s+1\s+1\s+\S+/);
  assert.match((await run('get', 'lw', 'checkout-local', '--no-headers')).stdout, /^checkout-local\s+checkout-pr-123\s+Connected\s+\S+/);
});
