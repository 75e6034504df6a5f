/**
 * Custom resource admission through the two steps the server takes around its webhooks: decoding
 * (pruning, defaulting, the unknown-field policy) with decodeCustom, then validation (schema, list
 * types, embedded resources, CEL) with validateCustom, each run on a compiled CRD version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCrd, CEL_SKIPPED_MESSAGE, type CompiledCrdVersion } from '../../apiserver/crd/index.ts';
import { decodeCustom, validateCustom, type FieldValidation } from '../../apiserver/objects/admission.ts';
import type { ApiContext } from '../../apiserver/objects/context.ts';
import type { ResourceType } from '../../apiserver/resources/types.ts';
import { StatusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

/** The resource the write pipeline would pass: only its group and kind are read here. */
const WIDGETS = { group: 'example.com', kind: 'Widget' } as ResourceType;
/** A context whose only compiled version is `v`. */
const contextOf = (v: CompiledCrdVersion) => ({ compiledVersion: () => v }) as unknown as ApiContext;

/** Decodes as a create does; throws the strict decoding error. */
function decoded(v: CompiledCrdVersion, obj: KubeObject, fieldValidation: FieldValidation = 'Strict'): { object: KubeObject; warnings: string[] } {
  const warnings: string[] = [];
  const object = decodeCustom(contextOf(v), WIDGETS, obj, fieldValidation, warnings);
  return { object, warnings };
}

/** Validates a decoded object as a create does; the 422 it throws, if any. */
function refusal(v: CompiledCrdVersion, object: KubeObject): StatusError | undefined {
  try {
    validateCustom(contextOf(v), WIDGETS, object, undefined, 'CREATE');
    return undefined;
  } catch (err) {
    if (err instanceof StatusError && err.code === 422) return err;
    throw err;
  }
}

/** Both steps of a Strict create: the decoded object, and the refusal with its causes if validation refuses it. */
function admitted(v: CompiledCrdVersion, obj: KubeObject): { object: KubeObject; error?: StatusError; causes: StatusCause[] } {
  const { object } = decoded(v, obj);
  const error = refusal(v, object);
  return { object, error, causes: error?.causes ?? [] };
}

function widgetCrd(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', ...spec }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, ...extra } },
      }],
    },
  };
}

function widget(spec: unknown, name = 'w1'): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default' }, spec };
}

const replicasCrd = widgetCrd({
  required: ['image'],
  properties: {
    image: { type: 'string', maxLength: 5 },
    replicas: { type: 'integer', minimum: 1, default: 1 },
    mode: { type: 'string', enum: ['a', 'b'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2, 'x-kubernetes-list-type': 'set' },
    ports: {
      type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 } } },
    },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
});

test('Strict fieldValidation rejects unknown fields with a BadRequest strict decoding error', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  assert.throws(() => decoded(v, widget({ image: 'nginx', foo: 1, ports: [{ name: 'http', bar: true }], free: { any: 1 } })), (err: unknown) => {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, 'strict decoding error: unknown field "spec.foo", unknown field "spec.ports[0].bar"');
    assert.deepEqual(err.causes, []);
    return true;
  });
  // Without unknown fields Strict decodes as the others do.
  assert.equal(decoded(v, widget({ image: 'nginx', free: { any: 1 } })).object.metadata.name, 'w1');
});

test('Warn fieldValidation prunes and warns; Ignore prunes silently', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const warn = decoded(v, widget({ image: 'nginx', foo: 1 }), 'Warn');
  assert.deepEqual(warn.warnings, ['unknown field "spec.foo"']);
  assert.equal((warn.object.spec as Record<string, unknown>).foo, undefined);
  assert.equal(refusal(v, warn.object), undefined);
  const ignore = decoded(v, widget({ image: 'nginx', foo: 1 }), 'Ignore');
  assert.deepEqual(ignore.warnings, []);
  assert.equal((ignore.object.spec as Record<string, unknown>).foo, undefined);
});

test('unknown metadata fields are reported under metadata and dropped', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const obj = widget({ image: 'nginx' });
  (obj.metadata as Record<string, unknown>).bogus = 1;
  const r = decoded(v, obj, 'Warn');
  assert.deepEqual(r.warnings, ['unknown field "metadata.bogus"']);
  assert.equal((r.object.metadata as Record<string, unknown>).bogus, undefined);
});

test('defaults apply to missing fields and inside list items; preserve-unknown keeps fields', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const r = admitted(v, widget({ image: 'nginx', ports: [{ name: 'http' }], free: { x: { y: 1 } } }));
  assert.equal(r.error, undefined);
  assert.deepEqual(r.object.spec, { image: 'nginx', replicas: 1, ports: [{ name: 'http', port: 80 }], free: { x: { y: 1 } } });
});

