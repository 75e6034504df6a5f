/** Validation, default/example/title, pruning and int-or-string markers: exact schema output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specOf } from './support.ts';

test('numeric markers on integers and floats', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +kubebuilder:validation:Minimum=-2
   * +kubebuilder:validation:Maximum=10
   * +kubebuilder:validation:ExclusiveMaximum=true
   * +kubebuilder:validation:MultipleOf=2
   */
  count: int32;
  /**
   * +kubebuilder:validation:Minimum=-0.5
   * +kubebuilder:validation:ExclusiveMinimum=true
   */
  ratio?: float64;
}`, { allowDangerousTypes: true });
  assert.deepEqual(spec.properties.count, { exclusiveMaximum: true, format: 'int32', maximum: 10, minimum: -2, multipleOf: 2, type: 'integer' });
  assert.deepEqual(spec.properties.ratio, { exclusiveMinimum: true, minimum: -0.5, type: 'number' });
  assert.deepEqual(spec.required, ['count']);
});

test('string, array and object markers', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +kubebuilder:validation:MinLength=1
   * +kubebuilder:validation:MaxLength=63
   * +kubebuilder:validation:Pattern=\`^[a-z]+$\`
   * +kubebuilder:validation:Format=hostname
   */
  name: string;
  /**
   * +kubebuilder:validation:MinItems=1
   * +kubebuilder:validation:MaxItems=3
   * +kubebuilder:validation:UniqueItems=true
   * +kubebuilder:validation:items:MaxLength=5
   * +kubebuilder:validation:items:Enum=a;b
   */
  tags?: string[];
  /**
   * +kubebuilder:validation:MinProperties=1
   * +kubebuilder:validation:MaxProperties=4
   */
  labels?: Record<string, string>;
}`);
  assert.deepEqual(spec.properties.name, { format: 'hostname', maxLength: 63, minLength: 1, pattern: '^[a-z]+$', type: 'string' });
  assert.deepEqual(spec.properties.tags, { items: { enum: ['a', 'b'], maxLength: 5, type: 'string' }, maxItems: 3, minItems: 1, type: 'array', uniqueItems: true });
  assert.deepEqual(spec.properties.labels, { additionalProperties: { type: 'string' }, maxProperties: 4, minProperties: 1, type: 'object' });
});

test('enums: literal unions, Enum marker with guessed item types, Type override', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  mode?: 'Fast' | 'Slow';
  /** +kubebuilder:validation:Enum=1;2;"three" */
  level?: IntOrString;
  /**
   * +kubebuilder:validation:Type=string
   * +kubebuilder:validation:Format=date
   */
  day?: JSONValue;
}`);
  assert.deepEqual(spec.properties.mode, { enum: ['Fast', 'Slow'], type: 'string' });
  assert.deepEqual(spec.properties.level, { anyOf: [{ type: 'integer' }, { type: 'string' }], enum: [1, 2, 'three'], 'x-kubernetes-int-or-string': true });
  assert.deepEqual(spec.properties.day, { format: 'date', type: 'string', 'x-kubernetes-preserve-unknown-fields': true });
});

test('defaults, examples, titles and nullable', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +kubebuilder:default=100Mi
   * +kubebuilder:example=1Gi
   * +kubebuilder:title=Size
   * +nullable
   */
  size?: string;
  /** +kubebuilder:default={} */
  list?: string[];
  /** +kubebuilder:default={a: 1, "b c": true} */
  map?: Record<string, JSONValue>;
  /** +default={"x": [1, 2]} */
  raw?: RawExtension;
  /** +kubebuilder:default=3 */
  replicas?: int32;
}`);
  assert.deepEqual(spec.properties.size, { default: '100Mi', example: '1Gi', nullable: true, title: 'Size', type: 'string' });
  assert.deepEqual(spec.properties.list, { default: [], items: { type: 'string' }, type: 'array' });
  assert.deepEqual(spec.properties.map.default, { a: 1, 'b c': true });
  assert.deepEqual(spec.properties.raw, { default: { x: [1, 2] }, type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  assert.deepEqual(spec.properties.replicas, { default: 3, format: 'int32', type: 'integer' });
});

