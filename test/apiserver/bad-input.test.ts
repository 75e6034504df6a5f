import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { installCrd, raw } from './helpers.ts';

describe('bad input gets a Status error and the server keeps serving', () => {
  let api: RunningApiServer;
  before(async () => {
    api = await startApiServer();
    await installCrd(api, 'widgets-crd.yaml');
  });
  after(() => api.stop());

  const expectStatus = (res: { status: number; json: any; headers: Record<string, unknown> }, code: number, reason: string) => {
    assert.equal(res.status, code, JSON.stringify(res.json));
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.json.kind, 'Status');
    assert.equal(res.json.status, 'Failure');
    assert.equal(res.json.code, code);
    assert.equal(res.json.reason, reason);
  };

  it('rejects malformed JSON and YAML', async () => {
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {', { 'Content-Type': 'application/json' }), 400, 'BadRequest');
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', 'metadata: [unclosed', { 'Content-Type': 'application/yaml' }), 400, 'BadRequest');
    expectStatus(await raw(api, 'PATCH', '/apis/test.tsop.dev/v1/namespaces/default/widgets/x', 'a: [', { 'Content-Type': 'application/apply-patch+yaml' }), 400, 'BadRequest');
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', '[1,2]'), 400, 'BadRequest');
  });

  it('rejects wrong kinds and versions', async () => {
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }), 400, 'BadRequest');
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }), 400, 'BadRequest');
    expectStatus(await raw(api, 'GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound');
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ns-mismatch', namespace: 'other' } }), 400, 'BadRequest');
  });

  it('rejects oversized bodies with 413', async () => {
    const big = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } };
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', big), 413, 'RequestEntityTooLarge');
  });

  it('rejects invalid names with field causes', async () => {
    const res = await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } });
    expectStatus(res, 422, 'Invalid');
    assert.equal(res.json.details.causes[0].field, 'metadata.name');
    assert.match(res.json.message, /^Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/);
    const cm = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a'.repeat(254) } });
    expectStatus(cm, 422, 'Invalid');
    const label = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', labels: { 'bad key!': 'v' } } });
    expectStatus(label, 422, 'Invalid');
    assert.equal(label.json.details.causes[0].field, 'metadata.labels');
    const noName = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
    expectStatus(noName, 422, 'Invalid');
    assert.match(noName.json.message, /name or generateName is required/);
  });

  it('rejects schema violations with field causes', async () => {
    const res = await raw(api, 'POST', '/apis/test.tsop.dev/v1/namespaces/default/widgets', { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'pink', replicas: -1 } });
    expectStatus(res, 422, 'Invalid');
    const fields = res.json.details.causes.map((c: any) => c.field).filter((f: string) => f !== '<nil>').sort();
    assert.deepEqual(fields, ['spec.color', 'spec.replicas']);
    assert.match(res.json.message, /^Widget.test.tsop.dev "w" is invalid: \[/);
    const strict = await raw(api, 'POST', '/apis/test.tsop.dev/v1/namespaces/default/widgets?fieldValidation=Strict', { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'red', extra: 1 } });
    expectStatus(strict, 400, 'BadRequest');
    assert.match(strict.json.message, /strict decoding error: unknown field "spec.extra"/);
    const warn = await raw(api, 'POST', '/apis/test.tsop.dev/v1/namespaces/default/widgets?fieldValidation=Warn', { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'red', extra: 1 } });
    assert.equal(warn.status, 201);
    assert.match(String(warn.headers.warning), /unknown field \\"spec.extra\\"/);
    assert.equal(warn.json.spec.extra, undefined, 'unknown fields are pruned');
    assert.equal(warn.json.spec.replicas, 1, 'defaults are applied');
  });

  it('treats unknown fields of built-in kinds by fieldValidation', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fv' }, data: { a: 'b' }, extra: true };
    const strict = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    expectStatus(strict, 400, 'BadRequest');
    assert.equal(strict.json.message, 'strict decoding error: unknown field "extra"');
    const ignored = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', body);
    assert.equal(ignored.status, 201);
    assert.equal(ignored.json.extra, undefined);
  });

  it('rejects bad patches, selectors and media types', async () => {
    expectStatus(await raw(api, 'PATCH', '/apis/test.tsop.dev/v1/namespaces/default/widgets/w', { spec: {} }, { 'Content-Type': 'application/json-patch+json' }), 400, 'BadRequest');
    expectStatus(await raw(api, 'PATCH', '/apis/test.tsop.dev/v1/namespaces/default/widgets/w', [{ op: 'test', path: '/spec/color', value: 'blue' }], { 'Content-Type': 'application/json-patch+json' }), 422, 'Invalid');
    expectStatus(await raw(api, 'PATCH', '/apis/test.tsop.dev/v1/namespaces/default/widgets/w', { spec: {} }, { 'Content-Type': 'application/strategic-merge-patch+json' }), 415, 'UnsupportedMediaType');
    expectStatus(await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', 'x', { 'Content-Type': 'text/csv' }), 415, 'UnsupportedMediaType');
    expectStatus(await raw(api, 'GET', '/apis/test.tsop.dev/v1/widgets?fieldSelector=spec.nope%3Dx'), 400, 'BadRequest');
    expectStatus(await raw(api, 'GET', '/api/v1/configmaps?labelSelector=a%20in%20(b'), 400, 'BadRequest');
    expectStatus(await raw(api, 'GET', '/api/v1/configmaps', undefined, { Accept: 'application/xml' }), 406, 'NotAcceptable');
    expectStatus(await raw(api, 'GET', '/api/v1/configmaps?continue=garbage&limit=1'), 400, 'BadRequest');
  });

  it('requires credentials', async () => {
    expectStatus(await raw(api, 'GET', '/api/v1/namespaces', undefined, { Authorization: 'Bearer wrong' }), 401, 'Unauthorized');
    assert.equal((await raw(api, 'GET', '/version', undefined, { Authorization: '' })).status, 200);
  });

  it('still serves after all of that', async () => {
    const ok = await raw(api, 'GET', '/apis/test.tsop.dev/v1/namespaces/default/widgets/w');
    assert.equal(ok.status, 200);
  });
});
