/**
 * The generated ClusterRole is enough: the LocustTest operator runs through a ServiceAccount token
 * on a server that enforces RBAC, and completes the create, status, recovery and delete paths.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, CustomResourceDefinitions, Events, ClusterRoles, ConfigMaps, Jobs, Namespaces, Services, isForbidden,
} from '../../runtime/index.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { locustTest, scripts, startLocustEnv, tryGet, waitFor, type LocustEnv } from './locust-helpers.ts';
import { managerRoleKubeConfig } from './operator-harness.ts';

let env: LocustEnv;
let operatorClient: ApiClient;
const ns = 'perf';

before(async () => {
  env = await startLocustEnv({ authz: 'RBAC' });
  const { admin } = env;
  await admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'locust-system' } });
  await admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kc = await managerRoleKubeConfig(env, 'locust-system', 'controller-manager', 'manager-rolebinding');
  operatorClient = new ApiClient(kc);
  await env.startOperator({ kc });
});
after(() => env.stop());

test('the token is really restricted', async () => {
  await assert.rejects(operatorClient.list(ClusterRoles), (err) => isForbidden(err), 'list clusterroles');
  await assert.rejects(operatorClient.delete(CustomResourceDefinitions, { name: 'locusttests.locust.io' }), (err) => isForbidden(err), 'delete CRD');
  await assert.rejects(operatorClient.create(LocustTests, locustTest('nope', ns)), (err) => isForbidden(err), 'create LocustTest');
});

test('with the generated ClusterRole the operator runs a test through its whole life', async () => {
  await env.admin.create(LocustTests, locustTest('rbac', ns));
  await waitFor(async () => (((await env.admin.get(LocustTests, { namespace: ns, name: 'rbac' })).status as { conditions?: { reason: string }[] } | undefined)?.conditions ?? []).some((c) => c.reason === 'ConfigMapNotFound'), 'ConfigMapNotFound with the watch on ConfigMaps allowed');
  await env.admin.create(ConfigMaps, scripts('rbac-scripts', ns));
  await waitFor(async () => Boolean(await tryGet(env.admin, Jobs, ns, 'rbac-worker')), 'children');
  assert.ok(await tryGet(env.admin, Services, ns, 'rbac-master'));
  await env.admin.patchStatus(Jobs, { namespace: ns, name: 'rbac-master' }, { status: { active: 1 } }, { type: 'merge' });
  await waitFor(async () => ((await env.admin.get(LocustTests, { namespace: ns, name: 'rbac' })).status as { phase?: string }).phase === 'Running', 'Running');
  await env.admin.delete(Jobs, { namespace: ns, name: 'rbac-worker' });
  await waitFor(async () => Boolean(await tryGet(env.admin, Jobs, ns, 'rbac-worker')), 'recreated');
  await env.admin.delete(LocustTests, { namespace: ns, name: 'rbac' });
  await waitFor(async () => !(await tryGet(env.admin, LocustTests, ns, 'rbac')), 'finalizer removed');
  const events = (await env.admin.list(Events, { namespace: ns })).items.map((e) => e.reason);
  for (const r of ['Created', 'ConfigMapNotFound', 'TestStarted', 'ResourceDeleted', 'Deleting']) assert.ok(events.includes(r), `event ${r} recorded (${events.join(', ')})`);
});
