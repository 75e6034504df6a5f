/**
 * The state engine's deletion path on the local API server: finalize may report that cleanup is
 * still under way (the finalizer stays and the parent is revisited without a reconcile error),
 * and finalize may write the parent's status before the engine removes its finalizer.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startControlTestApi, eventually, type ControlTestApi } from './harness.ts';
import { ApiClient, ConfigMaps, CustomResourceDefinitions, defineResource } from '../../runtime/client/index.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { stateEngine } from '../../runtime/engine/index.ts';

const Gadgets = defineResource({ group: 'example.com', version: 'v1', kind: 'Gadget', plural: 'gadgets', namespaced: true });
const ns = 'default';
const FINALIZER = 'example.com/drain';
let t: ControlTestApi;
let client: ApiClient;
let mgr: Manager;
const stop = new AbortController();
let running: Promise<void>;
/** Names whose finalize ran, in order, with what it reported. */
const finalizeCalls: string[] = [];

before(async () => {
  t = await startControlTestApi();
  client = new ApiClient(t.kc);
  await client.create(CustomResourceDefinitions, {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }] },
  });
  await eventually(async () => { try { await client.list(Gadgets, { namespace: ns }); return true; } catch { return false; } }, 'CRD served');
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

async function reconcileCounts(): Promise<Record<string, number>> {
  const metric = mgr.metrics.registry.getSingleMetric('controller_runtime_reconcile_total') as unknown as { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> };
  const out: Record<string, number> = { success: 0, error: 0, requeue: 0, requeue_after: 0 };
  for (const v of (await metric.get()).values) if (v.labels.controller === 'gadget') out[String(v.labels.result)] = v.value;
  return out;
}

const gadget = async (name: string) => { try { return await client.get(Gadgets, { namespace: ns, name }); } catch (err) { if (isNotFound(err)) return undefined; throw err; } };

async function created(name: string): Promise<void> {
  await client.create(Gadgets, { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace: ns }, spec: {} });
  await eventually(async () => (await gadget(name))?.metadata.finalizers?.includes(FINALIZER) ?? false, `${name} has the finalizer`);
}

test('finalize pending: the finalizer stays and the parent is revisited without reconcile errors', async () => {
  await created('g1');
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g1-hold', namespace: ns }, data: {} });
  const before = await reconcileCounts();
  await client.delete(Gadgets, { namespace: ns, name: 'g1' });
  await eventually(() => finalizeCalls.filter((c) => c === 'g1:pending').length >= 3, 'finalize revisited while pending');
  const waiting = await gadget('g1');
  assert.ok(waiting?.metadata.deletionTimestamp, 'still there, being deleted');
  assert.deepEqual(waiting.metadata.finalizers, [FINALIZER]);
  const during = await reconcileCounts();
  assert.equal(during.error, before.error, 'waiting is not an error');
  assert.ok(during.requeue_after > before.requeue_after, 'revisits are timed requeues');

  await client.delete(ConfigMaps, { namespace: ns, name: 'g1-hold' });
  await eventually(async () => (await gadget('g1')) === undefined, 'g1 gone once finalize is done');
  assert.equal((await reconcileCounts()).error, before.error);
  assert.equal(finalizeCalls.filter((c) => c.startsWith('g1:')).at(-1), 'g1:done');
});
