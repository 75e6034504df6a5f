/**
 * NamespaceMapping replication modes between two clusters: Continuous (watches on the source
 * namespace, through a RemoteCluster pointing at the source cluster itself), Scheduled (first sync
 * at once, nextSyncTime on the cron schedule) and failures with retry back-off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMaps, Namespaces, Secrets } from '../../runtime/index.ts';
import { NamespaceMappings, RemoteClusters, type SourceWatches } from '../../controllers/drsyncer/index.ts';
import { DR_SECRET, SYSTEM_NS, conditionOf, eventsAbout, eventually, getOptional, kubeconfigSecret, namespace, namespaceMapping, remoteCluster, startDrEnv, type DrEnv } from './drsyncer-harness.ts';

let env: DrEnv;
let watches: SourceWatches;

function configMap(name: string, ns: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

before(async () => {
  env = await startDrEnv();
  ({ watches } = await env.startOperator());
  await env.src.create(Secrets, kubeconfigSecret('self-kubeconfig', env.source.kubeconfig));
  await env.src.create(RemoteClusters, remoteCluster('primary', 'self-kubeconfig'));
  await env.src.create(RemoteClusters, remoteCluster('dr', DR_SECRET));
  for (const name of ['primary', 'dr']) {
    await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name }), 'ClusterAvailable')?.status === 'True', `${name} connected`);
  }
  await env.src.create(Namespaces, namespace('live'));
  await env.src.create(Namespaces, namespace('nightly'));
});
after(() => env?.stop());

test('Continuous: a ConfigMap created, changed and deleted at the source follows in the DR cluster', async () => {
  await env.src.create(ConfigMaps, configMap('before', 'live', { v: '0' }));
  await env.src.create(NamespaceMappings, namespaceMapping('live', {
    replicationMode: 'Continuous', sourceCluster: 'primary', destinationCluster: 'dr', sourceNamespace: 'live',
    resourceTypes: ['ConfigMaps', 'secret'], continuous: { backgroundSyncInterval: '1h' },
  }));
  await eventually(async () => ((await getOptional(env.dst, ConfigMaps, 'live', 'before'))?.data as Record<string, string> | undefined)?.v === '0', 'initial sync (destination namespace defaults to the source name)');
  // The copy lands before the mapping's status is written: wait for the status too.
  await eventually(async () => (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' })).status?.phase === 'Completed', 'Completed after the initial sync');
  const first = await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' });
  assert.equal(first.status?.nextSyncTime, undefined, 'no schedule in Continuous mode');

  await env.src.create(ConfigMaps, configMap('added', 'live', { v: '1' }));
  await eventually(async () => ((await getOptional(env.dst, ConfigMaps, 'live', 'added'))?.data as Record<string, string> | undefined)?.v === '1', 'created ConfigMap copied');
  await env.src.patch(ConfigMaps, { namespace: 'live', name: 'added' }, { data: { v: '2' } }, { type: 'merge' });
  await eventually(async () => ((await getOptional(env.dst, ConfigMaps, 'live', 'added'))?.data as Record<string, string> | undefined)?.v === '2', 'change copied');
  await env.src.delete(ConfigMaps, { namespace: 'live', name: 'added' });
  await eventually(async () => !(await getOptional(env.dst, ConfigMaps, 'live', 'added')), 'deletion carried over');
  await eventually(async () => Boolean((await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' })).status?.lastWatchEvent), 'lastWatchEvent');
  // Only the configured kinds are watched and copied.
  assert.ok(await getOptional(env.dst, ConfigMaps, 'live', 'before'));
});

test('Continuous: pausing stops the copying, resuming catches up', async () => {
  await env.src.patch(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' }, { spec: { paused: true } }, { type: 'merge' });
  const req = { namespace: SYSTEM_NS, name: 'live' };
  assert.ok(watches.watching(req));
  await eventually(() => !watches.watching(req), 'the paused mapping\'s watches stopped');
  await env.src.create(ConfigMaps, configMap('while-paused', 'live', { v: 'p' }));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await getOptional(env.dst, ConfigMaps, 'live', 'while-paused'), undefined);
  await env.src.patch(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' }, { spec: { paused: false } }, { type: 'merge' });
  await env.src.patch(NamespaceMappings, { namespace: SYSTEM_NS, name: 'live' }, { metadata: { annotations: { 'dr-syncer.io/sync-now': '' } } }, { type: 'merge' });
  await eventually(async () => Boolean(await getOptional(env.dst, ConfigMaps, 'live', 'while-paused')), 'caught up after resume');
  assert.ok(watches.watching(req), 'watching again');
});

test('Scheduled: the first sync runs at once and nextSyncTime is the next cron tick', async () => {
  await env.src.create(ConfigMaps, configMap('report', 'nightly', { at: 'night' }));
  await env.src.create(NamespaceMappings, namespaceMapping('every5', { sourceCluster: 'primary', destinationCluster: 'dr', sourceNamespace: 'nightly', destinationNamespace: 'nightly-5' }));
  await env.src.create(NamespaceMappings, namespaceMapping('at3', { sourceCluster: 'primary', destinationCluster: 'dr', sourceNamespace: 'nightly', destinationNamespace: 'nightly-3', schedule: '0 3 * * *' }));
  for (const [name, dst] of [['every5', 'nightly-5'], ['at3', 'nightly-3']] as const) {
    await eventually(async () => (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name })).status?.phase === 'Completed', `${name} completed`);
    assert.ok(await env.dst.get(ConfigMaps, { namespace: dst, name: 'report' }));
  }
  const every5 = (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'every5' })).status!;
  const next = new Date(every5.nextSyncTime!);
  const last = new Date(every5.lastSyncTime!);
  assert.ok(next > last && next.getTime() - last.getTime() <= 5 * 60_000, `${every5.nextSyncTime} within five minutes after ${every5.lastSyncTime}`);
  assert.equal(next.getUTCMinutes() % 5, 0);
  assert.equal(next.getUTCSeconds(), 0);
  const at3 = new Date((await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'at3' })).status!.nextSyncTime!);
  assert.deepEqual([at3.getUTCHours(), at3.getUTCMinutes()], [3, 0]);
  assert.ok(at3.getTime() - Date.now() <= 24 * 3600_000);
  // Before nextSyncTime nothing runs again, whatever happens at the source.
  await env.src.patch(ConfigMaps, { namespace: 'nightly', name: 'report' }, { data: { at: 'changed' } }, { type: 'merge' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(((await env.dst.get(ConfigMaps, { namespace: 'nightly-5', name: 'report' })).data as Record<string, string>).at, 'night');
});

test('a missing RemoteCluster fails the sync with a retry back-off, then recovers once it exists', async () => {
  await env.src.create(Namespaces, namespace('later'));
  await env.src.create(NamespaceMappings, namespaceMapping('later', { sourceNamespace: 'later', destinationCluster: 'dr-late', retryConfig: { initialBackoff: '1s', maxRetries: 3 } }));
  await eventually(async () => (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'later' })).status?.phase === 'Failed', 'Failed');
  const failed = (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'later' })).status!;
  assert.equal(failed.retryStatus?.retriesRemaining, 3);
  assert.equal(failed.retryStatus?.backoffDuration, '1s');
  assert.match(failed.lastError?.message ?? '', /RemoteCluster dr-syncer-system\/dr-late not found/);
  assert.equal(conditionOf({ status: failed }, 'Synced')?.reason, 'SyncFailed');
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'later')).some((e) => e.reason === 'SyncFailed' && e.type === 'Warning'));
  await eventually(async () => (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'later' })).status?.retryStatus?.backoffDuration === '2s', 'second failure doubles the back-off');
  await env.src.create(RemoteClusters, remoteCluster('dr-late', DR_SECRET));
  await eventually(async () => (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'later' })).status?.phase === 'Completed', 'Completed once the cluster exists', 20_000);
  const done = (await env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'later' })).status!;
  assert.equal(done.retryStatus, undefined);
  assert.equal(done.lastError, undefined);
  assert.ok(await env.dst.get(Namespaces, { name: 'later' }));
});
