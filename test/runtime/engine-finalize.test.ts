/**
 * The state engine's deletion path on the local API server: finalize may report that cleanup is
 * still under way (the finalizer stays and the parent is revisited without a reconcile error),
 * and finalize may write the parent's status before the engine removes its finalizer.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps } from '../../runtime/client/index.ts';
import { exampleKind, installExampleCrd, reconcileCounts as countsOf } from './engine-support.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { stateEngine } from '../../runtime/engine/index.ts';

const Gadgets = exampleKind('Gadget');
const ns = 'default';
const FINALIZER = 'example.com/drain';
let t: TestApi;
let client: ApiClient;
let mgr: Manager;
const stop = new AbortController();
let running: Promise<void>;
/** Names whose finalize ran, in order, with what it reported. */
const finalizeCalls: string[] = [];

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await installExampleCrd(client, Gadgets);
  mgr = new Manager({ kubeConfig: t.kc, logger: silentLogger() });
  const engine = stateEngine<KubeObject, Record<string, never>>({ client: mgr.client, resource: Gadgets, name: 'gadget', finalizer: FINALIZER }, {
    fetchRemoteState: async () => ({}),
    planResources: () => ({ apply: [] }),
    componentHealth: () => [{ component: 'Gadget', state: 'Ready' }],
    async finalize(g) {
      const name = g.metadata.name!;
      // Status written during deletion, as a domain finalize that reports progress does.
      if ((g.status as { cleanup?: string } | undefined)?.cleanup !== 'draining') {
        const updated = await mgr.client.patchStatus(Gadgets, { namespace: ns, name }, { status: { cleanup: 'draining' } }, { type: 'merge' });
        g.status = updated.status;
      }
      let held = true;
      try { await mgr.client.reader.get(ConfigMaps, { namespace: ns, name: `${name}-hold` }); } catch (err) { if (isNotFound(err)) held = false; else throw err; }
      finalizeCalls.push(`${name}:${held ? 'pending' : 'done'}`);
      return held ? { requeueAfter: 100, message: `${name}-hold to be removed` } : undefined;
    },
  });
  controllerFor(mgr, Gadgets).named('gadget').complete(engine);
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => { stop.abort(); await running; await t.api.stop(); });

const reconcileCounts = () => countsOf(mgr, 'gadget');

const gadget = async (name: string) => { try { return await client.get(Gadgets, { namespace: ns, name }); } catch (err) { if (isNotFound(err)) return undefined; throw err; } };

async function created(name: string): Promise<void> {
  await client.create(Gadgets, { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace: ns }, spec: {} });
  await waitFor(async () => (await gadget(name))?.metadata.finalizers?.includes(FINALIZER) ?? false, `${name} has the finalizer`);
}

test('finalize pending: the finalizer stays and the parent is revisited without reconcile errors', async () => {
  await created('g1');
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g1-hold', namespace: ns }, data: {} });
  const before = await reconcileCounts();
  await client.delete(Gadgets, { namespace: ns, name: 'g1' });
  await waitFor(() => finalizeCalls.filter((c) => c === 'g1:pending').length >= 3, 'finalize revisited while pending');
  const waiting = await gadget('g1');
  assert.ok(waiting?.metadata.deletionTimestamp, 'still there, being deleted');
  assert.deepEqual(waiting.metadata.finalizers, [FINALIZER]);
  const during = await reconcileCounts();
  assert.equal(during.error, before.error, 'waiting is not an error');
  assert.ok(during.requeue_after > before.requeue_after, 'revisits are timed requeues');

  await client.delete(ConfigMaps, { namespace: ns, name: 'g1-hold' });
  await waitFor(async () => (await gadget('g1')) === undefined, 'g1 gone once finalize is done');
  assert.equal((await reconcileCounts()).error, before.error);
  assert.equal(finalizeCalls.filter((c) => c.startsWith('g1:')).at(-1), 'g1:done');
});

test('finalize writing the status does not stale the finalizer removal; other finalizers stay', async () => {
  await client.create(Gadgets, { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g2', namespace: ns, finalizers: ['other.example.com/keep'] }, spec: {} });
  await waitFor(async () => (await gadget('g2'))?.metadata.finalizers?.includes(FINALIZER) ?? false, 'g2 has the engine finalizer');
  const before = await reconcileCounts();
  await client.delete(Gadgets, { namespace: ns, name: 'g2' });
  // finalize writes status.cleanup and is done in the same call.
  await waitFor(async () => !(await gadget('g2'))?.metadata.finalizers?.includes(FINALIZER), 'engine finalizer removed');
  const left = await gadget('g2');
  assert.deepEqual(left?.metadata.finalizers, ['other.example.com/keep']);
  assert.equal((left?.status as { cleanup?: string }).cleanup, 'draining');
  // The status write may wake another reconcile before the cache sees the removal: finalize is
  // idempotent and may run again, but never fails.
  assert.ok(finalizeCalls.filter((c) => c.startsWith('g2:')).every((c) => c === 'g2:done'));
  assert.equal((await reconcileCounts()).error, before.error, 'no conflict on the finalizer removal');
  await client.patch(Gadgets, { namespace: ns, name: 'g2' }, { metadata: { finalizers: null } }, { type: 'merge' });
  await waitFor(async () => (await gadget('g2')) === undefined, 'g2 gone');
});
