/**
 * Behaviours of the numbered checklist that no other test file pins down: transport details,
 * discovery shapes, metadata rules, list and watch parameters, patch options, immortal namespaces
 * and events. Each test names the checklist items (B.n) it covers.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { installCrd, raw, watch } from './helpers.ts';

const W = '/apis/test.tsop.dev/v1/namespaces/default/widgets';
const widget = (name: string, spec: Record<string, unknown> = { color: 'red' }) => ({ apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name }, spec });
const configMap = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
const MERGE = { 'Content-Type': 'application/merge-patch+json' };
const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };

describe('API server checklist', () => {
  let api: RunningApiServer;
  before(async () => {
    api = await startApiServer({ tuning: { historyEvents: 50 } });
    await installCrd(api, 'widgets-crd.yaml');
    await installCrd(api, 'gadgets-crd.yaml');
  });
  after(() => api.stop());

  it('B.1, B.2, B.3, B.8, B.10: loopback HTTPS, JSON content type, negotiation, unknown paths, timeout= ignored', async () => {
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const list = await raw(api, 'GET', '/api/v1/namespaces?timeout=32s');
    assert.equal(list.status, 200);
    assert.equal(list.headers['content-type'], 'application/json');
    const pbFirst = await raw(api, 'GET', '/api/v1/namespaces/default', undefined, { Accept: 'application/vnd.kubernetes.protobuf,application/json' });
    assert.equal(pbFirst.status, 200);
    assert.equal(pbFirst.headers['content-type'], 'application/json');
    assert.equal(pbFirst.json.kind, 'Namespace');
    const unknown = await raw(api, 'GET', '/apis/nope.example/v1/things');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.message, 'the server could not find the requested resource');
    assert.equal((await raw(api, 'GET', '/no/such/path')).status, 404);
  });

  it('B.11, B.12: version and health endpoints', async () => {
    const v = await raw(api, 'GET', '/version');
    assert.equal(v.json.major, '1');
    assert.equal(v.json.minor, '32');
    assert.match(v.json.gitVersion, /^v1\.32\.\d+$/);
    for (const path of ['/healthz', '/readyz', '/livez']) {
      const h = await raw(api, 'GET', path, undefined, { Authorization: '' });
      assert.equal(h.status, 200, path);
      assert.equal(h.text, 'ok');
      assert.match(String(h.headers['content-type']), /^text\/plain/);
    }
  });

  it('B.13, B.14, B.16, B.17: aggregated and legacy discovery with subresources, short names and categories', async () => {
    const agg = await raw(api, 'GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.match(String(agg.headers['content-type']), /as=APIGroupDiscoveryList/);
    const group = agg.json.items.find((g: any) => g.metadata.name === 'test.tsop.dev');
    const widgets = group.versions[0].resources.find((r: any) => r.resource === 'widgets');
    assert.deepEqual(widgets.shortNames, ['wg']);
    assert.deepEqual(widgets.categories, ['all', 'tsoptest']);
    assert.deepEqual(widgets.subresources.map((s: any) => s.subresource).sort(), ['scale', 'status']);
    const legacy = await raw(api, 'GET', '/apis/test.tsop.dev/v1');
    const names = legacy.json.resources.map((r: any) => r.name);
    assert.ok(names.includes('widgets/status') && names.includes('widgets/scale'), names.join(','));
    assert.ok(!names.includes('gadgets/status') && !names.includes('gadgets/scale'), 'no subresources that the CRD does not declare');
    const core = await raw(api, 'GET', '/api', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    assert.equal(core.json.items[0].metadata.name ?? '', '');
  });

  it('B.20: a stale OpenAPI hash redirects to the current document', async () => {
    const stale = await raw(api, 'GET', '/openapi/v3/apis/test.tsop.dev/v1?hash=0000');
    assert.equal(stale.status, 301);
    const index = await raw(api, 'GET', '/openapi/v3');
    assert.equal(stale.headers.location, index.json.paths['apis/test.tsop.dev/v1'].serverRelativeURL);
  });

  it('B.23, B.26, B.27: resourceVersion on create, namespace mismatches, missing namespaces', async () => {
    const withRv = await raw(api, 'POST', W, { ...widget('rv'), metadata: { name: 'rv', resourceVersion: '5' } });
    assert.ok(withRv.status === 400 || withRv.status === 500, String(withRv.status));
    assert.match(withRv.json.message, /resourceVersion should not be set on objects to be created/);
    const mismatch = await raw(api, 'POST', W, { ...widget('ns'), metadata: { name: 'ns', namespace: 'kube-system' } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.message, 'the namespace of the provided object does not match the namespace sent on the request');
    const cluster = await raw(api, 'POST', '/apis/test.tsop.dev/v1/gadgets', { apiVersion: 'test.tsop.dev/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'default' } });
    assert.equal(cluster.status, 201);
    assert.equal(cluster.json.metadata.namespace, undefined, 'cluster-scoped objects carry no namespace');
    const missing = await raw(api, 'POST', '/api/v1/namespaces/nowhere/configmaps', configMap('c'));
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'namespaces "nowhere" not found');
  });

  it('B.30, B.33, B.40: list shape, one global revision, uids', async () => {
    const cm = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', configMap('rev'));
    const w = await raw(api, 'POST', W, widget('rev'));
    assert.ok(Number(w.json.metadata.resourceVersion) > Number(cm.json.metadata.resourceVersion), 'revisions increase across kinds');
    const list = await raw(api, 'GET', W);
    assert.equal(list.json.kind, 'WidgetList');
    assert.equal(list.json.apiVersion, 'test.tsop.dev/v1');
    for (const item of list.json.items) {
      assert.equal(item.kind, 'Widget');
      assert.equal(item.apiVersion, 'test.tsop.dev/v1');
      assert.ok(Number(list.json.metadata.resourceVersion) >= Number(item.metadata.resourceVersion));
    }
    const updated = await raw(api, 'PATCH', `${W}/rev`, { spec: { replicas: 2 } }, MERGE);
    assert.equal(updated.json.metadata.uid, w.json.metadata.uid);
    await raw(api, 'DELETE', `${W}/rev`);
    const again = await raw(api, 'POST', W, widget('rev'));
    assert.notEqual(again.json.metadata.uid, w.json.metadata.uid, 'a re-created object has a new uid');
  });

  it('B.46: CRD updates keep status and bump generation only for spec changes', async () => {
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.test.tsop.dev';
    const before = (await raw(api, 'GET', path)).json;
    const labelled = await raw(api, 'PATCH', path, { metadata: { labels: { a: 'b' } }, status: { acceptedNames: { plural: 'x', kind: 'X' } } }, MERGE);
    assert.equal(labelled.status, 200);
    assert.equal(labelled.json.metadata.generation, before.metadata.generation);
    assert.deepEqual(labelled.json.status.acceptedNames, before.status.acceptedNames);
    const spec = await raw(api, 'PATCH', path, { spec: { names: { shortNames: ['gd'] } } }, MERGE);
    assert.equal(spec.json.metadata.generation, before.metadata.generation + 1);
  });

  it('B.48, B.78, B.79: scale without the subresource, patches of missing objects, apply options', async () => {
    assert.equal((await raw(api, 'GET', '/apis/test.tsop.dev/v1/gadgets/g1/scale')).status, 404);
    const missing = await raw(api, 'PATCH', `${W}/absent`, { spec: { replicas: 1 } }, MERGE);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.reason, 'NotFound');
    const noManager = await raw(api, 'PATCH', `${W}/applied`, JSON.stringify(widget('applied')), APPLY);
    assert.equal(noManager.status, 422);
    assert.match(noManager.json.message, /fieldManager: Required value: is required for apply patch/);
    const forced = await raw(api, 'PATCH', `${W}/rev?force=true`, { spec: { replicas: 3 } }, MERGE);
    assert.equal(forced.status, 422);
    assert.match(forced.json.message, /force: Forbidden: may not be specified for non-apply patch/);
    const created = await raw(api, 'PATCH', `${W}/applied?fieldManager=checklist`, JSON.stringify(widget('applied')), APPLY);
    assert.equal(created.status, 201);
  });

  it('B.55: default, kube-system and kube-public may not be deleted', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      const res = await raw(api, 'DELETE', `/api/v1/namespaces/${ns}?dryRun=All`);
      assert.equal(res.status, 403, ns);
      assert.match(res.json.message, /this namespace may not be deleted/);
    }
  });

  it('B.59, B.66: the /watch/ prefix, and sendInitialEvents needs bookmarks and NotOlderThan', async () => {
    const w = watch(api, `/apis/test.tsop.dev/v1/watch/namespaces/default/widgets?resourceVersion=0&timeoutSeconds=1`);
    assert.equal(await w.status, 200);
    await w.ended;
    assert.ok(w.events.length > 0 && w.events.every((e) => e.type === 'ADDED' && e.object.kind === 'Widget'));
    const bad = await raw(api, 'GET', `${W}?watch=true&sendInitialEvents=true`);
    assert.equal(bad.status, 422);
    assert.equal(bad.json.reason, 'Invalid');
  });

  it('B.70, B.71: expired continue tokens, resourceVersionMatch rules', async () => {
    for (let i = 0; i < 3; i++) await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', configMap(`page-${i}`));
    const first = await raw(api, 'GET', '/api/v1/namespaces/default/configmaps?limit=1');
    const token = first.json.metadata.continue;
    assert.ok(token);
    const exact = await raw(api, 'GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${first.json.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.equal(exact.status, 200);
    // Push the snapshot out of the 50-event history.
    for (let i = 0; i < 60; i++) await raw(api, 'PATCH', `${W}/applied`, { metadata: { labels: { n: String(i) } } }, MERGE);
    const expired = await raw(api, 'GET', `/api/v1/namespaces/default/configmaps?limit=1&continue=${encodeURIComponent(token)}`);
    assert.equal(expired.status, 410);
    assert.equal(expired.json.reason, 'Expired');
    assert.match(expired.json.message, /The provided continue parameter is too old to display a consistent list result/);
    const gone = await raw(api, 'GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${first.json.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.equal(gone.status, 410);
    const noRv = await raw(api, 'GET', '/api/v1/namespaces/default/configmaps?resourceVersionMatch=NotOlderThan');
    assert.ok(noRv.status === 400 || noRv.status === 422, String(noRv.status));
  });

  it('B.72, B.73, B.74: label and field selectors, cluster-wide lists in key order', async () => {
    await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'aaa' } });
    await raw(api, 'POST', '/api/v1/namespaces/aaa/configmaps', configMap('sel-z', { tier: 'web', track: 'stable' }));
    await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', configMap('sel-a', { tier: 'db' }));
    await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', configMap('sel-b', { tier: 'cache', 'example.com/k': 'v' }));
    const names = async (query: string) => (await raw(api, 'GET', `/api/v1/configmaps?${query}`)).json.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`);
    assert.deepEqual(await names('labelSelector=tier%20in%20(web,db)'), ['aaa/sel-z', 'default/sel-a']);
    assert.deepEqual(await names('labelSelector=tier%20notin%20(web,db),tier'), ['default/sel-b']);
    assert.deepEqual(await names('labelSelector=tier,!track'), ['default/sel-a', 'default/sel-b']);
    assert.deepEqual(await names('labelSelector=tier!%3Dweb,tier%3D%3Ddb'), ['default/sel-a']);
    assert.deepEqual(await names('labelSelector=example.com/k%3Dv'), ['default/sel-b']);
    assert.deepEqual(await names('labelSelector=tier&fieldSelector=metadata.namespace!%3Ddefault'), ['aaa/sel-z']);
    assert.deepEqual(await names('labelSelector=tier&fieldSelector=metadata.name%3Dsel-b'), ['default/sel-b']);
    const all = await names('');
    assert.deepEqual(all, [...all].sort(), 'items are ordered by namespace, then name');
    assert.equal(all[0]!.split('/')[0], 'aaa');
  });

  it('B.94: events are served with their field selectors', async () => {
    const event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'w.1' }, type: 'Normal', reason: 'Made',
      involvedObject: { kind: 'Widget', name: 'applied', namespace: 'default', apiVersion: 'test.tsop.dev/v1' }, message: 'made', source: { component: 'checklist' },
    };
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/default/events', event)).status, 201);
    const sel = 'fieldSelector=involvedObject.name%3Dapplied,involvedObject.kind%3DWidget,reason%3DMade,type%3DNormal';
    const found = await raw(api, 'GET', `/api/v1/namespaces/default/events?${sel}`);
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.items.map((e: any) => e.metadata.name), ['w.1']);
    const none = await raw(api, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dother');
    assert.deepEqual(none.json.items, []);
  });

  it('B.31, B.83: stored custom resources are read through the current schema (pruned, defaulted)', async () => {
    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'sprockets.check.tsop.dev' },
      spec: {
        group: 'check.tsop.dev', scope: 'Namespaced', names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { old: { type: 'string' }, keep: { type: 'string' } } } } } } }],
      },
    };
    assert.equal((await raw(api, 'POST', crdPath, crd)).status, 201);
    const S = '/apis/check.tsop.dev/v1/namespaces/default/sprockets';
    const created = await raw(api, 'POST', S, { apiVersion: 'check.tsop.dev/v1', kind: 'Sprocket', metadata: { name: 's1' }, spec: { old: 'x', keep: 'y' } });
    assert.equal(created.status, 201);
    const w = watch(api, `${S}?watch=true&resourceVersion=${created.json.metadata.resourceVersion}`);
    const current = (await raw(api, 'GET', `${crdPath}/sprockets.check.tsop.dev`)).json;
    current.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties = { keep: { type: 'string' }, size: { type: 'string', default: 'M' } };
    assert.equal((await raw(api, 'PUT', `${crdPath}/sprockets.check.tsop.dev`, current)).status, 200);
    const expected = { keep: 'y', size: 'M' };
    assert.deepEqual((await raw(api, 'GET', `${S}/s1`)).json.spec, expected, 'GET');
    assert.deepEqual((await raw(api, 'GET', S)).json.items[0].spec, expected, 'LIST');
    // A strict patch starts from the decoded object, so the dropped field is not an unknown field.
    const patched = await raw(api, 'PATCH', `${S}/s1?fieldValidation=Strict`, { metadata: { labels: { a: 'b' } } }, MERGE);
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json.spec, expected);
    await new Promise((r) => setTimeout(r, 50));
    w.close();
    const modified = w.events.find((e) => e.type === 'MODIFIED');
    assert.deepEqual(modified?.object.spec, expected, 'WATCH');
  });

  it('B.68: a watcher that stops reading does not hold up writers, and loses nothing once it reads again', async () => {
    await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'slow' } });
    const url = new URL('/api/v1/namespaces/slow/configmaps?watch=true&resourceVersion=0', api.url);
    let received = '';
    const stalled = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, ca: api.caPem, headers: { Authorization: `Bearer ${api.adminToken}` } }, (res) => {
        res.pause();
        resolve(res);
      });
      req.on('error', reject);
      req.end();
    });
    const big = 'x'.repeat(16 * 1024);
    const count = 150;
    for (let i = 0; i < count; i++) {
      const res = await raw(api, 'POST', '/api/v1/namespaces/slow/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i}` }, data: { big } });
      assert.equal(res.status, 201);
    }
    stalled.setEncoding('utf8');
    stalled.on('data', (d: string) => { received += d; });
    stalled.resume();
    const lines = () => received.split('\n').filter(Boolean).length;
    // The watch from resourceVersion 0 starts with the namespace's existing kube-root-ca.crt.
    for (let t = 0; t < 200 && lines() < count + 1; t++) await new Promise((r) => setTimeout(r, 25));
    stalled.destroy();
    const names = received.split('\n').filter(Boolean).map((l) => JSON.parse(l).object.metadata.name);
    assert.deepEqual(names, ['kube-root-ca.crt', ...Array.from({ length: count }, (_, i) => `big-${i}`)]);
  });

  it('B.68: watchers that hang up while events are flowing are dropped without harm', async () => {
    const watchers = Array.from({ length: 5 }, () => watch(api, '/api/v1/namespaces/slow/configmaps?watch=true&resourceVersion=0'));
    await Promise.all(watchers.map((w) => w.status));
    const writes = Array.from({ length: 40 }, (_, i) => raw(api, 'POST', '/api/v1/namespaces/slow/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `gone-${i}` } }));
    for (const w of watchers) w.close();
    for (const res of await Promise.all(writes)) assert.equal(res.status, 201);
    await new Promise((r) => setTimeout(r, 20));
    const after = await raw(api, 'POST', '/api/v1/namespaces/slow/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'still-serving' } });
    assert.equal(after.status, 201);
  });
});
