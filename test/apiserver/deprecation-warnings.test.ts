/**
 * Deprecated versions warn on every request: a CRD version with `deprecated: true` answers with
 * `Warning: 299 - "<deprecationWarning or the default text>"` on get, list, watch, create, update,
 * patch and delete (errors included), kubectl prints it on stderr, and v1 Endpoints warns from
 * Kubernetes 1.33 on.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

let api: RunningApiServer;
const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } };
const DEFAULT_V1 = 'example.com/v1 Widget is deprecated; use example.com/v2 Widget';
const CUSTOM_V1BETA1 = 'widgets in v1beta1 are retired, "really"';

before(async () => {
  api = await startApiServer();
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        { name: 'v3alpha1', served: true, storage: false, schema },
        { name: 'v2', served: true, storage: true, schema },
        { name: 'v1', served: true, storage: false, deprecated: true, schema },
        { name: 'v1beta1', served: true, storage: false, deprecated: true, deprecationWarning: CUSTOM_V1BETA1, schema },
      ],
    },
  };
  const res = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  assert.equal(res.status, 201, res.text);
  await eventually(async () => (await raw(api, 'GET', '/apis/example.com/v1')).status === 200, 5000, 'example.com/v1 served');
  await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dep' } });
});
after(async () => { await api?.stop(); });

/** The Warning header values of a response, decoded from the UTF-8 bytes on the wire. */
function warnings(headers: Record<string, string | string[] | undefined>): string[] {
  const h = headers.warning;
  if (h === undefined) return [];
  return Buffer.from(String(h), 'latin1').toString('utf8').split(/,\s(?=299 )/);
}

/** Status and headers of a request whose body is not awaited (watches). */
function headersOf(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, api.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, ca: api.caPem, headers: { Authorization: `Bearer ${api.adminToken}` } }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

const widget = (name: string, version: string) => ({ apiVersion: `example.com/${version}`, kind: 'Widget', metadata: { name }, spec: { size: 1 } });

test('every verb on a deprecated CRD version carries the default warning; the preferred version carries none', async () => {
  const base = '/apis/example.com/v1/namespaces/dep/widgets';
  const expected = [`299 - "${DEFAULT_V1}"`];
  const created = await raw(api, 'POST', base, widget('w1', 'v1'));
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(warnings(created.headers), expected);
  assert.deepEqual(warnings((await raw(api, 'GET', `${base}/w1`)).headers), expected);
  assert.deepEqual(warnings((await raw(api, 'GET', base)).headers), expected);
  const watch = await headersOf(`${base}?watch=true&timeoutSeconds=5`);
  assert.equal(watch.status, 200);
  assert.deepEqual(warnings(watch.headers), expected);
  const updated = await raw(api, 'PUT', `${base}/w1`, { ...created.json, spec: { size: 2 } });
  assert.equal(updated.status, 200, updated.text);
  assert.deepEqual(warnings(updated.headers), expected);
  const patched = await raw(api, 'PATCH', `${base}/w1`, { spec: { size: 3 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(warnings(patched.headers), expected);
  const missing = await raw(api, 'GET', `${base}/nope`);
  assert.equal(missing.status, 404);
  assert.deepEqual(warnings(missing.headers), expected, 'errors carry the warning too');
  const deleted = await raw(api, 'DELETE', `${base}/w1`);
  assert.equal(deleted.status, 200, deleted.text);
  assert.deepEqual(warnings(deleted.headers), expected);

  const v2 = await raw(api, 'POST', '/apis/example.com/v2/namespaces/dep/widgets', widget('w2', 'v2'));
  assert.equal(v2.status, 201, v2.text);
  assert.deepEqual(warnings(v2.headers), []);
  assert.deepEqual(warnings((await raw(api, 'GET', '/apis/example.com/v3alpha1/namespaces/dep/widgets')).headers), []);
});

test('deprecationWarning replaces the default text', async () => {
  const res = await raw(api, 'GET', '/apis/example.com/v1beta1/namespaces/dep/widgets');
  assert.equal(res.status, 200);
  assert.deepEqual(warnings(res.headers), ['299 - "widgets in v1beta1 are retired, \\"really\\""']);
});

test('kubectl 1.32 prints the deprecation warning on stderr', { skip: !pinnedKubectl('1.32') && 'kubectl.1.32 is not installed' }, async () => {
  const kubectl = new Kubectl(pinnedKubectl('1.32')!, api.kubeconfigPath);
  const res = await kubectl.run(['get', 'widgets.v1.example.com', '-n', 'dep', '-o', 'name']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^widget\.example\.com\/w2$/m);
  assert.match(res.stderr, new RegExp(`^Warning: ${DEFAULT_V1.replace(/[./]/g, '\\$&')}$`, 'm'));
  const preferred = await kubectl.run(['get', 'widgets.v2.example.com', '-n', 'dep', '-o', 'name']);
  assert.equal(preferred.code, 0, preferred.stderr);
  assert.doesNotMatch(preferred.stderr, /Warning/);
});

test('v1 Endpoints warns from Kubernetes 1.33 on', async () => {
  const newer = await startApiServer({ kubeVersion: '1.33' });
  try {
    const res = await raw(newer, 'GET', '/api/v1/namespaces/default/endpoints');
    assert.equal(res.status, 200);
    assert.deepEqual(warnings(res.headers), ['299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"']);
  } finally {
    await newer.stop();
  }
  assert.deepEqual(warnings((await raw(api, 'GET', '/api/v1/namespaces/default/endpoints')).headers), []);
});
