import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, installCrd, raw } from './helpers.ts';

const W = '/apis/test.tsop.dev/v1/namespaces/default/widgets';
const widget = (name: string, spec: Record<string, unknown> = { color: 'red' }) => ({ apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name }, spec });
const MERGE = { 'Content-Type': 'application/merge-patch+json' };

describe('object semantics', () => {
  let api: RunningApiServer;
  before(async () => {
    api = await startApiServer();
    await installCrd(api, 'widgets-crd.yaml');
    await installCrd(api, 'gadgets-crd.yaml');
  });
  after(() => api.stop());

  it('sets system fields and generates names', async () => {
    const res = await raw(api, 'POST', W, { ...widget(''), metadata: { generateName: 'thing-', uid: 'mine', creationTimestamp: '2000-01-01T00:00:00Z' } });
    assert.equal(res.status, 201);
    const md = res.json.metadata;
    assert.match(md.name, /^thing-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.notEqual(md.uid, 'mine');
    assert.match(md.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.notEqual(md.creationTimestamp, '2000-01-01T00:00:00Z');
    assert.equal(md.generation, 1);
    const dup = await raw(api, 'POST', W, { ...widget(md.name) });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.message, `widgets.test.tsop.dev "${md.name}" already exists`);
  });

  it('bumps generation on spec changes only and keeps status on the main endpoint', async () => {
    await raw(api, 'POST', W, widget('gen'));
    const label = await raw(api, 'PATCH', `${W}/gen`, { metadata: { labels: { a: 'b' } } }, MERGE);
    assert.equal(label.json.metadata.generation, 1);
    const spec = await raw(api, 'PATCH', `${W}/gen`, { spec: { replicas: 4 }, status: { replicas: 9 } }, MERGE);
    assert.equal(spec.json.metadata.generation, 2);
    assert.equal(spec.json.status, undefined, 'status is ignored on the main endpoint');
    const status = await raw(api, 'PATCH', `${W}/gen/status`, { spec: { replicas: 99 }, status: { replicas: 3 } }, MERGE);
    assert.equal(status.status, 200);
    assert.equal(status.json.status.replicas, 3);
    assert.equal(status.json.spec.replicas, 4, 'status writes ignore spec');
    assert.equal(status.json.metadata.generation, 2);
    const whole = await raw(api, 'GET', `${W}/gen/status`);
    assert.equal(whole.json.spec.color, 'red');
    assert.equal((await raw(api, 'GET', '/apis/test.tsop.dev/v1/gadgets/x/status')).status, 404);
  });

  it('enforces optimistic concurrency and skips no-op writes', async () => {
    const cur = (await raw(api, 'GET', `${W}/gen`)).json;
    const stale = { ...cur, metadata: { ...cur.metadata, resourceVersion: '1' } };
    const conflict = await raw(api, 'PUT', `${W}/gen`, stale);
    assert.equal(conflict.status, 409);
    assert.match(conflict.json.message, /the object has been modified; please apply your changes to the latest version and try again/);
    const noRv = { ...cur, metadata: { ...cur.metadata, resourceVersion: undefined } };
    assert.equal((await raw(api, 'PUT', `${W}/gen`, noRv)).status, 422);
    const same = await raw(api, 'PUT', `${W}/gen`, cur);
    assert.equal(same.json.metadata.resourceVersion, cur.metadata.resourceVersion, 'a no-op keeps the resourceVersion');
    const precondition = await raw(api, 'PATCH', `${W}/gen`, { metadata: { resourceVersion: '2' }, spec: { replicas: 1 } }, MERGE);
    assert.equal(precondition.status, 409);
    assert.equal((await raw(api, 'PUT', `${W}/missing`, widget('missing'))).status, 404);
  });

  it('runs dry-run writes without persisting', async () => {
    const res = await raw(api, 'POST', `${W}?dryRun=All`, widget('dry'));
    assert.equal(res.status, 201);
    assert.equal((await raw(api, 'GET', `${W}/dry`)).status, 404);
    assert.equal((await raw(api, 'POST', `${W}?dryRun=Some`, widget('dry'))).status, 422);
  });

  it('scales through the scale subresource', async () => {
    const scale = await raw(api, 'GET', `${W}/gen/scale`);
    assert.equal(scale.json.kind, 'Scale');
    assert.equal(scale.json.apiVersion, 'autoscaling/v1');
    assert.equal(scale.json.spec.replicas, 4);
    const patched = await raw(api, 'PATCH', `${W}/gen/scale`, { spec: { replicas: 7 } }, MERGE);
    assert.equal(patched.json.spec.replicas, 7);
    const obj = (await raw(api, 'GET', `${W}/gen`)).json;
    assert.equal(obj.spec.replicas, 7);
    assert.equal(obj.metadata.generation, 3);
  });

  it('serves every version of a multi-version CRD from one storage', async () => {
    const created = await raw(api, 'POST', '/apis/test.tsop.dev/v1beta1/gadgets', { apiVersion: 'test.tsop.dev/v1beta1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 3 } });
    assert.equal(created.status, 201);
    assert.equal(created.json.apiVersion, 'test.tsop.dev/v1beta1');
    const v1 = await raw(api, 'GET', '/apis/test.tsop.dev/v1/gadgets/g1');
    assert.equal(v1.json.apiVersion, 'test.tsop.dev/v1');
    assert.equal(v1.json.spec.size, 3);
    const disc = await raw(api, 'GET', '/apis/test.tsop.dev');
    assert.equal(disc.json.preferredVersion.version, 'v1');
  });

  it('deletes with finalizers: deletionTimestamp, no new finalizers, removal on last finalizer', async () => {
    await raw(api, 'POST', W, { ...widget('fin'), metadata: { name: 'fin', finalizers: ['test.tsop.dev/hold'] } });
    const del = await raw(api, 'DELETE', `${W}/fin`);
    assert.equal(del.status, 200);
    assert.ok(del.json.metadata.deletionTimestamp);
    assert.equal(del.json.metadata.deletionGracePeriodSeconds, 0);
    assert.equal(del.json.metadata.generation, 2);
    const again = await raw(api, 'DELETE', `${W}/fin`);
    assert.equal(again.status, 200);
    const add = await raw(api, 'PATCH', `${W}/fin`, { metadata: { finalizers: ['test.tsop.dev/hold', 'x.dev/more'] } }, MERGE);
    assert.equal(add.status, 422);
    assert.match(add.json.message, /no new finalizers can be added if the object is being deleted/);
    const release = await raw(api, 'PATCH', `${W}/fin`, [{ op: 'remove', path: '/metadata/finalizers' }], { 'Content-Type': 'application/json-patch+json' });
    assert.equal(release.status, 200);
    assert.equal((await raw(api, 'GET', `${W}/fin`)).status, 404);
    const pre = await raw(api, 'POST', W, widget('pre'));
    const bad = await raw(api, 'DELETE', `${W}/pre`, { preconditions: { uid: 'nope' } });
    assert.equal(bad.status, 409);
    const ok = await raw(api, 'DELETE', `${W}/pre`, { preconditions: { uid: pre.json.metadata.uid } });
    assert.equal(ok.json.kind, 'Status');
    assert.equal(ok.json.details.uid, pre.json.metadata.uid);
  });

  it('lifecycles namespaces: Terminating, content removal, then gone', async () => {
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } })).status, 201);
    const ns = (await raw(api, 'GET', '/api/v1/namespaces/doomed')).json;
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    assert.equal(ns.status.phase, 'Active');
    assert.equal(ns.metadata.labels['kubernetes.io/metadata.name'], 'doomed');
    await raw(api, 'POST', '/apis/test.tsop.dev/v1/namespaces/doomed/widgets', { ...widget('held'), metadata: { name: 'held', finalizers: ['test.tsop.dev/hold'] } });
    await raw(api, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const del = await raw(api, 'DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.json.status.phase, 'Terminating');
    const refused = await raw(api, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.details.causes[0].reason, 'NamespaceTerminating');
    await eventually(async () => (await raw(api, 'GET', '/api/v1/namespaces/doomed/configmaps/c')).status === 404, 5000, 'content removed');
    const held = await eventually(async () => {
      const cur = await raw(api, 'GET', '/api/v1/namespaces/doomed');
      return cur.json.status.conditions?.find((c: any) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ? cur : undefined;
    }, 5000, 'finalizers reported');
    assert.match(held!.json.status.conditions.find((c: any) => c.type === 'NamespaceFinalizersRemaining').message, /test.tsop.dev\/hold in 1 resource instances/);
    await raw(api, 'PATCH', '/apis/test.tsop.dev/v1/namespaces/doomed/widgets/held', { metadata: { finalizers: null } }, MERGE);
    await eventually(async () => (await raw(api, 'GET', '/api/v1/namespaces/doomed')).status === 404, 5000, 'namespace gone');
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/nowhere/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).status, 404);
  });

  it('allocates service cluster IPs and answers access reviews', async () => {
    const svc = await raw(api, 'POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    assert.match(svc.json.spec.clusterIP, /^10\.96\.\d+\.\d+$/);
    const ssar = await raw(api, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    assert.equal(ssar.status, 201);
    assert.equal(ssar.json.status.allowed, true);
    assert.equal((await raw(api, 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).status, 405);
  });

  it('refuses conflicting CRD names with NamesAccepted=False', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'sprockets.test.tsop.dev' },
      spec: { group: 'test.tsop.dev', scope: 'Namespaced', names: { plural: 'sprockets', singular: 'sprocket', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    };
    const res = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    assert.equal(res.status, 201);
    const cond = (t: string) => res.json.status.conditions.find((c: any) => c.type === t);
    assert.equal(cond('NamesAccepted').status, 'False');
    assert.equal(cond('NamesAccepted').reason, 'KindConflict');
    assert.notEqual(cond('Established')?.status, 'True');
    assert.equal((await raw(api, 'GET', '/apis/test.tsop.dev/v1/namespaces/default/sprockets')).status, 404);
    const mismatch = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { ...crd, metadata: { name: 'wrong.test.tsop.dev' } });
    assert.equal(mismatch.status, 422);
  });

  it('deletes collections by selector', async () => {
    for (const [name, tier] of [['dc1', 'x'], ['dc2', 'x'], ['dc3', 'y']]) {
      await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { tier } } });
    }
    const res = await raw(api, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dx');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.items.map((i: any) => i.metadata.name), ['dc1', 'dc2']);
    const left = await raw(api, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier');
    assert.deepEqual(left.json.items.map((i: any) => i.metadata.name), ['dc3']);
  });

  it('drops a CRD: instances deleted, endpoint and discovery gone', async () => {
    const del = await raw(api, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.test.tsop.dev');
    assert.equal(del.status, 200);
    await eventually(async () => (await raw(api, 'GET', '/apis/test.tsop.dev/v1/gadgets')).status === 404, 5000, 'endpoint gone');
    const disc = await raw(api, 'GET', '/apis/test.tsop.dev/v1');
    assert.ok(!disc.json.resources.some((r: any) => r.name === 'gadgets'));
  });
});
