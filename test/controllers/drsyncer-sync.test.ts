/**
 * NamespaceMapping in Manual mode between two clusters: the sync-now annotation copies a
 * namespace to the DR cluster (Deployments scaled to zero, Service addresses cleared, server-owned
 * metadata stripped, ignored objects skipped), a second sync changes nothing, vanished sources are
 * deleted, and deleting the mapping removes only the copies it made.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMaps, Deployments, Ingresses, Namespaces, PersistentVolumeClaims, Secrets, Services, type KubeObject } from '../../runtime/index.ts';
import { MANAGED_BY_LABEL, NamespaceMappings, RemoteClusters } from '../../controllers/drsyncer/index.ts';
import { DR_SECRET, SYSTEM_NS, conditionOf, eventsAbout, eventually, getOptional, namespace, namespaceMapping, remoteCluster, startDrEnv, type DrEnv } from './drsyncer-harness.ts';

let env: DrEnv;
const SRC = 'shop';
const DST = 'shop-dr';

function deployment(name: string, replicas: number, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: SRC, labels: { app: name, ...labels }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
}

async function mapping() {
  return env.src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'shop' });
}

/** Adds sync-now and waits until the sync it started has finished (annotation consumed, phase settled). */
async function syncNow(expectMessage?: RegExp): Promise<void> {
  const before = conditionOf(await mapping(), 'Synced');
  await env.src.patch(NamespaceMappings, { namespace: SYSTEM_NS, name: 'shop' }, { metadata: { annotations: { 'dr-syncer.io/sync-now': 'true' } } }, { type: 'merge' });
  await eventually(async () => {
    const nm = await mapping();
    const c = conditionOf(nm, 'Synced');
    if (nm.metadata?.annotations?.['dr-syncer.io/sync-now'] !== undefined) return 'annotation still present';
    if (nm.status?.phase !== 'Completed' || !c) return `phase ${nm.status?.phase}`;
    if (expectMessage && !expectMessage.test(c.message)) return c.message;
    return c.message !== before?.message || Boolean(expectMessage);
  }, 'a completed manual sync');
}

before(async () => {
  env = await startDrEnv();
  await env.startOperator();
  await env.src.create(RemoteClusters, remoteCluster('dr', DR_SECRET));
  await eventually(async () => conditionOf(await env.src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' }), 'ClusterAvailable')?.status === 'True', 'dr connected');
  await env.src.create(Namespaces, namespace(SRC, { team: 'shop' }));
  await env.src.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: SRC, labels: { tier: 'web' } }, data: { color: 'blue' } });
  await env.src.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'local-only', namespace: SRC, labels: { 'dr-syncer.io/ignore': 'true' } }, data: { a: 'b' } });
  await env.src.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: SRC }, type: 'Opaque', data: { password: Buffer.from('s3cret').toString('base64') } });
  await env.src.create(Deployments, deployment('web', 3));
  await env.src.create(Deployments, deployment('warm', 4, { 'dr-syncer.io/scale-override': '2' }));
  await env.src.create(Services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: SRC }, spec: { type: 'NodePort', clusterIP: '10.96.0.42', clusterIPs: ['10.96.0.42'], selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] } });
  await env.src.create(Ingresses, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: SRC }, spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
  await env.src.create(PersistentVolumeClaims, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: SRC, annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', volumeName: 'pv-123', resources: { requests: { storage: '1Gi' } } } });
  await env.src.create(NamespaceMappings, namespaceMapping('shop', { replicationMode: 'Manual', sourceNamespace: SRC, destinationNamespace: DST, destinationCluster: 'dr', pvcConfig: { storageClassMappings: [{ from: 'fast', to: 'standard' }] } }));
});
after(() => env?.stop());

test('a Manual mapping waits in Pending with a finalizer and copies nothing', async () => {
  await eventually(async () => (await mapping()).status?.phase === 'Pending', 'Pending');
  assert.ok((await mapping()).metadata?.finalizers?.includes('dr-syncer.io/cleanup-namespacemapping'));
  assert.equal(await getOptional(env.dst, Namespaces, undefined, DST), undefined);
});

