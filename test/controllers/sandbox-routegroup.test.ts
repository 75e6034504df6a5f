/**
 * The RouteGroup controller end to end: the route table ConfigMap a routing proxy reads, routes
 * that turn active and inactive as their sandboxes become ready or go away, local workloads that
 * take over a service while connected, duplicate routes,
 * counts and conditions, events, idempotency, and garbage collection of the table.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMaps, Deployments, type KubeObject } from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, ANNOTATION_TUNNEL_ID, LocalWorkloads, ROUTE_TABLE_KEY, RouteGroups, Sandboxes, type RouteTable } from '../../controllers/sandbox/index.ts';
import { condition, createBaseline, eventReasons, eventsFor, localWorkload, markAvailable, routeGroup, sandbox, startSandboxEnv, tryGet, waitFor, type SandboxEnv } from './sandbox-helpers.ts';

let env: SandboxEnv;
const ns = 'shop';

before(async () => {
  env = await startSandboxEnv();
  await env.namespace(ns);
  await createBaseline(env.admin, ns, 'api');
  await createBaseline(env.admin, ns, 'cart');
  await env.startOperator();
  await env.admin.create(Sandboxes, sandbox('alpha', ns, [{ name: 'api', baseline: { name: 'api' }, image: 'example.com/api:alpha' }, { name: 'cart', baseline: { name: 'cart' } }], { routingKey: 'alpha' }));
});
after(() => env.stop());

const rg = (name = 'frontend') => env.admin.get(RouteGroups, { namespace: ns, name });
const table = async (name = 'frontend'): Promise<{ cm: KubeObject; table: RouteTable; text: string } | undefined> => {
  const cm = await tryGet(env.admin, ConfigMaps, ns, `${name}-routes`);
  if (!cm) return undefined;
  const text = (cm.data as Record<string, string>)[ROUTE_TABLE_KEY]!;
  return { cm, table: JSON.parse(text) as RouteTable, text };
};
const reasons = (name = 'frontend') => eventReasons(env.admin, ns, name);

test('create: the route table lists every route in order; routes to missing or unready sandboxes are inactive', async () => {
  await env.admin.create(RouteGroups, routeGroup('frontend', ns, [
    { routingKey: 'alpha', sandbox: 'alpha', paths: [{ prefix: '/api' }, { exact: '/cart' }], headers: { 'X-Sandbox': 'alpha', 'X-Debug': '1' } },
    { routingKey: 'beta', sandbox: 'beta' },
    { routingKey: 'alpha', sandbox: 'alpha', paths: [{ exact: '/cart' }, { prefix: '/api' }] },
  ]));
  await waitFor(async () => Boolean(await table()), 'route table ConfigMap');
  const t = (await table())!;
  const owner = await rg();
  assert.deepEqual(t.cm.metadata.ownerReferences, [{ apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'RouteGroup', name: 'frontend', uid: owner.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal(t.cm.metadata.labels!['sandbox.tsop.dev/routegroup'], 'frontend');
  assert.deepEqual(t.table, {
    routeGroup: 'shop/frontend',
    routingKeyHeader: 'X-Routing-Key',
    routes: [
      { routingKey: 'alpha', sandbox: 'alpha', active: false, reason: 'SandboxNotReady', paths: [{ prefix: '/api' }, { exact: '/cart' }], headers: { 'X-Debug': '1', 'X-Sandbox': 'alpha' }, targets: [] },
      { routingKey: 'beta', sandbox: 'beta', active: false, reason: 'SandboxNotFound', paths: [], headers: {}, targets: [] },
      { routingKey: 'alpha', sandbox: 'alpha', active: false, reason: 'DuplicateRoute', paths: [{ exact: '/cart' }, { prefix: '/api' }], headers: {}, targets: [] },
    ],
  });
  // Deterministic text: fixed key order, sorted header names, trailing newline.
  assert.equal(t.text, `${JSON.stringify(t.table, null, 2)}\n`);
  assert.ok(t.text.indexOf('"X-Debug"') < t.text.indexOf('"X-Sandbox"'));

  await waitFor(async () => (await rg()).status?.routeTable === 'frontend-routes', 'status');
  const s = (await rg()).status!;
  assert.deepEqual([s.totalRoutes, s.resolvedRoutes, s.observedGeneration], [3, 0, 1]);
  assert.deepEqual([condition(await rg(), 'Accepted')!.status, condition(await rg(), 'Accepted')!.reason], ['False', 'DuplicateRoute']);
  assert.match(condition(await rg(), 'Accepted')!.message, /^route 3 \(alpha -> alpha\) match/);
  const resolved = condition(await rg(), 'ResolvedRefs')!;
  assert.deepEqual([resolved.status, resolved.reason], ['False', 'InactiveRoutes']);
  assert.equal(resolved.message, 'route 1 (alpha -> alpha): SandboxNotReady; route 2 (beta -> beta): SandboxNotFound');
  assert.deepEqual([condition(await rg(), 'Programmed')!.status, condition(await rg(), 'Programmed')!.reason], ['True', 'RouteTableWritten']);
  await waitFor(async () => { const r = await reasons(); return r.includes('RouteTableUpdated') && r.includes('InactiveRoutes'); }, 'RouteTableUpdated and InactiveRoutes events');
  assert.equal((await eventsFor(env.admin, ns, 'frontend')).find((e) => e.reason === 'InactiveRoutes')!.type, 'Warning');
});

test('sandbox becomes ready: the route turns active with the forked Services as targets', async () => {
  await markAvailable(env.admin, ns, 'alpha-api');
  await markAvailable(env.admin, ns, 'alpha-cart');
  await waitFor(async () => (await table())?.table.routes[0]!.active === true, 'route 1 active');
  assert.deepEqual((await table())!.table.routes[0], {
    routingKey: 'alpha', sandbox: 'alpha', active: true, paths: [{ prefix: '/api' }, { exact: '/cart' }], headers: { 'X-Debug': '1', 'X-Sandbox': 'alpha' },
    targets: [
      { service: 'api', baseline: 'shop/api', host: 'alpha-api.shop.svc.cluster.local' },
      { service: 'cart', baseline: 'shop/cart', host: 'alpha-cart.shop.svc.cluster.local' },
    ],
  });
  await waitFor(async () => (await rg()).status?.resolvedRoutes === 1, 'one resolved route');
  assert.equal(condition(await rg(), 'ResolvedRefs')!.message, 'route 2 (beta -> beta): SandboxNotFound');
});

test('a new sandbox resolves its route; all resolved gives ResolvedRefs=True and an event', async () => {
  await env.admin.patch(RouteGroups, { namespace: ns, name: 'frontend' }, { spec: { routes: [
    { routingKey: 'alpha', sandbox: 'alpha', paths: [{ prefix: '/api' }, { exact: '/cart' }], headers: { 'X-Sandbox': 'alpha', 'X-Debug': '1' } },
    { routingKey: 'beta', sandbox: 'beta' },
  ] } }, { type: 'merge' });
  await waitFor(async () => condition(await rg(), 'Accepted')?.status === 'True', 'Accepted=True');
  assert.equal((await rg()).status!.observedGeneration, 2);
  await env.admin.create(Sandboxes, sandbox('beta', ns, [{ name: 'api', baseline: { name: 'api' } }], { routingKey: 'beta' }));
  await waitFor(async () => (await table())?.table.routes[1]!.reason === 'SandboxNotReady', 'beta known but not ready');
  await waitFor(async () => Boolean(await tryGet(env.admin, Deployments, ns, 'beta-api')), 'beta forked');
  await markAvailable(env.admin, ns, 'beta-api');
  await waitFor(async () => (await rg()).status?.resolvedRoutes === 2, 'two resolved routes');
  assert.deepEqual([condition(await rg(), 'ResolvedRefs')!.status, condition(await rg(), 'ResolvedRefs')!.reason], ['True', 'AllRoutesResolved']);
  assert.equal(condition(await rg(), 'Programmed')!.message, 'route table in ConfigMap frontend-routes: 2 of 2 routes active');
  await waitFor(async () => (await reasons()).includes('RoutesResolved'), 'RoutesResolved event');
});

test('idempotent: reconciling an unchanged group rewrites neither the table nor the status', async () => {
  const before = { cm: (await table())!.cm, rg: await rg() };
  await env.admin.patch(RouteGroups, { namespace: ns, name: 'frontend' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  // A group created afterwards getting its table means frontend's reconcile has run (one queue, FIFO).
  await env.admin.create(RouteGroups, routeGroup('marker', ns, [{ routingKey: 'alpha', sandbox: 'alpha' }], 'X-Env'));
  await waitFor(async () => Boolean(await table('marker')) && (await rg('marker')).status?.totalRoutes === 1, 'marker programmed');
  assert.equal((await table())!.cm.metadata.resourceVersion, before.cm.metadata.resourceVersion);
  assert.deepEqual((await rg()).status, before.rg.status);
  assert.equal((await table('marker'))!.table.routingKeyHeader, 'X-Env');
});

test('a connected LocalWorkload takes its service in the table; it leaves when the workload fails', async () => {
  await env.admin.create(LocalWorkloads, localWorkload('api-laptop', ns, 'alpha', 'api', { annotations: { [ANNOTATION_HEARTBEAT]: new Date().toISOString(), [ANNOTATION_TUNNEL_ID]: 'tun-42' } }));
  await waitFor(async () => Boolean((await table())?.table.routes[0]!.targets[0]!.local), 'local target');
  assert.deepEqual((await table())!.table.routes[0]!.targets, [
    { service: 'api', baseline: 'shop/api', host: 'alpha-api.shop.svc.cluster.local', local: { workload: 'api-laptop', tunnelID: 'tun-42', ports: [{ containerPort: 8080, localPort: 3000 }] } },
    { service: 'cart', baseline: 'shop/cart', host: 'alpha-cart.shop.svc.cluster.local' },
  ]);
  await env.admin.patch(LocalWorkloads, { namespace: ns, name: 'api-laptop' }, { metadata: { annotations: { [ANNOTATION_HEARTBEAT]: 'not-a-time' } } }, { type: 'merge' });
  await waitFor(async () => (await table())?.table.routes[0]!.targets[0]!.local === undefined, 'local target removed');
});

test('a sandbox that goes away deactivates its routes', async () => {
  await env.admin.delete(Sandboxes, { namespace: ns, name: 'beta' });
  await waitFor(async () => (await table())?.table.routes[1]!.reason === 'SandboxNotFound', 'beta route inactive');
  assert.deepEqual((await table())!.table.routes[1]!.targets, []);
  await waitFor(async () => (await rg()).status?.resolvedRoutes === 1, 'one resolved route');
  assert.equal((await rg()).status!.totalRoutes, 2);
});

test('delete: the route table goes with its RouteGroup', async () => {
  await env.admin.delete(RouteGroups, { namespace: ns, name: 'marker' });
  await waitFor(async () => !(await table('marker')), 'marker table collected');
  assert.ok(await table(), 'other tables stay');
});
