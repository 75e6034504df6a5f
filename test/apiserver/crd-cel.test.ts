import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { compileCrd, validateCustomResourceDefinition, type CompiledCrdVersion } from '../../apiserver/crd/index.ts';
import { decodeCustom, validateCustom, type FieldValidation } from '../../apiserver/objects/admission.ts';
import type { ApiContext } from '../../apiserver/objects/context.ts';
import type { ResourceType } from '../../apiserver/resources/types.ts';
import { StatusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

/** How a write reaches the two admission steps: its operation and unknown-field policy. */
interface Write { operation: 'CREATE' | 'UPDATE'; fieldValidation: FieldValidation }
const create: Write = { operation: 'CREATE', fieldValidation: 'Strict' };
const update: Write = { operation: 'UPDATE', fieldValidation: 'Strict' };

/**
 * Decodes then validates `obj` as the server does around its webhooks (decodeCustom, then
 * validateCustom against `old` on update): the decoded object and the 422 with its causes, if refused.
 */
function admitted(v: CompiledCrdVersion, obj: KubeObject, old: KubeObject | undefined, write: Write): { object: KubeObject; error?: StatusError; causes: StatusCause[] } {
  const rt = { group: obj.apiVersion?.split('/')[0] ?? '', kind: obj.kind } as ResourceType;
  const ctx = { compiledVersion: () => v } as unknown as ApiContext;
  const object = decodeCustom(ctx, rt, obj, write.fieldValidation, []);
  try {
    validateCustom(ctx, rt, object, old, write.operation);
    return { object, causes: [] };
  } catch (err) {
    if (err instanceof StatusError && err.code === 422) return { object, error: err, causes: err.causes };
    throw err;
  }
}

function crdWith(rootRules: unknown[], specSchema: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', kind: 'Gadget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: {
        type: 'object', 'x-kubernetes-validations': rootRules,
        properties: { metadata: { type: 'object' }, spec: specSchema },
      } } }],
    },
  };
}

const gadgetCrd = crdWith(
  [{ rule: 'self.metadata.name.size() <= 10', message: 'name must be at most 10 characters' }],
  {
    type: 'object',
    'x-kubernetes-validations': [
      { rule: 'self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' exceeds max ' + string(self.max)", reason: 'FieldValueForbidden' },
      { rule: 'has(self.mode) || self.max < 100', message: 'mode is required for large ranges', fieldPath: '.mode', reason: 'FieldValueRequired' },
    ],
    properties: {
      min: { type: 'integer' }, max: { type: 'integer' }, mode: { type: 'string' },
      storage: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'storage is immutable' }] },
      names: { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'self.isSorted()' }, { rule: 'self.all(n, n.matches("^[a-z]+$"))' }] },
    },
  },
);

function gadget(name: string, spec: unknown): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace: 'default' }, spec };
}

