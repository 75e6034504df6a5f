/**
 * A builder-made controller against the local API server over HTTPS: reconciles created objects,
 * owns() brings the owner back when a child changes, predicates filter events.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps, Secrets } from '../../runtime/client/index.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { not, predicateFromFunc } from '../../runtime/predicate/index.ts';
import { metaOf } from '../../runtime/handler/index.ts';
import { createOrUpdate, setControllerReference } from '../../runtime/helpers/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import type { Request } from '../../runtime/controller/index.ts';

let t: TestApi;
let client: ApiClient;
let mgr: Manager;
const stop = new AbortController();
let running: Promise<void>;
const reconciled: Request[] = [];
const ns = 'default';

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  mgr = new Manager({ kubeConfig: t.kc, logger: silentLogger(), healthProbeBindAddress: { port: 0 }, metricsBindAddress: { port: 0 } });
  const managed = predicateFromFunc<KubeObject>((o) => o.metadata.labels?.['example.com/managed'] !== 'no');
  controllerFor(mgr, ConfigMaps, { predicates: [managed] })
    .owns(Secrets)
    .withEventFilter(not(predicateFromFunc((o) => metaOf(o).name === 'kube-root-ca.crt')))
    .withOptions({ maxConcurrentReconciles: 2 })
    .complete(async (req, ctx) => {
      reconciled.push(req);
      let parent: KubeObject;
      try {
        parent = await mgr.client.get(ConfigMaps, req);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      const { result } = await createOrUpdate(mgr.client, Secrets, { metadata: { name: `${req.name}-child`, namespace: req.namespace } } as KubeObject, (s) => {
        s.stringData = undefined;
        s.data = Object.fromEntries(Object.entries((parent.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        setControllerReference(parent, s);
      });
      ctx.logger.debug({ result }, 'child synced');
    });
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => {
  stop.abort();
  await running;
  await t.api.stop();
});

const parent = (name: string, data: Record<string, string>, labels: Record<string, string> = { 'example.com/managed': 'yes' }): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data });
const childData = async (name: string) => {
  try {
    const s = await client.get(Secrets, { namespace: ns, name: `${name}-child` });
    return Object.fromEntries(Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

test('reconciles created objects into owned children', async () => {
  await client.create(ConfigMaps, parent('alpha', { color: 'blue' }));
  await waitFor(async () => (await childData('alpha'))?.color === 'blue', 'alpha child');
  const child = await client.get(Secrets, { namespace: ns, name: 'alpha-child' });
  const owner = await client.get(ConfigMaps, { namespace: ns, name: 'alpha' });
  assert.deepEqual(child.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'alpha', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  await client.patch(ConfigMaps, { namespace: ns, name: 'alpha' }, { data: { color: 'green' } }, { type: 'merge' });
  await waitFor(async () => (await childData('alpha'))?.color === 'green', 'alpha child follows the update');
});

test('owns(): a changed child brings its owner back, which repairs it', async () => {
  await client.create(ConfigMaps, parent('beta', { size: 'L' }));
  await waitFor(async () => (await childData('beta'))?.size === 'L', 'beta child');
  const before = reconciled.filter((r) => r.name === 'beta').length;
  await client.patch(Secrets, { namespace: ns, name: 'beta-child' }, { data: { size: Buffer.from('tampered').toString('base64') } }, { type: 'merge' });
  await waitFor(async () => (await childData('beta'))?.size === 'L' && reconciled.filter((r) => r.name === 'beta').length > before, 'beta child repaired');
  assert.ok(reconciled.every((r) => !r.name.endsWith('-child')), 'children are never reconciled as owners');
  await client.delete(Secrets, { namespace: ns, name: 'beta-child' });
  await waitFor(async () => (await childData('beta'))?.size === 'L', 'deleted child recreated');
});

test('predicates filter events: unmanaged objects are never reconciled', async () => {
  await client.create(ConfigMaps, parent('ignored', { a: '1' }, { 'example.com/managed': 'no' }));
  await client.create(ConfigMaps, parent('gamma', { a: '1' }));
  await waitFor(async () => (await childData('gamma'))?.a === '1', 'gamma child');
  assert.equal(reconciled.some((r) => r.name === 'ignored'), false);
  assert.equal(await childData('ignored'), undefined);
});

test('metrics and health endpoints are served', async () => {
  const { metrics, health } = mgr.endpoints();
  const text = await (await fetch(`${metrics}/metrics`)).text();
  assert.match(text, /controller_runtime_reconcile_total\{controller="configmap",result="success"\} [1-9]/);
  assert.match(text, /workqueue_adds_total\{name="configmap",controller="configmap"\} [1-9]/);
  const ready = await fetch(`${health}/readyz?verbose`);
  assert.equal(ready.status, 200);
  assert.match(await ready.text(), /\[\+\]informers ok/);
  assert.equal((await fetch(`${health}/healthz`)).status, 200);
});
