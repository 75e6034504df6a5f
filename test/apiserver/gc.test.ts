import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

describe('garbage collection by ownerReferences', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(() => api.stop());

  const owner = async (name: string) => (await raw(api, 'POST', DEPLOY, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  })).json;
  const dependent = async (name: string, o: any, block = false) => {
    const res = await raw(api, 'POST', CM, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: o.metadata.name, uid: o.metadata.uid, blockOwnerDeletion: block, controller: true }] },
    });
    assert.equal(res.status, 201);
  };
  const exists = async (path: string) => (await raw(api, 'GET', path)).status === 200;

  it('background: the owner goes at once, dependents follow', async () => {
    const o = await owner('bg');
    await dependent('bg-dep', o);
    await raw(api, 'DELETE', `${DEPLOY}/bg`, { propagationPolicy: 'Background' });
    assert.equal(await exists(`${DEPLOY}/bg`), false);
    await eventually(async () => !(await exists(`${CM}/bg-dep`)), 5000, 'dependent collected');
  });

  it('foreground: dependents go first, then the owner', async () => {
    const o = await owner('fg');
    await dependent('fg-dep', o, true);
    const del = await raw(api, 'DELETE', `${DEPLOY}/fg`, { propagationPolicy: 'Foreground' });
    assert.deepEqual(del.json.metadata.finalizers, ['foregroundDeletion']);
    await eventually(async () => !(await exists(`${CM}/fg-dep`)), 5000, 'dependent collected');
    await eventually(async () => !(await exists(`${DEPLOY}/fg`)), 5000, 'owner removed');
  });

  it('orphan: dependents stay without the owner reference', async () => {
    const o = await owner('orph');
    await dependent('orph-dep', o);
    await raw(api, 'DELETE', `${DEPLOY}/orph`, { propagationPolicy: 'Orphan' });
    await eventually(async () => !(await exists(`${DEPLOY}/orph`)), 5000, 'owner removed');
    const dep = await raw(api, 'GET', `${CM}/orph-dep`);
    assert.equal(dep.status, 200);
    assert.deepEqual(dep.json.metadata.ownerReferences ?? [], []);
  });

  it('collects dependents whose owners never existed', async () => {
    await dependent('dangling', { metadata: { name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' } });
    await eventually(async () => !(await exists(`${CM}/dangling`)), 5000, 'dangling dependent collected');
  });

  it('an owner in another namespace, or a namespaced owner of a cluster-scoped object, is dangling', async () => {
    await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'elsewhere' } });
    const o = (await raw(api, 'POST', '/apis/apps/v1/namespaces/elsewhere/deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'far' },
      spec: { selector: { matchLabels: { app: 'far' } }, template: { metadata: { labels: { app: 'far' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    })).json;
    await dependent('cross-ns', o);
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: o.metadata.name, uid: o.metadata.uid };
    const cluster = await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'owned-by-ns', ownerReferences: [ref] } });
    assert.equal(cluster.status, 201);
    // A cluster-scoped owner is visible from a namespaced dependent: that one stays.
    const clusterOwner = (await raw(api, 'GET', '/api/v1/namespaces/elsewhere')).json;
    const kept = await raw(api, 'POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-owned', ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'elsewhere', uid: clusterOwner.metadata.uid }] } });
    assert.equal(kept.status, 201);
    await eventually(async () => !(await exists(`${CM}/cross-ns`)), 5000, 'cross-namespace dependent collected');
    await eventually(async () => (await raw(api, 'GET', '/api/v1/namespaces/owned-by-ns')).json?.status?.phase !== 'Active', 5000, 'cluster-scoped dependent of a namespaced owner collected');
    assert.equal(await exists(`${CM}/cluster-owned`), true);
    assert.equal(await exists('/apis/apps/v1/namespaces/elsewhere/deployments/far'), true, 'the owner itself is untouched');
  });
});