function texts(causes: { field?: string; message?: string }[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}

test('CEL rules: metadata.name at the root, messageExpression, reason and fieldPath', () => {
  const v = compileCrd(gadgetCrd).version('v1')!;
  const r = admitted(v, gadget('a-very-long-name', { min: 500, max: 200 }), undefined, create);
  assert.deepEqual(texts(r.causes), [
    '<nil>: Invalid value: "object": name must be at most 10 characters',
    'spec: Forbidden: min 500 exceeds max 200',
    'spec.mode: Required value: mode is required for large ranges',
  ]);
  assert.deepEqual(r.causes.map((c) => c.reason), ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired']);
  assert.equal(admitted(v, gadget('ok', { min: 1, max: 2 }), undefined, create).error, undefined);
});

test('CEL transition rules run only on update with an old value', () => {
  const v = compileCrd(gadgetCrd).version('v1')!;
  const old = gadget('ok', { min: 1, max: 2, storage: 'ssd' });
  assert.equal(admitted(v, gadget('ok', { min: 1, max: 2, storage: 'hdd' }), undefined, create).error, undefined);
  const r = admitted(v, gadget('ok', { min: 1, max: 2, storage: 'hdd' }), old, update);
  assert.deepEqual(texts(r.causes), ['spec.storage: Invalid value: "string": storage is immutable']);
  assert.equal(admitted(v, gadget('ok', { min: 1, max: 2, storage: 'ssd' }), old, update).error, undefined);
  // no old value at that path: the transition rule is skipped
  assert.equal(admitted(v, gadget('ok', { min: 1, max: 2, storage: 'hdd' }), gadget('ok', { min: 1, max: 2 }), update).error, undefined);
});

test('CEL list library and matches(); default message is "failed rule"', () => {
  const v = compileCrd(gadgetCrd).version('v1')!;
  const r = admitted(v, gadget('ok', { min: 1, max: 2, names: ['b', 'A'] }), undefined, create);
  assert.deepEqual(texts(r.causes), [
    'spec.names: Invalid value: "array": failed rule: self.isSorted()',
    'spec.names: Invalid value: "array": failed rule: self.all(n, n.matches("^[a-z]+$"))',
  ]);
});

test('CEL evaluation errors are reported with the rule', () => {
  const crd = crdWith([], { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } }, 'x-kubernetes-validations': [{ rule: 'self.a.b == "x"' }] });
  const r = admitted(compileCrd(crd).version('v1')!, gadget('ok', { a: {} }), undefined, create);
  assert.equal(r.causes.length, 1);
  assert.match(r.causes[0]!.message!, /^Invalid value: "object": .*b.* evaluating rule: self\.a\.b == "x"$/);
});

test('CEL compile errors reject the CRD with the rule path', () => {
  const crd = crdWith([], { type: 'object', properties: { x: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.x >' }] });
  const causes = validateCustomResourceDefinition(crd);
  assert.equal(causes.length, 1);
  assert.equal(causes[0]!.field, 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule');
  assert.match(causes[0]!.message!, /^Invalid value: apiextensions\.ValidationRule\{Rule:"self\.x >", .*\}: compilation failed: ERROR: <input>:1:/);
});

const seeds = '/work/shared/reference/seed-crds/';
function loadCrd(path: string): KubeObject {
  return parseAllDocuments(readFileSync(seeds + path, 'utf8'))[0]!.toJS() as KubeObject;
}

test('seed CRDs are accepted and admit realistic objects', () => {
  const locust = loadCrd('locust-k8s-operator/head/locust.io_locusttests.yaml');
  assert.deepEqual(validateCustomResourceDefinition(locust), []);
  const lt = admitted(compileCrd(locust).version('v2')!, {
    apiVersion: 'locust.io/v2', kind: 'LocustTest', metadata: { name: 'demo', namespace: 'default' },
    spec: { image: 'locustio/locust:2.20.0', master: { command: '--locustfile /lotest/src/demo.py' }, worker: { command: '--locustfile /lotest/src/demo.py', replicas: 3 } },
  }, undefined, create);
  assert.equal(lt.error, undefined, JSON.stringify(lt.causes));
  assert.equal((lt.object.spec as { imagePullPolicy?: string }).imagePullPolicy, 'IfNotPresent');

  const mapping = loadCrd('dr-syncer/config-crd-bases/dr-syncer.io_namespacemappings.yaml');
  assert.deepEqual(validateCustomResourceDefinition(mapping), []);
  const nm = compileCrd(mapping);
  const version = nm.storageVersion()!;
  const r = admitted(nm.version(version)!, {
    apiVersion: `dr-syncer.io/${version}`, kind: 'NamespaceMapping', metadata: { name: 'm1', namespace: 'dr-syncer' },
    spec: { sourceNamespace: 'prod', destinationNamespace: 'dr', clusterMappingRef: { name: 'cm1' } },
  }, undefined, { ...create, fieldValidation: 'Warn' });
  assert.deepEqual(r.causes, []);

  const aim = loadCrd('aim-engine/aim.eai.amd.com_aimservicetemplates.yaml');
  assert.deepEqual(validateCustomResourceDefinition(aim), []);
});