test('value validation errors read like the apiserver', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const r = admitted(v, widget({ image: 'toolongimage', replicas: 0, mode: 'x', tags: ['a', 'b', 'c'] }));
  const texts = r.causes.map((c) => `${c.field}: ${c.message}`).sort();
  assert.deepEqual(texts, [
    'spec.image: Too long: may not be more than 5 bytes',
    'spec.mode: Unsupported value: "x": supported values: "a", "b"',
    'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    'spec.tags: Too many: 3: must have at most 2 items',
  ]);
  const reasons = Object.fromEntries(r.causes.map((c) => [c.field, c.reason]));
  assert.equal(reasons['spec.image'], 'FieldValueTooLong');
  assert.equal(reasons['spec.mode'], 'FieldValueNotSupported');
  assert.equal(reasons['spec.tags'], 'FieldValueTooMany');
  assert.equal(r.error?.code, 422);
  assert.match(r.error!.message, /^Widget\.example\.com "w1" is invalid: \[/);
});

test('required and type errors', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const r = admitted(v, widget({ replicas: 'three' }));
  const texts = r.causes.map((c) => `${c.field}: ${c.message}`);
  assert.ok(texts.includes('spec.image: Required value'), texts.join('\n'));
  assert.ok(texts.includes('spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'), texts.join('\n'));
  const typeCause = r.causes.find((c) => c.field === 'spec.replicas');
  assert.equal(typeCause?.reason, 'FieldValueTypeInvalid');
});

test('list-type set and map report Duplicate value', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const r = admitted(v, widget({ image: 'x', tags: ['a', 'a'], ports: [{ name: 'http' }, { name: 'http', port: 81 }] }));
  const texts = r.causes.map((c) => `${c.field}: ${c.message}`).sort();
  assert.deepEqual(texts, [
    'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}',
    'spec.tags[1]: Duplicate value: "a"',
  ]);
  assert.ok(r.causes.every((c) => c.reason === 'FieldValueDuplicate'));
});

test('null in a non-nullable field without default is dropped; with a default it is defaulted', () => {
  const v = compileCrd(replicasCrd).version('v1')!;
  const r = admitted(v, widget({ image: 'x', mode: null, replicas: null }));
  assert.equal(r.error, undefined);
  assert.deepEqual(r.object.spec, { image: 'x', replicas: 1 });
});

test('skipped CEL rules are reported only when the schema has rules', () => {
  const blocking = { image: 'toolongimage' };
  const noRules = admitted(compileCrd(replicasCrd).version('v1')!, widget(blocking));
  assert.ok(noRules.causes.length > 0);
  assert.ok(noRules.causes.every((c) => c.message !== `Invalid value: "null": ${CEL_SKIPPED_MESSAGE}`), JSON.stringify(noRules.causes));

  // A rule deep inside (an items schema) counts, as the apiserver's validator covers every node.
  const nested = widgetCrd({
    properties: {
      image: { type: 'string', maxLength: 5 },
      ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port > 0' }] } },
    },
  });
  const skipped = admitted(compileCrd(nested).version('v1')!, widget(blocking));
  const cause = skipped.causes.find((c) => c.message?.endsWith(CEL_SKIPPED_MESSAGE));
  assert.deepEqual(cause, { reason: 'FieldValueInvalid', field: '<nil>', message: `Invalid value: "null": ${CEL_SKIPPED_MESSAGE}` });

  // Without a blocking error the rules run and nothing is reported as skipped.
  const ran = admitted(compileCrd(nested).version('v1')!, widget({ image: 'ok', ports: [{ port: 0 }] }));
  assert.deepEqual(ran.causes.map((c) => `${c.field}: ${c.message}`), ['spec.ports[0]: Invalid value: "object": failed rule: self.port > 0']);
});

test('embedded resources need apiVersion and kind and well-formed metadata', () => {
  const embedded = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true };
  const v = compileCrd(widgetCrd({ properties: { template: embedded, extras: { type: 'array', items: embedded } } })).version('v1')!;
  const ok = admitted(v, widget({ template: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'Mixed_Case-ok', labels: { app: 'x' } }, spec: { replicas: 1 } } }));
  assert.deepEqual(ok.causes, []);
  const bad = admitted(v, widget({
    template: { metadata: { name: '..', namespace: 'Not_A_Label', labels: { 'bad key!': 'v' } } },
    extras: [{ apiVersion: 'a/b/c', kind: 'Not a kind' }, { apiVersion: '', kind: 'Pod' }],
  }));
  const texts = bad.causes.map((c) => `${c.field}: ${c.message}`).sort();
  assert.deepEqual(texts, [
    'spec.extras[0].apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
    `spec.extras[0].kind: Invalid value: "Not a kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    'spec.extras[1].apiVersion: Required value',
    'spec.template.apiVersion: Required value',
    'spec.template.kind: Required value',
    `spec.template.metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    `spec.template.metadata.name: Invalid value: "..": may not be '..'`,
    `spec.template.metadata.namespace: Invalid value: "Not_A_Label": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  assert.equal(bad.causes.find((c) => c.field === 'spec.template.kind')?.reason, 'FieldValueRequired');
});
