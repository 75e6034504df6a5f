import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { parseAllDocuments } from 'yaml';
import { createFileRegistry, fromBinary, toJson, type DescMessage } from '@bufbuild/protobuf';
import { file_google_protobuf_any } from '@bufbuild/protobuf/wkt';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { openApiV2Document } from '../../apiserver/openapi/index.ts';
import { readGnosticDescriptor } from '../../apiserver/openapi/gnostic-descriptor-reader.ts';
import { fixture, installCrd, raw, eventually } from './helpers.ts';
import { pinnedKubectl } from './kubectl-helpers.ts';

type Schema = Record<string, any>;
type V2 = { swagger: string; paths: Record<string, Record<string, any>>; definitions: Record<string, Schema> };

const PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const locust = parseAllDocuments(readFileSync('/work/shared/reference/seed-crds/locust-k8s-operator/head/locust.io_locusttests.yaml', 'utf8'))[0]!.toJS();
const locustV2 = locust.spec.versions.find((v: { name: string }) => v.name === 'v2');
const locustDesc = { group: 'locust.io', version: 'v2', kind: 'LocustTest', plural: 'locusttests', listKind: 'LocustTestList', namespaced: true };

/** Every schema node of a definition (properties, items, additionalProperties), with its path. */
function* nodes(s: unknown, path = ''): Generator<[string, Schema]> {
  if (!s || typeof s !== 'object') return;
  const n = s as Schema;
  yield [path, n];
  for (const [k, v] of Object.entries(n.properties ?? {})) yield* nodes(v, `${path}.${k}`);
  if (n.items && typeof n.items === 'object') yield* nodes(n.items, `${path}[]`);
  if (n.additionalProperties && typeof n.additionalProperties === 'object') yield* nodes(n.additionalProperties, `${path}{}`);
}