test('sync-now copies the namespace with the DR transformations, then the annotation is gone', async () => {
  await syncNow();
  const nm = await mapping();
  assert.equal(conditionOf(nm, 'Synced')?.status, 'True');
  assert.equal(conditionOf(nm, 'Synced')?.reason, 'SyncCompleted');
  assert.ok(nm.status?.lastSyncTime);
  assert.deepEqual({ ...nm.status?.syncStats, lastSyncDuration: undefined }, { totalResources: 7, successfulSyncs: 7, failedSyncs: 0, lastSyncDuration: undefined });
  assert.deepEqual(nm.status?.deploymentScales?.map((d) => [d.name, d.originalReplicas]).sort(), [['warm', 4], ['web', 3]]);
  assert.deepEqual(nm.status?.resourceStatus?.map((r) => `${r.kind}:${r.name}:${r.status}`), ['ConfigMap:*:Synced', 'Secret:*:Synced', 'Deployment:*:Synced', 'Service:*:Synced', 'Ingress:*:Synced', 'PersistentVolumeClaim:*:Synced']);

  const ns = await env.dst.get(Namespaces, { name: DST });
  assert.equal(ns.metadata.labels?.team, 'shop', 'source namespace labels preserved');
  assert.equal(ns.metadata.labels?.['dr-syncer.io/source-namespace'], SRC);

  const cm = await env.dst.get(ConfigMaps, { namespace: DST, name: 'settings' });
  assert.deepEqual(cm.data, { color: 'blue' });
  assert.equal(cm.metadata.labels?.tier, 'web');
  assert.equal(cm.metadata.labels?.[MANAGED_BY_LABEL], 'dr-syncer');
  assert.equal(cm.metadata.annotations?.['dr-syncer.io/namespace-mapping'], `${SYSTEM_NS}/shop`);
  const srcCm = await env.src.get(ConfigMaps, { namespace: SRC, name: 'settings' });
  assert.notEqual(cm.metadata.uid, srcCm.metadata.uid, 'server-owned metadata is the destination\'s own');
  assert.equal(await getOptional(env.dst, ConfigMaps, DST, 'local-only'), undefined, 'ignored ConfigMap not copied');
  assert.equal(Buffer.from(((await env.dst.get(Secrets, { namespace: DST, name: 'creds' })).data as Record<string, string>).password!, 'base64').toString(), 's3cret');

  const web = await env.dst.get(Deployments, { namespace: DST, name: 'web' });
  assert.equal((web.spec as { replicas: number }).replicas, 0, 'scaled to zero');
  assert.equal(web.metadata.annotations?.['dr-syncer.io/original-replicas'], '3');
  assert.equal(web.metadata.annotations?.['dr-syncer.io/source-namespace'], SRC);
  assert.equal(web.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  const warm = await env.dst.get(Deployments, { namespace: DST, name: 'warm' });
  assert.equal((warm.spec as { replicas: number }).replicas, 2, 'scale-override label wins');
  assert.equal(warm.metadata.annotations?.['dr-syncer.io/original-replicas'], '4');

  const svc = await env.dst.get(Services, { namespace: DST, name: 'web' });
  const spec = svc.spec as { clusterIP?: string; clusterIPs?: string[]; ports: { nodePort?: number; port: number }[] };
  assert.notEqual(spec.clusterIP, '10.96.0.42', 'source clusterIP not carried over');
  assert.ok(!(spec.clusterIPs ?? []).includes('10.96.0.42'));
  assert.notEqual(spec.ports[0]!.nodePort, 30080, 'source nodePort not carried over');
  assert.equal(spec.ports[0]!.port, 80);

  assert.ok(await env.dst.get(Ingresses, { namespace: DST, name: 'web' }));
  const pvc = await env.dst.get(PersistentVolumeClaims, { namespace: DST, name: 'data' });
  const pspec = pvc.spec as { storageClassName?: string; volumeName?: string };
  assert.equal(pspec.storageClassName, 'standard', 'storage class mapped');
  assert.equal(pspec.volumeName, undefined, 'claim detached from the source volume');
  assert.equal(pvc.metadata.annotations?.['pv.kubernetes.io/bind-completed'], undefined);
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'shop')).some((e) => e.reason === 'SyncCompleted'));
});

async function destinationVersions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const res of [ConfigMaps, Secrets, Deployments, Services, Ingresses, PersistentVolumeClaims]) {
    for (const o of (await env.dst.list(res, { namespace: DST })).items) out[`${res.kind}/${o.metadata.name}`] = o.metadata.resourceVersion!;
  }
  return out;
}

test('a second sync changes nothing in the destination', async () => {
  const before = await destinationVersions();
  await syncNow(/0 created, 0 updated, 7 unchanged, 0 deleted/);
  assert.deepEqual(await destinationVersions(), before);
});

test('changes, deletions and drift at the source side are carried over by the next sync', async () => {
  await env.src.patch(ConfigMaps, { namespace: SRC, name: 'settings' }, { data: { color: 'green' } }, { type: 'merge' });
  await env.src.delete(Secrets, { namespace: SRC, name: 'creds' });
  await env.dst.patch(Deployments, { namespace: DST, name: 'web' }, { spec: { replicas: 5 } }, { type: 'merge' });
  await env.dst.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dr-only', namespace: DST }, data: { keep: 'me' } });
  await syncNow(/0 created, 2 updated, 4 unchanged, 1 deleted/);
  assert.deepEqual((await env.dst.get(ConfigMaps, { namespace: DST, name: 'settings' })).data, { color: 'green' });
  assert.equal(await getOptional(env.dst, Secrets, DST, 'creds'), undefined, 'vanished source deleted');
  assert.equal(((await env.dst.get(Deployments, { namespace: DST, name: 'web' })).spec as { replicas: number }).replicas, 0, 'drift repaired');
  assert.ok(await getOptional(env.dst, ConfigMaps, DST, 'dr-only'), 'objects the mapping did not write are left alone');
});

test('deleting the mapping removes its copies and then the finalizer', async () => {
  await env.src.delete(NamespaceMappings, { namespace: SYSTEM_NS, name: 'shop' });
  await eventually(async () => !(await getOptional(env.src, NamespaceMappings, SYSTEM_NS, 'shop')), 'mapping gone');
  for (const res of [Secrets, Deployments, Services, Ingresses, PersistentVolumeClaims]) {
    assert.deepEqual((await env.dst.list(res, { namespace: DST })).items.filter((o) => o.metadata.labels?.[MANAGED_BY_LABEL]).map((o) => o.metadata.name), [], `${res.plural} copies deleted`);
  }
  assert.deepEqual((await env.dst.list(ConfigMaps, { namespace: DST })).items.map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt'), ['dr-only']);
  assert.ok(await env.src.get(ConfigMaps, { namespace: SRC, name: 'settings' }), 'the source is untouched');
  assert.ok((await eventsAbout(env.src, SYSTEM_NS, 'shop')).some((e) => e.reason === 'CleanupCompleted'));
});
