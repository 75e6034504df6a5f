/**
 * The sandbox operator under the generated manager ClusterRole, authenticated with a
 * ServiceAccount token on a server that enforces RBAC: every controller path (forks across
 * namespaces, status, events, finalizer, self-deletion, route tables, heartbeats) must succeed with
 * exactly the permissions the RBAC markers grant.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ClusterRoles, ConfigMaps, Deployments, Services } from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, LocalWorkloads, RouteGroups, Sandboxes, type RouteTable } from '../../controllers/sandbox/index.ts';
import {
  TestClock, condition, createBaseline, eventReasons, localWorkload, managerRoleKubeConfig, markAvailable, routeGroup, sandbox, startSandboxEnv, tryGet, waitFor,
  type SandboxEnv,
} from './sandbox-helpers.ts';

let env: SandboxEnv;
const clock = new TestClock();
const ns = 'team';

before(async () => {
  env = await startSandboxEnv({ authz: 'RBAC' });
  await env.namespace(ns);
  await env.namespace('platform');
  await env.namespace('tsop-system');
  await createBaseline(env.admin, ns, 'api');
  await createBaseline(env.admin, 'platform', 'auth');
  const kc = await managerRoleKubeConfig(env, 'tsop-system', 'sandbox-operator');
  await env.startOperator({ kc, now: clock.now });
});
after(() => env.stop());

test('the ServiceAccount cannot do more than the role grants', async () => {
  const kc = await managerRoleKubeConfig(env, 'tsop-system', 'probe');
  const probe = new ApiClient(kc);
  await assert.rejects(probe.list(ClusterRoles), /forbidden/i);
  // The operator reads and deletes sandboxes; it never creates them.
  await assert.rejects(probe.create(Sandboxes, sandbox('x', ns, [{ name: 'a', baseline: { name: 'a' } }])), /forbidden/i);
});

test('sandbox lifecycle, route table and heartbeats with the generated ClusterRole', async () => {
  await env.admin.create(Sandboxes, sandbox('pr-7', ns, [
    { name: 'api', baseline: { name: 'api' }, env: [{ name: 'MODE', value: 'pr' }] },
    { name: 'auth', baseline: { name: 'auth', namespace: 'platform' } },
  ], { routingKey: 'pr-7', ttl: 300 }));
  await env.admin.create(RouteGroups, routeGroup('edge', ns, [{ routingKey: 'pr-7', sandbox: 'pr-7', paths: [{ prefix: '/' }] }]));
  await env.admin.create(LocalWorkloads, localWorkload('api-dev', ns, 'pr-7', 'api', { annotations: { [ANNOTATION_HEARTBEAT]: new Date().toISOString() } }));

  await waitFor(async () => Boolean(await tryGet(env.admin, Deployments, ns, 'pr-7-api') && await tryGet(env.admin, Services, ns, 'pr-7-auth')), 'forks');
  await markAvailable(env.admin, ns, 'pr-7-api');
  await markAvailable(env.admin, ns, 'pr-7-auth');
  await waitFor(async () => (await env.admin.get(Sandboxes, { namespace: ns, name: 'pr-7' })).status?.phase === 'Running', 'Running');
  await waitFor(async () => (await env.admin.get(RouteGroups, { namespace: ns, name: 'edge' })).status?.resolvedRoutes === 1, 'route resolved');
  const cm = (await env.admin.get(ConfigMaps, { namespace: ns, name: 'edge-routes' }));
  const table = JSON.parse((cm.data as Record<string, string>)['routes.json']!) as RouteTable;
  assert.deepEqual(table.routes[0]!.targets.map((t) => t.baseline), ['team/api', 'platform/auth']);
  await waitFor(async () => condition(await env.admin.get(LocalWorkloads, { namespace: ns, name: 'api-dev' }), 'Ready')?.status === 'True', 'LocalWorkload Ready');
  await waitFor(async () => { const r = await eventReasons(env.admin, ns, 'pr-7'); return r.includes('ForkCreated') && r.includes('SandboxReady'); }, 'events written by the operator');

  // Expiry: the operator deletes the sandbox itself, and its finalizer removes the forks.
  clock.offsetMs = 301_000;
  await env.admin.patch(Sandboxes, { namespace: ns, name: 'pr-7' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  await waitFor(async () => !(await tryGet(env.admin, Sandboxes, ns, 'pr-7')), 'expired sandbox deleted');
  assert.equal(await tryGet(env.admin, Deployments, ns, 'pr-7-api'), undefined);
  await waitFor(async () => (await env.admin.get(RouteGroups, { namespace: ns, name: 'edge' })).status?.resolvedRoutes === 0, 'route inactive');
  await waitFor(async () => (await env.admin.get(LocalWorkloads, { namespace: ns, name: 'api-dev' })).status?.phase === 'Failed', 'LocalWorkload Failed without its sandbox');
});
