/**
 * RemoteCluster: a kubeconfig Secret on the source cluster becomes a connected client of the DR
 * cluster; missing or broken kubeconfigs give conditions and events, and editing the Secret
 * reconnects.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secrets } from '../../runtime/index.ts';
import { RemoteClusters, type RemoteClusterRegistry } from '../../controllers/drsyncer/index.ts';
import { DR_SECRET, SYSTEM_NS, conditionOf, eventsAbout, eventually, kubeconfigSecret, remoteCluster, startDrEnv, type DrEnv } from './drsyncer-harness.ts';

let env: DrEnv;
let registry: RemoteClusterRegistry;

before(async () => {
  env = await startDrEnv();
  ({ registry } = await env.startOperator());
});
after(() => env?.stop());

test('a valid kubeconfig Secret connects: three True conditions, Healthy, a registered client', async () => {
  await env.src.create(RemoteClusters, remoteCluster('dr', DR_SECRET));
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' }), 'ClusterAvailable')?.status === 'True', 'ClusterAvailable');
  const rc = await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' });
  assert.equal(conditionOf(rc, 'KubeconfigAvailable')?.reason, 'KubeconfigFound');
  assert.equal(conditionOf(rc, 'KubeconfigValid')?.reason, 'KubeconfigValidated');
  assert.equal(conditionOf(rc, 'ClusterAvailable')?.reason, 'ConnectionSuccessful');
  assert.equal(rc.status?.health, 'Healthy');
  assert.ok(rc.status?.lastSyncTime);
  const conn = registry.get(SYSTEM_NS, 'dr');
  assert.equal(conn?.server, env.dr.url, 'the registered client talks to the DR server');
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'dr')).some((e) => e.reason === 'ConnectionSuccessful'));
});

test('a missing Secret, a missing key and an unparsable kubeconfig each get their reason and a Warning event', async () => {
  await env.src.create(RemoteClusters, remoteCluster('nosecret', 'absent'));
  await env.src.create(RemoteClusters, { ...remoteCluster('nokey', DR_SECRET), spec: { kubeconfigSecretRef: { name: DR_SECRET, namespace: SYSTEM_NS, key: 'other' } } });
  await env.src.create(Secrets, kubeconfigSecret('garbage', 'this: [is not a kubeconfig'));
  await env.src.create(RemoteClusters, remoteCluster('broken', 'garbage'));
  const expect = [['nosecret', 'KubeconfigAvailable', 'KubeconfigSecretNotFound'], ['nokey', 'KubeconfigAvailable', 'KubeconfigKeyNotFound'], ['broken', 'KubeconfigValid', 'InvalidKubeconfig']] as const;
  for (const [name, type, reason] of expect) {
    await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name }), type)?.reason === reason, `${name}: ${type}=${reason}`);
    const rc = await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name });
    assert.equal(conditionOf(rc, type)?.status, 'False');
    assert.equal(conditionOf(rc, 'ClusterAvailable')?.status, 'Unknown', 'later steps are not claimed');
    assert.equal(rc.status?.health, 'Unhealthy');
    assert.equal(registry.get(SYSTEM_NS, name), undefined);
    await eventually(async () => (await eventsAbout(env.src, SYSTEM_NS, name)).some((e) => e.reason === reason && e.type === 'Warning'), `${name}: Warning event ${reason}`);
  }
  // No crash loop: the failing clusters wait a minute between attempts, so their status stays put.
  const rv = (await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'broken' })).metadata!.resourceVersion;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'broken' })).metadata!.resourceVersion, rv);
  const events = (await eventsAbout(env.src, SYSTEM_NS, 'broken')).filter((e) => e.reason === 'InvalidKubeconfig');
  assert.equal(events.length, 1);
  assert.equal(events[0]!.count, 1);
});

test('fixing the Secret reconnects at once; breaking it drops the client', async () => {
  await env.src.update(Secrets, { ...(await env.src.get(Secrets, { namespace: SYSTEM_NS, name: 'garbage' })), data: kubeconfigSecret('garbage', env.dr.kubeconfig).data });
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'broken' }), 'ClusterAvailable')?.status === 'True', 'broken becomes available after the Secret edit');
  const first = registry.get(SYSTEM_NS, 'broken');
  assert.ok(first);
  // A different kubeconfig for the same cluster replaces the client.
  const edited = env.dr.kubeconfig.replace(/^(current-context: .*)$/m, '$1\npreferences: {}');
  assert.notEqual(edited, env.dr.kubeconfig);
  await env.src.update(Secrets, { ...(await env.src.get(Secrets, { namespace: SYSTEM_NS, name: 'garbage' })), data: kubeconfigSecret('garbage', edited).data });
  await eventually(() => (registry.get(SYSTEM_NS, 'broken')?.generation ?? 0) > first.generation, 'a new connection');
  await env.src.update(Secrets, { ...(await env.src.get(Secrets, { namespace: SYSTEM_NS, name: 'garbage' })), data: kubeconfigSecret('garbage', 'apiVersion: v1\nkind: Config\nclusters: []\n').data });
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'broken' }), 'KubeconfigValid')?.status === 'False', 'invalid again');
  assert.equal(registry.get(SYSTEM_NS, 'broken'), undefined);
});

test('an unreachable server: ClusterAvailable False with ConnectionFailed', async () => {
  const dead = env.dr.kubeconfig.replace(env.dr.url, 'https://127.0.0.1:1');
  await env.src.create(Secrets, kubeconfigSecret('dead', dead));
  await env.src.create(RemoteClusters, remoteCluster('dead', 'dead'));
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dead' }), 'ClusterAvailable')?.reason === 'ConnectionFailed', 'ConnectionFailed');
  const rc = await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dead' });
  assert.equal(conditionOf(rc, 'KubeconfigValid')?.status, 'True');
});

test('an invalid default schedule fails ScheduleValid', async () => {
  await env.src.create(RemoteClusters, remoteCluster('badcron', DR_SECRET, { defaultSchedule: '61 * * * *' }));
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'badcron' }), 'ScheduleValid')?.reason === 'InvalidSchedule', 'InvalidSchedule');
});
