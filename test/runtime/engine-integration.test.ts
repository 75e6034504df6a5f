/**
 * The state engine on the local API server: a Widget CRD reconciled through fetch → plan → apply,
 * with a missing upstream Secret blocking apply (ConfigValid=False), recovery to Ready, events on
 * condition transitions, and the paused annotation.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps, CustomResourceDefinitions, Events, Secrets, defineResource } from '../../runtime/client/index.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { EventRecorder } from '../../runtime/events/index.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import { EngineError, stateEngine, type ComponentHealth } from '../../runtime/engine/index.ts';

const Widgets = defineResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true });
const ns = 'default';
let t: TestApi;
let client: ApiClient;
const stop = new AbortController();
let running: Promise<void>;

interface Remote { secret?: KubeObject; config?: KubeObject }

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await client.create(CustomResourceDefinitions, {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }] },
  });
  await waitFor(async () => { try { await client.list(Widgets, { namespace: ns }); return true; } catch { return false; } }, 'CRD served');
  const mgr = new Manager({ kubeConfig: t.kc, logger: silentLogger() });
  const recorder = new EventRecorder({ client: mgr.client, component: 'widget-controller' });
  const engine = stateEngine<KubeObject, Remote>({ client: mgr.client, resource: Widgets, name: 'widget', recorder, pausedAnnotation: 'example.com/reconciliation-paused', finalizer: 'example.com/cleanup' }, {
    async fetchRemoteState(w) {
      const spec = w.spec as { secretRef: string };
      const get = async (res: typeof Secrets, name: string) => {
        try { return await mgr.client.get(res, { namespace: ns, name }); } catch (err) { if (isNotFound(err)) return undefined; throw err; }
      };
      return { secret: await get(Secrets, spec.secretRef), config: await get(ConfigMaps, `${w.metadata.name}-config`) };
    },
    planResources(w) {
      return { apply: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${w.metadata.name}-config`, namespace: ns }, data: { size: String((w.spec as { size: number }).size) } }] };
    },
    componentHealth(w, s): ComponentHealth[] {
      const secret: ComponentHealth = s.secret ? { component: 'Credentials', state: 'Ready' } : { component: 'Credentials', state: 'Pending', error: new EngineError('MissingUpstreamDependency', `secret ${(w.spec as { secretRef: string }).secretRef} not found`) };
      const synced = (s.config?.data as Record<string, string> | undefined)?.size === String((w.spec as { size: number }).size);
      return [secret, { component: 'Config', state: synced ? 'Ready' : 'Progressing' }];
    },
    decorateStatus(w, s) { (w.status as Record<string, unknown>).configName = s.config?.metadata.name ?? ''; },
  });
  controllerFor(mgr, Widgets).owns(ConfigMaps)
    .watches(Secrets, async (secret) => (await mgr.client.list(Widgets, { namespace: ns })).items
      .filter((w) => (w.spec as { secretRef: string }).secretRef === secret.metadata?.name).map((w) => ({ namespace: ns, name: w.metadata.name! })))
    .complete(engine);
  running = mgr.start(stop.signal);
  await mgr.elected();
});

after(async () => { stop.abort(); await running; await t.api.stop(); });

const widget = async (name: string) => client.get(Widgets, { namespace: ns, name });
const cond = (w: KubeObject, type: string) => ((w.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
const configData = async (name: string) => {
  try { return ((await client.get(ConfigMaps, { namespace: ns, name: `${name}-config` })).data as Record<string, string>); } catch (err) { if (isNotFound(err)) return undefined; throw err; }
};

test('a missing upstream dependency blocks apply; its arrival makes the widget Ready', async () => {
  await client.create(Widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { secretRef: 'creds', size: 3 } });
  await waitFor(async () => cond(await widget('w1'), 'ConfigValid')?.reason === 'ReferenceNotFound', 'ConfigValid=False');
  let w = await widget('w1');
  assert.equal(cond(w, 'ConfigValid')!.status, 'False');
  assert.equal(cond(w, 'Ready')!.status, 'False');
  assert.equal((w.status as { status: string }).status, 'Pending');
  assert.equal(await configData('w1'), undefined, 'apply skipped while the upstream is missing');
  assert.deepEqual(w.metadata.finalizers, ['example.com/cleanup']);

  await client.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: ns }, data: {} });
  await waitFor(async () => cond(await widget('w1'), 'Ready')?.status === 'True', 'Ready=True');
  w = await widget('w1');
  assert.equal(cond(w, 'ConfigValid')!.status, 'True');
  assert.equal(cond(w, 'ConfigValid')!.reason, 'ConfigurationValid');
  assert.equal(cond(w, 'CredentialsReady')!.status, 'True');
  assert.equal(cond(w, 'ConfigReady')!.status, 'True');
  assert.equal((w.status as { status: string }).status, 'Ready');
  assert.equal((w.status as { observedGeneration: number }).observedGeneration, w.metadata.generation);
  assert.equal((w.status as { configName: string }).configName, 'w1-config');
  const cm = await client.get(ConfigMaps, { namespace: ns, name: 'w1-config' });
  assert.equal((cm.data as Record<string, string>).size, '3');
  assert.equal(cm.metadata.labels?.['app.kubernetes.io/managed-by'], 'widget-controller');
  assert.equal(cm.metadata.ownerReferences?.[0]?.uid, w.metadata.uid);

  await waitFor(async () => (await client.list(Events, { namespace: ns })).items.some((e) => (e.involvedObject as { name: string }).name === 'w1' && e.reason === 'ConfigurationValid'), 'transition event recorded');
});

test('the paused annotation stops reconciliation until removed', async () => {
  await client.patch(Widgets, { namespace: ns, name: 'w1' }, { metadata: { annotations: { 'example.com/reconciliation-paused': 'true' } }, spec: { size: 5 } }, { type: 'merge' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await configData('w1'))?.size, '3', 'paused: child untouched');
  await client.patch(Widgets, { namespace: ns, name: 'w1' }, { metadata: { annotations: { 'example.com/reconciliation-paused': null } } }, { type: 'merge' });
  await waitFor(async () => (await configData('w1'))?.size === '5', 'resumed: child updated');
});

test('deletion runs through the finalizer', async () => {
  await client.delete(Widgets, { namespace: ns, name: 'w1' });
  await waitFor(async () => { try { await widget('w1'); return false; } catch (err) { return isNotFound(err); } }, 'widget gone');
});
