import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCrd, crdStatusConditions, validateCustomResourceDefinition } from '../../apiserver/crd/index.ts';
import { decodeCustom, validateCustom } from '../../apiserver/objects/admission.ts';
import type { ApiContext } from '../../apiserver/objects/context.ts';
import type { ResourceType } from '../../apiserver/resources/types.ts';
import { StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

function crd(schema: unknown, overrides: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'things', kind: 'Thing' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      ...overrides,
    },
  };
}

const lines = (causes: { field?: string; message?: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

test('a CRD whose name is not plural.group is rejected', () => {
  const c = crd({ type: 'object' });
  c.metadata.name = 'thing.example.com';
  assert.deepEqual(lines(validateCustomResourceDefinition(c)), ['metadata.name: Invalid value: "thing.example.com": must be spec.names.plural+"."+spec.group']);
});

test('group needs a dot, scope an allowed value, exactly one storage version', () => {
  const c = crd({ type: 'object' }, { group: 'example', scope: 'Global' });
  c.metadata.name = 'things.example';
  const spec = c.spec as { versions: unknown[] };
  spec.versions.push({ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } });
  assert.deepEqual(lines(validateCustomResourceDefinition(c)), [
    'spec.group: Invalid value: "example": should be a domain with at least one dot',
    'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version',
  ]);
});

test('non-structural schemas are rejected with the structural rules', () => {
  const c = crd({
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { labels: { type: 'object' } } },
      spec: {
        type: 'object',
        properties: { untyped: { description: 'no type' }, list: { type: 'array' }, both: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } },
        anyOf: [{ type: 'object', required: ['untyped'] }, { properties: { ghost: { minLength: 1 } } }],
      },
    },
  });
  c.spec = { ...(c.spec as object), versions: [...(c.spec as { versions: object[] }).versions, { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } }] };
  const p = 'spec.versions[0].schema.openAPIV3Schema';
  assert.deepEqual(lines(validateCustomResourceDefinition(c)), [
    `${p}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    `${p}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
    `${p}.properties[spec].properties[ghost]: Required value: because it is defined in ${p}.properties[spec].anyOf[1].properties[ghost]`,
    `${p}.properties[spec].properties[list].items: Required value: must be specified`,
    `${p}.properties[spec].properties[untyped].type: Required value: must not be empty for specified object fields`,
    `${p}.properties[spec].properties[both].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
  ]);
});

test('defaults must validate and be pruned; int-or-string and preserve-unknown need no type', () => {
  const c = crd({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          n: { type: 'integer', minimum: 1, default: 0 },
          obj: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 'y' } },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          raw: { 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  });
  assert.deepEqual(lines(validateCustomResourceDefinition(c)), [
    'spec.validation.openAPIV3Schema.properties[spec].properties[n].default: Invalid value: 0:  in body should be greater than or equal to 1',
    'spec.validation.openAPIV3Schema.properties[spec].properties[obj].default: Invalid value: map[string]interface {}{"a":"x", "b":"y"}: must not have unknown fields',
  ]);
});

test('int-or-string fields accept both and reject others', () => {
  const c = crd({ type: 'object', properties: { spec: { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } } } });
  assert.deepEqual(validateCustomResourceDefinition(c), []);
  const v = compileCrd(c).version('v1')!;
  const mk = (port: unknown): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { port } });
  // A Strict create: decoding first, then validation, as the server runs them around its webhooks.
  const ctx = { compiledVersion: () => v } as unknown as ApiContext;
  const things = { group: 'example.com', kind: 'Thing' } as ResourceType;
  const refusal = (obj: KubeObject): StatusError | undefined => {
    try {
      validateCustom(ctx, things, decodeCustom(ctx, things, obj, 'Strict', []), undefined, 'CREATE');
      return undefined;
    } catch (err) {
      if (err instanceof StatusError && err.code === 422) return err;
      throw err;
    }
  };
  assert.equal(refusal(mk(8080)), undefined);
  assert.equal(refusal(mk('http')), undefined);
  assert.equal(refusal(mk(true))?.causes[0]?.reason, 'FieldValueTypeInvalid');
});

test('NamesAccepted and Established conditions, with conflicts', () => {
  const a = crd({ type: 'object' });
  const conds = crdStatusConditions(a, [], '2025-01-01T00:00:00Z');
  assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason, c.message]), [
    ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
    ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
  ]);
  const b = crd({ type: 'object' });
  b.metadata.name = 'others.example.com';
  (b.spec as { names: object }).names = { plural: 'others', singular: 'other', kind: 'Thing' };
  const conflict = crdStatusConditions(b, [a], '2025-01-01T00:00:00Z');
  assert.equal(conflict[0]!.status, 'False');
  assert.equal(conflict[0]!.reason, 'KindConflict');
  assert.equal(conflict[1]!.status, 'False');
});

test('None conversion rewrites only apiVersion', () => {
  const c = crd({ type: 'object' });
  const compiled = compileCrd(c);
  const out = compiled.convert({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' }, spec: { a: 1 } }, 'v2');
  assert.deepEqual(out, { apiVersion: 'example.com/v2', kind: 'Thing', metadata: { name: 'x' }, spec: { a: 1 } });
});