function assertV2Clean(doc: V2): void {
  for (const [name, def] of Object.entries(doc.definitions)) {
    for (const [path, n] of nodes(def, name)) {
      for (const k of ['oneOf', 'anyOf', 'allOf', 'not', 'nullable']) assert.equal(n[k], undefined, `${path} has ${k}`);
      if (n.type === 'array') assert.ok(n.items && typeof n.items === 'object', `${path}: array without items`);
      assert.ok(n.type === undefined || typeof n.type === 'string', `${path}: type must be one string`);
    }
  }
  for (const ref of new Set(JSON.stringify(doc).match(/#\/definitions\/[\w.-]+/g) ?? [])) {
    assert.ok(doc.definitions[ref.slice('#/definitions/'.length)], `dangling ${ref}`);
  }
  assert.doesNotMatch(JSON.stringify(doc), /#\/components\//);
}

describe('OpenAPI v2 document', () => {
  test('a CRD version becomes a definition with its GVK, TypeMeta, an ObjectMeta ref and a list', () => {
    const doc = openApiV2Document([{ desc: locustDesc, schema: locustV2.schema.openAPIV3Schema, subresources: { status: true } }]) as unknown as V2;
    assert.equal(doc.swagger, '2.0');
    const def = doc.definitions['io.locust.v2.LocustTest']!;
    assert.deepEqual(def['x-kubernetes-group-version-kind'], [{ group: 'locust.io', version: 'v2', kind: 'LocustTest' }]);
    assert.equal(def.properties.apiVersion.type, 'string');
    assert.equal(def.properties.metadata.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.match(def.properties.spec.properties.image.description, /image/i);
    assert.deepEqual(doc.definitions['io.locust.v2.LocustTestList']!['x-kubernetes-group-version-kind'], [{ group: 'locust.io', version: 'v2', kind: 'LocustTestList' }]);
    assertV2Clean(doc);
  });

  test('constructs v2 cannot express are dropped the way apiextensions drops them', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['a', 'n'],
          properties: {
            a: { type: 'string' },
            n: { type: 'string', nullable: true },
            port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { x: { type: 'string' } } },
            list: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
            one: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'string' } } },
            embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
          },
        },
      },
    };
    const gvk = { group: 'x.dev', version: 'v1', kind: 'Thing' };
    const doc = openApiV2Document([{ desc: { ...gvk, plural: 'things', namespaced: true }, schema }]) as unknown as V2;
    const spec = doc.definitions['dev.x.v1.Thing']!.properties.spec;
    assert.deepEqual(spec.required, ['a']);
    assert.equal(spec.properties.n.type, undefined);
    assert.equal(spec.properties.port.anyOf, undefined);
    assert.equal(spec.properties.port['x-kubernetes-int-or-string'], true);
    assert.equal(spec.properties.free.type, undefined);
    assert.equal(spec.properties.free.properties, undefined);
    assert.equal(spec.properties.list.type, undefined);
    assert.equal(spec.properties.list.items, undefined);
    assert.equal(spec.properties.one.oneOf, undefined);
    assert.deepEqual(Object.keys(spec.properties.one.properties), ['a', 'b']);
    assert.deepEqual(Object.keys(spec.properties.embedded.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.deepEqual(spec.properties.embedded.required, ['kind', 'apiVersion']);
    assertV2Clean(doc);

    const open = openApiV2Document([{ desc: { ...gvk, plural: 'things', namespaced: true }, schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } } }]) as unknown as V2;
    assert.deepEqual(open.definitions['dev.x.v1.Thing'], { type: 'object', 'x-kubernetes-group-version-kind': [gvk] });
  });

  test('every reference CRD version converts to a v2 kubectl can parse', () => {
    const root = '/work/shared/reference/seed-crds';
    const resources = [];
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'))) {
      const text = readFileSync(join(root, file), 'utf8');
      // Helm templates are not YAML until rendered.
      if (text.includes('{{')) continue;
      for (const crd of parseAllDocuments(text).map((d) => d.toJS())) {
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          resources.push({ desc: { group: crd.spec.group, version: v.name, kind: crd.spec.names.kind, plural: crd.spec.names.plural, namespaced: crd.spec.scope === 'Namespaced' }, schema: v.schema?.openAPIV3Schema });
        }
      }
    }
    assert.ok(resources.length >= 10, `${resources.length} CRD versions`);
    const doc = openApiV2Document(resources) as unknown as V2;
    for (const r of resources) assert.ok(doc.definitions[`${r.desc.group.split('.').reverse().join('.')}.${r.desc.version}.${r.desc.kind}`], r.desc.kind);
    assertV2Clean(doc);
  });

  test('built-in kinds carry their GVK and every operation its action, GVK and write parameters', () => {
    const doc = openApiV2Document([
      { desc: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true }, subresources: { status: true, scale: true } },
      { desc: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true } },
    ]) as unknown as V2;
    assert.deepEqual(doc.definitions['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.ok(doc.definitions['io.k8s.api.apps.v1.DeploymentList']);
    assert.ok(doc.definitions['io.k8s.api.core.v1.PodSpec'], 'closure of references');
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!;
    assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(item.patch['x-kubernetes-action'], 'patch');
    const params = item.patch.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`);
    for (const p of ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']) assert.ok(params.includes(p), p);
    assert.ok(item.patch.consumes.includes('application/strategic-merge-patch+json'));
    assert.equal(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.get['x-kubernetes-group-version-kind'].kind, 'Scale');
    assert.ok(doc.paths['/api/v1/namespaces/{namespace}/configmaps']!.post.parameters.some((p: { name: string }) => p.name === 'fieldValidation'));
    assertV2Clean(doc);
  });
});

/** GET with chosen headers, body kept as bytes. */
function getBytes(api: RunningApiServer, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, api.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, ca: api.caPem, headers: { Authorization: `Bearer ${api.adminToken}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** openapi.v2.Document from the descriptor embedded in kubectl, decoded by a general protobuf library. */
function gnosticDocument(): DescMessage | undefined {
  const kubectl = pinnedKubectl('1.32');
  if (!kubectl) return undefined;
  const file = readGnosticDescriptor(readFileSync(kubectl));
  const registry = createFileRegistry(file, (name) => (name === 'google/protobuf/any.proto' ? file_google_protobuf_any : undefined));
  return registry.getMessage('openapi.v2.Document');
}

describe('GET /openapi/v2', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(async () => { await api.stop(); });

  test('JSON has a definition per served kind; ETag answers 304 and changes with CRDs', async () => {
    const first = await raw(api, 'GET', '/openapi/v2');
    assert.equal(first.status, 200);
    const doc = first.json as V2;
    for (const name of ['io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.core.v1.Namespace', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition']) {
      assert.ok(doc.definitions[name]?.['x-kubernetes-group-version-kind'], name);
    }
    assertV2Clean(doc);
    // Create-only resources are listed with their POST alone.
    assert.ok(doc.definitions['io.k8s.api.authorization.v1.SelfSubjectAccessReview']?.['x-kubernetes-group-version-kind']);
    assert.deepEqual(Object.keys(doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']!).sort(), ['parameters', 'post']);
    assert.equal(doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'], undefined);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    const again = await raw(api, 'GET', '/openapi/v2', undefined, { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');

    await installCrd(api, 'widgets-crd.yaml');
    const withCrd = await eventually(async () => {
      const r = await raw(api, 'GET', '/openapi/v2', undefined, { 'If-None-Match': etag });
      return r.status === 200 ? r : undefined;
    }, 5000, 'a new v2 document') as Awaited<ReturnType<typeof raw>>;
    assert.notEqual(withCrd.headers.etag, etag);
    const widget = (withCrd.json as V2).definitions['dev.tsop.test.v1.Widget']!;
    assert.deepEqual(widget['x-kubernetes-group-version-kind'], [{ group: 'test.tsop.dev', version: 'v1', kind: 'Widget' }]);
    assert.deepEqual(widget.properties.spec.properties.color.enum, ['red', 'green', 'blue']);
    assert.ok((withCrd.json as V2).paths['/apis/test.tsop.dev/v1/namespaces/{namespace}/widgets/{name}']!.patch);

    const crd = fixture<Schema>('widgets-crd.yaml');
    assert.equal((await raw(api, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`)).status, 200);
    const gone = await eventually(async () => {
      const r = await raw(api, 'GET', '/openapi/v2');
      return (r.json as V2).definitions['dev.tsop.test.v1.Widget'] ? undefined : r;
    }, 5000, 'the CRD to leave the v2 document') as Awaited<ReturnType<typeof raw>>;
    assert.equal(gone.headers.etag, etag, 'the same content has the same ETag');
  });

  test('protobuf decodes as openapi.v2.Document to the JSON document', async (t) => {
    const desc = gnosticDocument();
    if (!desc) { t.skip('kubectl.1.32 is not installed'); return; }
    const pb = await getBytes(api, '/openapi/v2', { Accept: `${PROTOBUF}, application/json` });
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const etag = pb.headers.etag as string;
    assert.equal((await getBytes(api, '/openapi/v2', { Accept: PROTOBUF, 'If-None-Match': etag })).status, 304);
    const json = (await raw(api, 'GET', '/openapi/v2')).json as V2;
    assert.notEqual(etag, (await raw(api, 'GET', '/openapi/v2')).headers.etag, 'each representation has its own ETag');

    const decoded = toJson(desc, fromBinary(desc, pb.body)) as Schema;
    assert.equal(decoded.swagger, '2.0');
    const defs = new Map((decoded.definitions.additionalProperties as { name: string; value: Schema }[]).map((d) => [d.name, d.value]));
    assert.deepEqual([...defs.keys()].sort(), Object.keys(json.definitions).sort());
    const dep = defs.get('io.k8s.api.apps.v1.Deployment')!;
    const gvk = dep.vendorExtension.find((e: { name: string }) => e.name === 'x-kubernetes-group-version-kind');
    assert.deepEqual(parseAllDocuments(gvk.value.yaml)[0]!.toJS(), json.definitions['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind']);
    const props = new Map((dep.properties.additionalProperties as { name: string; value: Schema }[]).map((p) => [p.name, p.value]));
    assert.equal(props.get('spec')!.Ref ?? props.get('spec')!._ref, '#/definitions/io.k8s.api.apps.v1.DeploymentSpec');
    const spec = new Map((defs.get('io.k8s.api.apps.v1.DeploymentSpec')!.properties.additionalProperties as { name: string; value: Schema }[]).map((p) => [p.name, p.value]));
    assert.deepEqual(spec.get('replicas')!.type.value, ['integer']);
    assert.deepEqual(defs.get('io.k8s.api.apps.v1.DeploymentSpec')!.required, json.definitions['io.k8s.api.apps.v1.DeploymentSpec']!.required);

    const paths = new Map((decoded.paths.path as { name: string; value: Schema }[]).map((p) => [p.name, p.value]));
    const patch = paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!.patch;
    const query = patch.parameters.map((p: Schema) => p.parameter?.nonBodyParameter?.queryParameterSubSchema?.name).filter(Boolean);
    assert.ok(query.includes('fieldValidation') && query.includes('dryRun'), query.join());
    assert.equal(patch.parameters.find((p: Schema) => p.parameter?.bodyParameter)!.parameter.bodyParameter.schema.Ref ?? '', '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch');
  });
});
