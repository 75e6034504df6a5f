/**
 * Skipping applies that would change nothing: holdsDesired on its own, then the engine on the
 * local API server with a counting client. Steady-state reconciles apply nothing; a desired
 * change (including a removed field, which only an apply can remove) and a child edited behind
 * the engine's back are still applied.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps } from '../../runtime/client/index.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { stateEngine } from '../../runtime/engine/index.ts';
import { holdsDesired } from '../../runtime/engine/unchanged.ts';
import { countingClient, exampleKind, installExampleCrd, reconcileCounts } from './engine-support.ts';

test('holdsDesired: every desired value is in the live object', () => {
  const live = { metadata: { name: 'a', labels: { x: '1', added: 'by-server' }, uid: 'u' }, spec: { ports: [{ port: 80, protocol: 'TCP' }], replicas: 2 } };
  assert.equal(holdsDesired(live, { metadata: { name: 'a', labels: { x: '1' } }, spec: { ports: [{ port: 80 }] } }), true, 'defaults and extra fields are fine');
  assert.equal(holdsDesired(live, { spec: { replicas: 3 } }), false, 'a changed value');
  assert.equal(holdsDesired(live, { metadata: { labels: { y: '2' } } }), false, 'a missing value');
  assert.equal(holdsDesired(live, { spec: { ports: [] } }), false, 'arrays must have the same length');
  assert.equal(holdsDesired(live, { spec: { ports: [{ port: 81 }] } }), false, 'array items compared in order');
  assert.equal(holdsDesired(live, { spec: { gone: null } }), true, 'null means absent');
  assert.equal(holdsDesired(live, { spec: { replicas: null } }), false);
  assert.equal(holdsDesired(live, { spec: { replicas: '2' } }), false, 'no type coercion');
  assert.equal(holdsDesired(undefined, { a: 1 }), false);
});

const Doohickeys = exampleKind('Doohickey');
const ns = 'default';
let t: TestApi;
let client: ApiClient;
let mgr: Manager;
let calls: Record<string, number>;
const stop = new AbortController();
let running: Promise<void>;

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await installExampleCrd(client, Doohickeys);
  mgr = new Manager({ kubeConfig: t.kc, logger: silentLogger() });
  const counting = countingClient(mgr.client);
  calls = counting.calls;
  const engine = stateEngine<KubeObject, Record<string, never>>({ client: counting.client, resource: Doohickeys, name: 'doohickey' }, {
    fetchRemoteState: async () => ({}),
    planResources: (d) => ({ apply: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${d.metadata.name}-data`, namespace: ns }, data: (d.spec as { data: Record<string, string> }).data }] }),
    componentHealth: () => [{ component: 'Data', state: 'Ready' }],
  });
  controllerFor(mgr, Doohickeys).owns(ConfigMaps).named('doohickey').complete(engine);
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => { stop.abort(); await running; await t.api.stop(); });

const data = async () => (await client.get(ConfigMaps, { namespace: ns, name: 'd1-data' })).data as Record<string, string>;
const total = async () => Object.values(await reconcileCounts(mgr, 'doohickey')).reduce((a, b) => a + b, 0);

/** Makes an edit and waits until the engine has reconciled after it. */
async function reconciledAfter(edit: () => Promise<unknown>): Promise<void> {
  const start = await total();
  await edit();
  await waitFor(async () => (await total()) > start, 'a reconcile after the edit');
}

test('steady state applies nothing; desired changes, removals and drift are applied', async () => {
  await client.create(Doohickeys, { apiVersion: 'example.com/v1', kind: 'Doohickey', metadata: { name: 'd1', namespace: ns }, spec: { data: { a: '1', b: '2' } } });
  await waitFor(async () => { try { return (await data()).b === '2'; } catch { return false; } }, 'd1-data applied');
  // Let the first reconciles (status write, the child's own events) settle before counting.
  await reconciledAfter(() => client.patch(Doohickeys, { namespace: ns, name: 'd1' }, { metadata: { labels: { touched: '0' } } }, { type: 'merge' }));
  const applies = calls.apply ?? 0;
  for (const value of ['1', '2']) await reconciledAfter(() => client.patch(Doohickeys, { namespace: ns, name: 'd1' }, { metadata: { labels: { touched: value } } }, { type: 'merge' }));
  assert.equal(calls.apply ?? 0, applies, 'no apply when nothing changed');

  // Dropping a key is a change of the desired object: the apply goes out and SSA removes the key.
  await client.patch(Doohickeys, { namespace: ns, name: 'd1' }, { spec: { data: { a: '1', b: null } } }, { type: 'merge' });
  await waitFor(async () => !('b' in (await data())), 'key b removed from the child');
  assert.deepEqual(await data(), { a: '1' });
  assert.ok((calls.apply ?? 0) > applies);

  // An edit of the child behind the engine: the live object no longer holds the desired values.
  await client.patch(ConfigMaps, { namespace: ns, name: 'd1-data' }, { data: { a: 'tampered' } }, { type: 'merge' });
  await waitFor(async () => (await data()).a === '1', 'child repaired');
});
