/**
 * The informer survives dropped connections, stalled streams, 410 Gone, 429/500 answers and an API
 * server restart; after each it converges to the server's exact state.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { Transport } from '../../runtime/client/transport.ts';
import { ConfigMaps, Namespaces } from '../../runtime/client/builtins.ts';
import { SharedInformer } from '../../runtime/cache/informer.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { kubeConfigFrom, startTestApi, waitFor, waitForConvergence } from '../support/api.ts';
import type { TestApi } from '../support/api.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import type { FaultProxy } from '../support/fault-proxy.ts';

let t: TestApi;
let direct: ApiClient;
let proxy: FaultProxy;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tsop-watch-'));
  t = await startTestApi({ dataDir });
  direct = new ApiClient(t.kc);
  proxy = await startFaultProxy({ url: t.api.url, caPem: t.api.caPem, token: t.api.adminToken });
});
after(async () => {
  direct?.transport.close();
  await proxy?.close();
  await t?.api.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Recorded {
  informer: SharedInformer<KubeObject>;
  deletes: KubeObject[];
  adds: string[];
  stop(): Promise<void>;
}

/** An informer for one namespace through the proxy, with short timeouts so faults heal fast. */
async function watched(ns: string, count: number, extra: { pageSize?: number } = {}): Promise<Recorded> {
  await direct.create(Namespaces, { metadata: { name: ns } });
  for (let i = 0; i < count; i++) await direct.create(ConfigMaps, { metadata: { name: `cm-${i}`, namespace: ns }, data: { i: String(i) } });
  const transport = new Transport(kubeConfigFrom(proxy.kubeconfig()));
  const informer = new SharedInformer<KubeObject>({
    transport, resource: ConfigMaps, namespace: ns, idleTimeoutMs: 1500, minWatchTimeoutSeconds: 30,
    backoff: { initialMs: 50, maxMs: 500 }, pageSize: extra.pageSize ?? 500,
  });
  const deletes: KubeObject[] = [];
  const adds: string[] = [];
  informer.addEventHandler({ onAdd: (o) => adds.push(o.metadata.name!), onDelete: (o) => deletes.push(o) });
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(10_000)), true);
  // Every namespace also holds its kube-root-ca.crt, as on a cluster.
  assert.equal(informer.store.size, count + 1);
  await waitFor(() => proxy.active((r) => r.watch && r.path.includes(`/namespaces/${ns}/`)) > 0, 'watch established');
  return { informer, deletes, adds, stop: async () => { await informer.stop(); transport.close(); } };
}

const inNs = (ns: string) => (r: { watch: boolean; path: string }) => r.watch && r.path.includes(`/namespaces/${ns}/`);

/** Writes that happen while the informer is cut off: an update, a create and a delete. */
async function churn(ns: string, tag: string): Promise<void> {
  await direct.patch(ConfigMaps, { namespace: ns, name: 'cm-1' }, { data: { changed: tag } });
  await direct.create(ConfigMaps, { metadata: { name: `new-${tag}`, namespace: ns } });
  await direct.delete(ConfigMaps, { namespace: ns, name: 'cm-2' }).catch(() => undefined);
}

test('a dropped watch connection reconnects and catches up', async () => {
  const ns = 'fault-drop';
  const r = await watched(ns, 5);
  try {
    const watchesBefore = r.informer.stats.watches;
    assert.ok(proxy.dropConnections(inNs(ns)) >= 1);
    await churn(ns, 'drop');
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
    assert.ok(r.informer.stats.watches > watchesBefore);
    assert.deepEqual(r.deletes.map((o) => o.metadata.name), ['cm-2']);
  } finally {
    await r.stop();
  }
});

test('a stalled stream is detected by the idle timer and reopened', async () => {
  const ns = 'fault-stall';
  const r = await watched(ns, 5);
  try {
    assert.ok(proxy.stallStreams(inNs(ns)) >= 1);
    await churn(ns, 'stall');
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
    assert.ok(r.informer.stats.stalls >= 1, `stalls=${r.informer.stats.stalls}`);
  } finally {
    await r.stop();
  }
});

test('410 Gone (as an ERROR event and as an HTTP status) relists and delivers missed deletes with their last state', async () => {
  const ns = 'fault-gone';
  const r = await watched(ns, 5);
  try {
    proxy.inject({ match: inNs(ns), action: 'expire' });
    proxy.inject({ match: inNs(ns), action: { status: 410 } });
    // The first relist itself loses its connection and must be retried.
    proxy.inject({ match: (q) => !q.watch && q.method === 'GET' && q.path.includes(`/namespaces/${ns}/`), action: 'drop' });
    proxy.dropConnections(inNs(ns));
    await churn(ns, 'gone');
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
    await waitFor(() => r.informer.stats.relistsOnGone >= 2, 'two relists');
    assert.ok(proxy.log.some((e) => e.path.includes(ns) && !e.watch && e.fault === 'drop'));
    const deleted = r.deletes.find((o) => o.metadata.name === 'cm-2');
    assert.ok(deleted, 'the delete missed while disconnected is delivered');
    assert.deepEqual(deleted.data, { i: '2' });
  } finally {
    await r.stop();
  }
});

test('an expired continue token during the paginated list restarts the list', async () => {
  const ns = 'fault-continue';
  proxy.inject({ match: (q) => !q.watch && q.path.includes(`/namespaces/${ns}/`) && q.query.has('continue'), action: { status: 410 } });
  const r = await watched(ns, 7, { pageSize: 2 });
  try {
    assert.ok(proxy.log.some((e) => e.path.includes(ns) && e.query.has('continue') && e.fault === '410'));
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
  } finally {
    await r.stop();
  }
});

test('429 with Retry-After and 500 answers are retried until the watch is back', async () => {
  const ns = 'fault-throttle';
  const r = await watched(ns, 3);
  try {
    proxy.inject({ match: inNs(ns), action: { status: 429, retryAfterSeconds: 1 } });
    proxy.inject({ match: inNs(ns), action: { status: 500 }, times: 2 });
    proxy.dropConnections(inNs(ns));
    await churn(ns, 'throttle');
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
    const faults = proxy.log.filter((e) => e.path.includes(ns) && e.fault).map((e) => e.fault);
    assert.deepEqual(faults, ['429', '500', '500']);
    assert.ok(r.informer.stats.errors >= 3);
  } finally {
    await r.stop();
  }
});

test('an API server restart (same data directory) is survived, including changes made meanwhile', async () => {
  const ns = 'fault-restart';
  const r = await watched(ns, 4);
  try {
    await t.api.stop();
    direct.transport.close();
    t = await startTestApi({ dataDir });
    direct = new ApiClient(t.kc);
    // Changes on the new server while the informer still fails to reach it.
    await churn(ns, 'restart');
    proxy.setTarget({ url: t.api.url, caPem: t.api.caPem, token: t.api.adminToken });
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
    assert.ok(r.deletes.some((o) => o.metadata.name === 'cm-2'));
    // And it keeps following live changes afterwards.
    await direct.create(ConfigMaps, { metadata: { name: 'after-restart', namespace: ns } });
    await waitForConvergence(r.informer.store, direct, ConfigMaps, { namespace: ns });
  } finally {
    await r.stop();
  }
});
