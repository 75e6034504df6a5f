import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { openApiDocPath, openApiV3Document, openApiV3Hash, openApiV3Index } from '../../apiserver/openapi/index.ts';

type Doc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; 'x-kubernetes-group-version-kind'?: unknown }>>; components: { schemas: Record<string, Record<string, unknown>> } };

const locust = parseAllDocuments(readFileSync('/work/shared/reference/seed-crds/locust-k8s-operator/head/locust.io_locusttests.yaml', 'utf8'))[0]!.toJS();
const v2 = locust.spec.versions.find((v: { name: string }) => v.name === 'v2');
const desc = { group: 'locust.io', version: 'v2', kind: 'LocustTest', plural: 'locusttests', listKind: 'LocustTestList', namespaced: true };

function doc(schema: unknown = v2.schema.openAPIV3Schema): Doc {
  return openApiV3Document('locust.io', 'v2', [{ desc, schema, subresources: { status: true } }]) as Doc;
}

test('the PATCH operation of a CR declares fieldValidation and the GVK object', () => {
  const d = doc();
  const item = d.paths['/apis/locust.io/v2/namespaces/{namespace}/locusttests/{name}']!;
  assert.deepEqual(item.patch!['x-kubernetes-group-version-kind'], { group: 'locust.io', version: 'v2', kind: 'LocustTest' });
  const names = item.patch!.parameters!.map((p) => `${p.in}:${p.name}`);
  for (const n of ['query:fieldValidation', 'query:dryRun', 'query:fieldManager', 'query:force']) assert.ok(names.includes(n), n);
  assert.ok(d.paths['/apis/locust.io/v2/namespaces/{namespace}/locusttests/{name}/status']);
  assert.ok(d.paths['/apis/locust.io/v2/locusttests']);
});

test('components carry the CR schema with the GVK array, apiVersion/kind and an ObjectMeta ref', () => {
  const d = doc();
  const s = d.components.schemas['io.locust.v2.LocustTest']!;
  assert.deepEqual(s['x-kubernetes-group-version-kind'], [{ group: 'locust.io', version: 'v2', kind: 'LocustTest' }]);
  const props = s.properties as Record<string, Record<string, unknown>>;
  assert.equal(props.apiVersion!.type, 'string');
  assert.deepEqual(props.metadata!.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
  assert.ok(d.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.ok(d.components.schemas['io.locust.v2.LocustTestList']);
  const spec = props.spec as { properties: Record<string, { description?: string }> };
  assert.match(spec.properties.image!.description!, /image/i);
});

test('built-in kinds come from the catalogue', () => {
  const d = openApiV3Document('', 'v1', [{ desc: { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false } }]) as Doc;
  const patch = d.paths['/api/v1/namespaces/{name}']!.patch!;
  assert.ok(patch.parameters!.some((p) => p.name === 'fieldValidation'));
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Namespace' });
  const ns = d.components.schemas['io.k8s.api.core.v1.Namespace']!;
  assert.ok(ns.properties);
  const refs = JSON.stringify(d).match(/#\/components\/schemas\/[\w.-]+/g) ?? [];
  for (const r of refs) assert.ok(d.components.schemas[r.slice('#/components/schemas/'.length)], `dangling ${r}`);
  assert.doesNotMatch(JSON.stringify(d), /#\/definitions\//);
});

test('the index hash is the upper-case SHA-512 of the document and changes with it', () => {
  const a = doc();
  const changed = structuredClone(v2.schema.openAPIV3Schema);
  changed.properties.spec.properties.newField = { type: 'string', description: 'new' };
  const b = doc(changed);
  const ia = openApiV3Index({ [openApiDocPath('locust.io', 'v2')]: a, [openApiDocPath('', 'v1')]: { openapi: '3.0.0' } });
  const url = ia.paths['apis/locust.io/v2']!.serverRelativeURL;
  assert.match(url, /^\/openapi\/v3\/apis\/locust\.io\/v2\?hash=[0-9A-F]{128}$/);
  assert.equal(url.split('hash=')[1], openApiV3Hash(a));
  assert.equal(openApiV3Hash(doc()), openApiV3Hash(a));
  assert.notEqual(openApiV3Hash(b), openApiV3Hash(a));
  assert.ok(ia.paths['api/v1']);
});

test('create-only review kinds publish their POST and schema, nothing else', () => {
  const review = { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false };
  const d = openApiV3Document('authorization.k8s.io', 'v1', [{ desc: review, createOnly: true }]) as Doc;
  assert.deepEqual(Object.keys(d.paths), ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']);
  const collection = d.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']!;
  assert.deepEqual(Object.keys(collection).filter((k) => k !== 'parameters'), ['post']);
  assert.deepEqual(collection.post!['x-kubernetes-group-version-kind'], { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' });
  const schema = d.components.schemas['io.k8s.api.authorization.v1.SelfSubjectAccessReview'] as { properties: Record<string, unknown> };
  assert.ok(schema.properties.spec && schema.properties.status, 'the kind schema is published for explain');
});
