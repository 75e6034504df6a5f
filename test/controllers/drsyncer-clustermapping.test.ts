/**
 * ClusterMapping between two clusters: Pending -> Connecting -> Connected when every target agent
 * reaches a source agent's SSH endpoint (a local SSH banner server stands in for the agent's
 * sshd), Failed with the agent count otherwise, Failed with back-off when a cluster is unusable;
 * the mapping's public key is published to the source cluster.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Namespaces, Pods, Secrets, type ApiClient } from '../../runtime/index.ts';
import { AUTHORIZED_KEYS_SECRET, ClusterMappings, RemoteClusters } from '../../controllers/drsyncer/index.ts';
import type { ClusterMapping } from '../../apis/dr-syncer/v1alpha1/clustermapping_types.ts';
import { DR_SECRET, SYSTEM_NS, conditionOf, eventsAbout, eventually, getOptional, kubeconfigSecret, namespace, remoteCluster, startDrEnv, type DrEnv } from './drsyncer-harness.ts';

let env: DrEnv;
let sshd: Server;
let sshPort: number;
let closedPort: number;
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHdrSyncerTestKey dr-syncer@test';

async function agent(client: ApiClient, name: string, node: string): Promise<void> {
  await client.create(Namespaces, namespace('dr-syncer')).catch(() => undefined);
  await client.create(Pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'dr-syncer', labels: { app: 'dr-syncer-agent' } }, spec: { nodeName: node, containers: [{ name: 'agent', image: 'supporttools/dr-syncer-agent:latest' }] } });
  await client.patchStatus(Pods, { namespace: 'dr-syncer', name }, { status: { phase: 'Running', podIP: '127.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } }, { type: 'merge' });
}

function clusterMapping(name: string, source: string, target: string, spec: Partial<ClusterMapping['spec']> = {}): ClusterMapping {
  return { apiVersion: 'dr-syncer.io/v1alpha1', kind: 'ClusterMapping', metadata: { name, namespace: SYSTEM_NS }, spec: { sourceCluster: source, targetCluster: target, ...spec } };
}

async function cm(name: string): Promise<ClusterMapping> {
  return env.src.get(ClusterMappings, { namespace: SYSTEM_NS, name });
}

before(async () => {
  sshd = createServer((sock) => { sock.end('SSH-2.0-OpenSSH_9.6\r\n'); });
  await new Promise<void>((r) => sshd.listen(0, '127.0.0.1', r));
  sshPort = (sshd.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));

  env = await startDrEnv();
  await env.startOperator();
  await env.src.create(Secrets, kubeconfigSecret('self-kubeconfig', env.source.kubeconfig));
  await env.src.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pair-keys', namespace: SYSTEM_NS }, data: { 'id_rsa.pub': Buffer.from(PUBLIC_KEY).toString('base64'), id_rsa: Buffer.from('private').toString('base64') } });
  await env.src.create(RemoteClusters, remoteCluster('primary', 'self-kubeconfig', { pvcSync: { enabled: true, ssh: { port: sshPort } } }));
  await env.src.create(RemoteClusters, remoteCluster('primary-closed', 'self-kubeconfig', { pvcSync: { enabled: true, ssh: { port: closedPort } } }));
  await env.src.create(RemoteClusters, remoteCluster('dr', DR_SECRET, { pvcSync: { enabled: true } }));
  await env.src.create(RemoteClusters, remoteCluster('plain', DR_SECRET));
  await agent(env.src, 'agent-a', 'node-a');
  await agent(env.dst, 'agent-b', 'node-b');
  for (const name of ['primary', 'primary-closed', 'dr', 'plain']) {
    await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name }), 'ClusterAvailable')?.status === 'True', `${name} connected`);
  }
});
after(async () => {
  await env?.stop();
  await new Promise<void>((r) => sshd.close(() => r()));
});

test('RemoteClusters with PVC sync report their agents', async () => {
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' }), 'PVCSyncReady')?.status === 'True', 'PVCSyncReady');
  const rc = await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' });
  assert.deepEqual(rc.status?.pvcSync?.agentStatus, { readyNodes: 1, totalNodes: 1 });
  assert.equal(rc.status?.pvcSync?.phase, 'Running');
});

test('agents that reach each other: Connected, with the key published to the source cluster', async () => {
  await env.src.create(ClusterMappings, clusterMapping('pair', 'primary', 'dr', { sshKeySecretRef: { name: 'pair-keys' } }));
  await eventually(async () => (await cm('pair')).status?.phase === 'Connected' || `phase ${(await cm('pair')).status?.phase}: ${(await cm('pair')).status?.message}`, 'Connected');
  const st = (await cm('pair')).status!;
  assert.equal(st.message, 'All agents connected successfully');
  assert.deepEqual({ ...st.connectionStatus, connectionDetails: undefined }, { totalSourceAgents: 1, totalTargetAgents: 1, connectedAgents: 1, connectionDetails: undefined });
  assert.deepEqual(st.connectionStatus?.connectionDetails, [{ sourceNode: 'node-a', targetNode: 'node-b', connected: true }]);
  assert.equal(st.consecutiveFailures, 0);
  assert.ok(st.lastVerified && st.lastAttemptTime);
  const keys = await env.src.get(Secrets, { namespace: 'dr-syncer', name: AUTHORIZED_KEYS_SECRET });
  assert.equal(Buffer.from((keys.data as Record<string, string>).authorized_keys!, 'base64').toString(), `${PUBLIC_KEY}\n`);
  assert.equal(await getOptional(env.dst, Secrets, 'dr-syncer', AUTHORIZED_KEYS_SECRET), undefined, 'only the source agents get the key');
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'pair')).some((e) => e.reason === 'Connected'));
});

test('agents that cannot reach the source SSH endpoint: Failed with the count', async () => {
  await env.src.create(ClusterMappings, clusterMapping('closed', 'primary-closed', 'dr', { connectivityTimeoutSeconds: 5 }));
  await eventually(async () => (await cm('closed')).status?.phase === 'Failed', 'Failed');
  const st = (await cm('closed')).status!;
  assert.equal(st.message, 'Only 0/1 agents connected successfully');
  assert.equal(st.connectionStatus?.connectionDetails?.[0]?.connected, false);
  assert.match(st.connectionStatus?.connectionDetails?.[0]?.error ?? '', /cannot connect/);
});

test('a cluster without PVC sync fails validation, counts the failure and backs off', async () => {
  await env.src.create(ClusterMappings, clusterMapping('nopvc', 'primary', 'plain'));
  await eventually(async () => (await cm('nopvc')).status?.phase === 'Failed', 'Failed');
  const st = (await cm('nopvc')).status!;
  assert.match(st.message ?? '', /PVC sync is not enabled on target cluster plain/);
  assert.equal(st.consecutiveFailures, 1);
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'nopvc')).some((e) => e.reason === 'ConnectivityFailed'));
  // After the one-second back-off it starts over and fails again.
  await eventually(async () => ((await cm('nopvc')).status?.consecutiveFailures ?? 0) >= 2, 'a second attempt after the back-off', 5_000);
  const again = (await cm('nopvc')).status!;
  assert.equal(again.phase, 'Failed');
  assert.match(again.message ?? '', /PVC sync is not enabled/);
  // Enabling PVC sync on the cluster wakes the mapping.
  await env.src.patch(RemoteClusters, { namespace: SYSTEM_NS, name: 'plain' }, { spec: { pvcSync: { enabled: true } } }, { type: 'merge' });
  await eventually(async () => (await cm('nopvc')).status?.phase === 'Connected', 'Connected once the cluster qualifies', 10_000);
});

test('verifyConnectivity false skips the checks', async () => {
  await env.src.create(ClusterMappings, clusterMapping('trust', 'primary-closed', 'dr', { verifyConnectivity: false }));
  await eventually(async () => (await cm('trust')).status?.phase === 'Connected', 'Connected');
  assert.equal((await cm('trust')).status?.message, 'SSH key distribution completed (connectivity verification disabled)');
});

test('paused mappings are left alone', async () => {
  await env.src.create(ClusterMappings, clusterMapping('idle', 'primary', 'dr', { paused: true }));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await cm('idle')).status?.phase, undefined);
});
