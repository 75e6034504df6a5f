import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw, watch } from './helpers.ts';

const cm = (name: string, labels: Record<string, string> = {}, v = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { v } });
const base = '/api/v1/namespaces/default/configmaps';

describe('watch semantics', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(() => api.stop());

  it('replays every event after a list resourceVersion, deletions with their own revision', async () => {
    await raw(api, 'POST', base, cm('w1'));
    const list = await raw(api, 'GET', base);
    const listRv = list.json.metadata.resourceVersion;
    await raw(api, 'PUT', `${base}/w1`, cm('w1', {}, '2'));
    const del = await raw(api, 'DELETE', `${base}/w1`);
    assert.equal(del.status, 200);
    const w = watch(api, `${base}?watch=true&resourceVersion=${listRv}&timeoutSeconds=1`);
    assert.equal(await w.status, 200);
    await w.ended;
    assert.deepEqual(w.events.map((e) => e.type), ['MODIFIED', 'DELETED']);
    const [mod, gone] = w.events;
    assert.ok(Number(gone!.object.metadata.resourceVersion) > Number(mod!.object.metadata.resourceVersion));
    assert.equal(gone!.object.kind, 'ConfigMap');
  });

  it('sends synthetic ADDED events for resourceVersion 0 and then live changes', async () => {
    await raw(api, 'POST', base, cm('w2'));
    const w = watch(api, `${base}?watch=true&resourceVersion=0`);
    await eventually(() => w.events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'w2'));
    await raw(api, 'POST', base, cm('w3'));
    await eventually(() => w.events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'w3'));
    w.close();
  });

  it('answers 410 Expired for a compacted or future resourceVersion and closes the stream', async () => {
    const w = watch(api, `${base}?watch=true&resourceVersion=999999`);
    assert.equal(await w.status, 200);
    await w.ended;
    assert.equal(w.events.length, 1);
    assert.equal(w.events[0]!.type, 'ERROR');
    assert.equal(w.events[0]!.object.code, 410);
    assert.equal(w.events[0]!.object.reason, 'Expired');
  });

  it('turns selector transitions into ADDED, MODIFIED and DELETED', async () => {
    await raw(api, 'POST', base, cm('sel', { tier: 'a' }));
    const w = watch(api, `${base}?watch=true&labelSelector=tier%3Db`);
    await w.status;
    await raw(api, 'PUT', `${base}/sel`, cm('sel', { tier: 'b' }));
    await raw(api, 'PUT', `${base}/sel`, cm('sel', { tier: 'b' }, '2'));
    const moved = await raw(api, 'PUT', `${base}/sel`, cm('sel', { tier: 'c' }, '2'));
    await eventually(() => w.events.length === 3);
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.equal(w.events[2]!.object.metadata.labels.tier, 'b', 'DELETED carries the last matching content');
    assert.equal(w.events[2]!.object.metadata.resourceVersion, moved.json.metadata.resourceVersion);
    w.close();
  });

  it('sends bookmarks, initial-events-end and honours timeoutSeconds', async () => {
    const w = watch(api, `${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`);
    await w.ended;
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true');
    assert.ok(bookmark, 'initial-events-end bookmark');
    assert.ok(w.events.findIndex((e) => e === bookmark) > 0, 'after the initial ADDED events');
    const bad = await raw(api, 'GET', `${base}?watch=true&sendInitialEvents=true`);
    assert.equal(bad.status, 422);
  });

  it('watches a single object by name and streams Tables when asked', async () => {
    const w = watch(api, `${base}/w2?watch=true&resourceVersion=0`);
    await eventually(() => w.events.length === 1);
    assert.equal(w.events[0]!.object.metadata.name, 'w2');
    w.close();
    const t = watch(api, `${base}?watch=true&resourceVersion=0`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    await eventually(() => t.events.length >= 2);
    assert.equal(t.events[0]!.object.kind, 'Table');
    assert.ok(t.events[0]!.object.columnDefinitions.length > 0);
    assert.equal(t.events[1]!.object.columnDefinitions, undefined, 'only the first event has column definitions');
    assert.equal(t.events[1]!.object.rows.length, 1);
    t.close();
  });

  it('paginates at a consistent snapshot', async () => {
    for (let i = 0; i < 5; i++) await raw(api, 'POST', '/api/v1/namespaces/kube-public/configmaps', cm(`p${i}`));
    const first = await raw(api, 'GET', '/api/v1/namespaces/kube-public/configmaps?limit=2');
    assert.equal(first.json.items.length, 2);
    assert.ok(first.json.metadata.continue);
    // kube-public also holds its kube-root-ca.crt, which sorts first.
    assert.equal(first.json.metadata.remainingItemCount, 4);
    await raw(api, 'DELETE', '/api/v1/namespaces/kube-public/configmaps/p4');
    await raw(api, 'POST', '/api/v1/namespaces/kube-public/configmaps', cm('p5'));
    const names = first.json.items.map((i: any) => i.metadata.name);
    let token = first.json.metadata.continue;
    while (token) {
      const page = await raw(api, 'GET', `/api/v1/namespaces/kube-public/configmaps?limit=2&continue=${encodeURIComponent(token)}`);
      assert.equal(page.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
      names.push(...page.json.items.map((i: any) => i.metadata.name));
      token = page.json.metadata.continue;
    }
    assert.deepEqual(names, ['kube-root-ca.crt', 'p0', 'p1', 'p2', 'p3', 'p4']);
  });
});