test('runtime scalar and well-known types', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  a?: int; b?: int64; c?: Quantity; d?: Time; e?: Duration; f?: Bytes; g?: JSONValue;
  conditions?: Condition[];
}`);
  assert.deepEqual(spec.properties.a, { type: 'integer' });
  assert.deepEqual(spec.properties.b, { format: 'int64', type: 'integer' });
  assert.equal(spec.properties.c['x-kubernetes-int-or-string'], true);
  assert.match(spec.properties.c.pattern, /KMGTPE/);
  assert.deepEqual(spec.properties.d, { format: 'date-time', type: 'string' });
  assert.deepEqual(spec.properties.e, { type: 'string' });
  assert.deepEqual(spec.properties.f, { format: 'byte', type: 'string' });
  assert.deepEqual(spec.properties.g, { 'x-kubernetes-preserve-unknown-fields': true });
  const cond = spec.properties.conditions.items;
  assert.equal(cond.description, 'Condition contains details for one aspect of the current state of this API Resource.');
  assert.deepEqual(cond.required, ['lastTransitionTime', 'message', 'reason', 'status', 'type']);
  assert.deepEqual(cond.properties.status.enum, ['True', 'False', 'Unknown']);
});

test('pruning, embedded resources, schemaless and int-or-string string validation', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +kubebuilder:validation:EmbeddedResource
   * +kubebuilder:pruning:PreserveUnknownFields
   */
  template?: RawExtension;
  /**
   * +kubebuilder:validation:Schemaless
   * +kubebuilder:validation:Type=object
   * +kubebuilder:validation:XPreserveUnknownFields
   */
  free?: string;
  /**
   * +kubebuilder:validation:XIntOrString
   * +kubebuilder:validation:Pattern="^[0-9]+%?$"
   */
  surge?: IntOrString;
  /** +kubebuilder:validation:XEmbeddedResource */
  obj?: RawExtension;
}`);
  assert.deepEqual(spec.properties.template, { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
  assert.deepEqual(spec.properties.free, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  assert.deepEqual(spec.properties.surge, { anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+%?$', 'x-kubernetes-int-or-string': true });
  assert.equal(spec.properties.obj['x-kubernetes-embedded-resource'], true);
});

test('XValidation rules keep field rules before type rules', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +kubebuilder:validation:XValidation:rule="self.startsWith('a')",message="needs a",reason=FieldValueInvalid,fieldPath=".name"
   */
  name?: Name;
  /** +kubebuilder:validation:XValidation:rule="self == oldSelf",messageExpression="'immutable: ' + self",optionalOldSelf=true */
  id?: string;
}
/**
 * Name of a widget.
 * +kubebuilder:validation:XValidation:rule="self.size() < 10"
 */
export type Name = string;`);
  assert.deepEqual(spec.properties.name, {
    description: 'Name of a widget.', type: 'string',
    'x-kubernetes-validations': [
      { fieldPath: '.name', message: 'needs a', reason: 'FieldValueInvalid', rule: "self.startsWith('a')" },
      { rule: 'self.size() < 10' },
    ],
  });
  assert.deepEqual(spec.properties.id['x-kubernetes-validations'], [{ messageExpression: "'immutable: ' + self", optionalOldSelf: true, rule: 'self == oldSelf' }]);
});

test('maxDescLen truncates at a sentence end or a word, and 0 drops descriptions', async () => {
  const types = `export interface WidgetSpec {
  /** First sentence here. Second sentence that is long enough to be cut. */
  a?: string;
  /** Words without any sentence terminal in them at all for a while */
  b?: string;
}`;
  const spec = await specOf(types, { maxDescLen: 30 });
  assert.equal(spec.properties.a.description, 'First sentence here.');
  assert.equal(spec.properties.b.description, 'Words without any sentence...');
  const none = await specOf(types, { maxDescLen: 0 });
  assert.equal(none.properties.a.description, undefined);
});

test('Condition expands exactly like metav1.Condition in controller-gen output', async () => {
  const { readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const golden = parse(readFileSync('/work/shared/reference/seed-crds/aim-engine/aim.eai.amd.com_aimmodels.yaml', 'utf8'));
  const want = golden.spec.versions[0].schema.openAPIV3Schema.properties.status.properties.conditions.items;
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
}`);
  assert.deepEqual(spec.properties.conditions.items, want);
  assert.deepEqual(spec.properties.conditions['x-kubernetes-list-map-keys'], ['type']);
});
