/**
 * The state engine's status writes on the local API server: status.observedGeneration is written
 * only where the API has it (observedGenerationField), so an API without it reaches a steady state
 * in which reconciles write no status at all.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient } from '../../runtime/client/index.ts';
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { stateEngine, type StateReconciler } from '../../runtime/engine/index.ts';
import { countingClient, exampleKind, installExampleCrd, reconcileCounts } from './engine-support.ts';

const Sprockets = exampleKind('Sprocket');
const Cogs = exampleKind('Cog');
const ns = 'default';
let t: TestApi;
let client: ApiClient;
let mgr: Manager;
let sprocketCalls: Record<string, number>;
const stop = new AbortController();
let running: Promise<void>;

/** A status schema without observedGeneration: the server prunes a field of that name. */
const statusWithoutObservedGeneration = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  },
};

const steps: StateReconciler<KubeObject, Record<string, never>> = {
  fetchRemoteState: async () => ({}),
  planResources: () => ({ apply: [] }),
  componentHealth: () => [{ component: 'Teeth', state: 'Ready' }],
};

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await installExampleCrd(client, Sprockets, statusWithoutObservedGeneration);
  await installExampleCrd(client, Cogs);
  mgr = new Manager({ kubeConfig: t.kc, logger: silentLogger() });
  const counting = countingClient(mgr.client);
  sprocketCalls = counting.calls;
  controllerFor(mgr, Sprockets).named('sprocket').complete(stateEngine({ client: counting.client, resource: Sprockets, name: 'sprocket', observedGenerationField: null }, steps));
  controllerFor(mgr, Cogs).named('cog').complete(stateEngine({ client: mgr.client, resource: Cogs, name: 'cog', observedGenerationField: 'seenGeneration' }, steps));
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => { stop.abort(); await running; await t.api.stop(); });

const ready = (o: KubeObject) => ((o.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

test('without observedGeneration in the API, steady-state reconciles write no status', async () => {
  await client.create(Sprockets, { apiVersion: 'example.com/v1', kind: 'Sprocket', metadata: { name: 's1', namespace: ns }, spec: {} });
  await waitFor(async () => ready(await client.get(Sprockets, { namespace: ns, name: 's1' })), 's1 Ready');
  const s1 = await client.get(Sprockets, { namespace: ns, name: 's1' });
  assert.equal((s1.status as Record<string, unknown>).observedGeneration, undefined);
  assert.equal((s1.status as Record<string, unknown>).status, 'Ready');
  assert.equal((s1.status as { conditions: Condition[] }).conditions.find((c) => c.type === 'Ready')!.observedGeneration, s1.metadata.generation, 'conditions still carry the generation');

  const writes = sprocketCalls.updateStatus ?? 0;
  for (const value of ['a', 'b', 'c']) {
    const before = (await reconcileCounts(mgr, 'sprocket')).success;
    await client.patch(Sprockets, { namespace: ns, name: 's1' }, { metadata: { labels: { touched: value } } }, { type: 'merge' });
    await waitFor(async () => (await reconcileCounts(mgr, 'sprocket')).success > before, `a reconcile after touch ${value}`);
  }
  assert.equal(sprocketCalls.updateStatus ?? 0, writes, 'no status write once nothing changes');
});

test('observedGenerationField names the field that receives the generation', async () => {
  await client.create(Cogs, { apiVersion: 'example.com/v1', kind: 'Cog', metadata: { name: 'c1', namespace: ns }, spec: {} });
  await waitFor(async () => ready(await client.get(Cogs, { namespace: ns, name: 'c1' })), 'c1 Ready');
  const c1 = await client.get(Cogs, { namespace: ns, name: 'c1' });
  assert.equal((c1.status as Record<string, unknown>).seenGeneration, c1.metadata.generation);
  assert.equal((c1.status as Record<string, unknown>).observedGeneration, undefined);
});
