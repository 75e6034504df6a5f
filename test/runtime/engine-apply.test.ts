/**
 * The state engine's handling of failed applies, on the local API server behind a fault proxy:
 * each failure is categorized by its Status reason (Invalid → InvalidSpec, NotFound namespace →
 * MissingUpstreamDependency, Forbidden → Auth, Conflict → retried at once, 5xx → Infrastructure)
 * with that category's conditions, and only Infrastructure failures count as reconcile errors.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, kubeConfigFrom, type TestApi } from '../support/api.ts';
import { ApiClient, Namespaces } from '../../runtime/client/index.ts';
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { stateEngine } from '../../runtime/engine/index.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { exampleKind, installExampleCrd, reconcileCounts } from './engine-support.ts';

const Gizmos = exampleKind('Gizmo');
const ns = 'default';
let t: TestApi;
let proxy: FaultProxy;
let client: ApiClient;
let mgr: Manager;
const stop = new AbortController();
let running: Promise<void>;

interface GizmoSpec { configMap: string; namespace?: string }

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await installExampleCrd(client, Gizmos);
  proxy = await startFaultProxy({ url: t.api.url, caPem: t.api.caPem, token: t.api.adminToken });
  mgr = new Manager({ kubeConfig: kubeConfigFrom(proxy.kubeconfig()), logger: silentLogger() });
  const engine = stateEngine<KubeObject, Record<string, never>>({ client: mgr.client, resource: Gizmos, name: 'gizmo' }, {
    fetchRemoteState: async () => ({}),
    // The ConfigMap goes where the spec says, cross-namespace, so it carries no owner reference.
    planResources: (g) => {
      const spec = g.spec as GizmoSpec;
      return { apply: [], applyWithoutOwnerRef: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: spec.configMap, namespace: spec.namespace ?? ns }, data: { from: g.metadata.name! } }] };
    },
    componentHealth: () => [{ component: 'Gizmo', state: 'Ready' }],
  });
  controllerFor(mgr, Gizmos).named('gizmo').complete(engine);
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => { stop.abort(); await running; await proxy.close(); await t.api.stop(); });

const gizmo = (name: string) => client.get(Gizmos, { namespace: ns, name });
const cond = (g: KubeObject, type: string) => ((g.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
const errors = async () => (await reconcileCounts(mgr, 'gizmo')).error;
const create = (name: string, spec: GizmoSpec) => client.create(Gizmos, { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name, namespace: ns }, spec });

test('422 Invalid: InvalidSpec, ConfigValid=False, Failed, not retried as an error', async () => {
  const before = await errors();
  await create('invalid', { configMap: 'Not_A_Name' });
  await waitFor(async () => cond(await gizmo('invalid'), 'ConfigValid')?.status === 'False', 'ConfigValid=False');
  const g = await gizmo('invalid');
  assert.equal(cond(g, 'ConfigValid')!.reason, 'InvalidSpec');
  assert.equal(cond(g, 'ApplyReady')!.status, 'False');
  assert.equal((g.status as { status: string }).status, 'Failed');
  assert.equal(cond(g, 'DependenciesReachable'), undefined, 'not an infrastructure problem');
  assert.equal(await errors(), before);
});

test('404 namespace: MissingUpstreamDependency until the namespace exists', async () => {
  const before = await errors();
  await create('elsewhere', { configMap: 'elsewhere-out', namespace: 'later' });
  await waitFor(async () => cond(await gizmo('elsewhere'), 'ApplyReady')?.reason === 'NamespaceNotFound', 'ApplyReady NamespaceNotFound');
  const g = await gizmo('elsewhere');
  assert.equal(cond(g, 'ConfigValid')!.reason, 'ReferenceNotFound');
  assert.equal(cond(g, 'DependenciesReachable'), undefined);
  assert.equal(await errors(), before, 'waiting is not an error');
  await client.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'later' } });
  await waitFor(async () => cond(await gizmo('elsewhere'), 'Ready')?.status === 'True', 'Ready once the namespace exists');
  assert.equal(cond(await gizmo('elsewhere'), 'ConfigValid')!.status, 'True');
});

test('403 Forbidden: Auth, AuthValid=False, not retried as an error', async () => {
  proxy.inject({ match: (r) => r.method === 'PATCH' && r.path.endsWith('/configmaps/locked-out'), action: { status: 403, reason: 'Forbidden', message: 'configmaps "locked-out" is forbidden: User cannot patch' }, times: Infinity });
  const before = await errors();
  await create('locked', { configMap: 'locked-out' });
  await waitFor(async () => cond(await gizmo('locked'), 'AuthValid')?.status === 'False', 'AuthValid=False');
  const g = await gizmo('locked');
  assert.equal(cond(g, 'AuthValid')!.reason, 'AuthError');
  assert.match(cond(g, 'AuthValid')!.message, /forbidden/);
  assert.equal((g.status as { status: string }).status, 'Failed');
  assert.equal(await errors(), before);
  proxy.clearFaults();
});

test('409 Conflict: retried at once without an error or a condition', async () => {
  proxy.inject({ match: (r) => r.method === 'PATCH' && r.path.endsWith('/configmaps/contested-out'), action: { status: 409, reason: 'Conflict', message: 'the object has been modified' }, times: 2 });
  const before = await errors();
  await create('contested', { configMap: 'contested-out' });
  const writes = () => proxy.log.filter((r) => r.method === 'PATCH' && r.path.endsWith('/configmaps/contested-out'));
  const ok = (r: { status?: number }) => r.status !== undefined && r.status < 300;
  await waitFor(() => writes().some(ok), 'applied after the conflicts');
  assert.deepEqual(writes().slice(0, 3).map((r) => (ok(r) ? 'ok' : r.status)), [409, 409, 'ok']);
  const g = await gizmo('contested');
  assert.equal(cond(g, 'DependenciesReachable'), undefined);
  assert.equal(cond(g, 'ApplyReady'), undefined);
  assert.equal(await errors(), before);
});

test('503: Infrastructure, DependenciesReachable=False, retried as an error', async () => {
  proxy.inject({ match: (r) => r.method === 'PATCH' && r.path.endsWith('/configmaps/shaky-out'), action: { status: 503, reason: 'ServiceUnavailable', message: 'try later' }, times: 2 });
  const before = await errors();
  await create('shaky', { configMap: 'shaky-out' });
  await waitFor(async () => cond(await gizmo('shaky'), 'Ready')?.status === 'True', 'Ready after the outage');
  assert.equal(cond(await gizmo('shaky'), 'DependenciesReachable')!.status, 'True', 'was False, now recovered');
  assert.equal(await errors(), before + 2);
});
