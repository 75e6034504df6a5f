/**
 * The generated ClusterRole is enough: the DR syncer runs through a ServiceAccount token on a
 * source cluster that enforces RBAC, connects a RemoteCluster, syncs continuously to the DR
 * cluster and within the source cluster, and cleans up on delete.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ClusterRoles, ConfigMaps, Deployments, Namespaces, isForbidden } from '../../runtime/index.ts';
import { NamespaceMappings, RemoteClusters } from '../../controllers/drsyncer/index.ts';
import { DR_SECRET, SYSTEM_NS, conditionOf, eventsAbout, eventually, getOptional, namespace, namespaceMapping, remoteCluster, startDrEnv, type DrEnv } from './drsyncer-harness.ts';
import { managerRoleKubeConfig } from './operator-harness.ts';

let env: DrEnv;
let operatorClient: ApiClient;

before(async () => {
  env = await startDrEnv({ authz: 'RBAC' });
  const kc = await managerRoleKubeConfig({ admin: env.src, adminKc: env.srcKc, api: env.source }, SYSTEM_NS, 'controller-manager', 'manager-rolebinding');
  operatorClient = new ApiClient(kc);
  await env.startOperator({ kc });
});
after(async () => {
  operatorClient?.transport.close();
  await env?.stop();
});

test('the token is really restricted', async () => {
  await assert.rejects(operatorClient.list(ClusterRoles), (err) => isForbidden(err), 'list clusterroles');
  await assert.rejects(operatorClient.create(RemoteClusters, remoteCluster('nope', DR_SECRET)), (err) => isForbidden(err), 'create RemoteCluster');
  await assert.rejects(operatorClient.delete(Namespaces, { name: 'default' }), (err) => isForbidden(err), 'delete namespace');
});

test('with the generated ClusterRole the operator connects, syncs both ways of placing a copy, and cleans up', async () => {
  const { src, dst } = env;
  await src.create(RemoteClusters, remoteCluster('dr', DR_SECRET));
  await eventually(async () => conditionOf(await src.get(RemoteClusters, { namespace: SYSTEM_NS, name: 'dr' }), 'ClusterAvailable')?.status === 'True', 'RemoteCluster connected with the operator\'s own Secret access');
  await src.create(Namespaces, namespace('orders'));
  await src.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'orders' }, data: { k: 'v' } });
  await src.create(Deployments, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'orders' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx' }] } } },
  });
  // To the DR cluster, watching the source (local) namespace.
  await src.create(NamespaceMappings, namespaceMapping('to-dr', { replicationMode: 'Continuous', sourceNamespace: 'orders', destinationCluster: 'dr' }));
  // Inside the source cluster: every write happens with the operator's token.
  await src.create(NamespaceMappings, namespaceMapping('in-cluster', { replicationMode: 'Manual', sourceNamespace: 'orders', destinationNamespace: 'orders-copy' }));
  await eventually(async () => Boolean(await getOptional(dst, Deployments, 'orders', 'api')), 'copied to the DR cluster');
  await src.patch(NamespaceMappings, { namespace: SYSTEM_NS, name: 'in-cluster' }, { metadata: { annotations: { 'dr-syncer.io/sync-now': 'true' } } }, { type: 'merge' });
  await eventually(async () => (await src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'in-cluster' })).status?.phase === 'Completed' || String((await src.get(NamespaceMappings, { namespace: SYSTEM_NS, name: 'in-cluster' })).status?.lastError?.message), 'in-cluster sync');
  assert.equal(((await src.get(Deployments, { namespace: 'orders-copy', name: 'api' })).spec as { replicas: number }).replicas, 0);
  assert.ok(await src.get(Namespaces, { name: 'orders-copy' }));

  await src.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'orders' }, data: { k: 'late' } });
  await eventually(async () => Boolean(await getOptional(dst, ConfigMaps, 'orders', 'late')), 'watch-driven copy with the operator\'s watch rights');

  await src.delete(NamespaceMappings, { namespace: SYSTEM_NS, name: 'in-cluster' });
  await eventually(async () => !(await getOptional(src, NamespaceMappings, SYSTEM_NS, 'in-cluster')), 'finalizer removed');
  assert.equal(await getOptional(src, Deployments, 'orders-copy', 'api'), undefined, 'copies deleted with the operator\'s delete rights');
  assert.ok(await src.get(Deployments, { namespace: 'orders', name: 'api' }));
  const reasons = (await eventsAbout(src, SYSTEM_NS, 'in-cluster')).map((e) => e.reason);
  for (const r of ['SyncCompleted', 'CleanupCompleted']) assert.ok(reasons.includes(r), `event ${r} (${reasons.join(', ')})`);
});
