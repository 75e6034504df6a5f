/** Topology, required-ness, OneOf, immutability, embedding and alias markers: exact schema output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdsOf, specOf, widgetApi } from './support.ts';

test('listType, listMapKey (and k8s: aliases), mapType and structType', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * +listType=map
   * +listMapKey=name
   * +listMapKey=port
   */
  ports?: Port[];
  /**
   * +k8s:listType=map
   * +k8s:listMapKey=name
   */
  more?: Port[];
  /** +listType=set */
  tags?: string[];
  /** +mapType=atomic */
  labels?: Record<string, string>;
  /** +structType=atomic */
  ref?: Port;
  atomicList?: AtomicPorts;
}
export interface Port { name: string; port: int32 }
/** +listType=atomic */
export type AtomicPorts = Port[];`);
  assert.deepEqual(spec.properties.ports['x-kubernetes-list-map-keys'], ['name', 'port']);
  assert.equal(spec.properties.ports['x-kubernetes-list-type'], 'map');
  assert.deepEqual(spec.properties.more['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(spec.properties.tags['x-kubernetes-list-type'], 'set');
  assert.equal(spec.properties.labels['x-kubernetes-map-type'], 'atomic');
  assert.equal(spec.properties.ref['x-kubernetes-map-type'], 'atomic');
  assert.equal(spec.properties.atomicList['x-kubernetes-list-type'], 'atomic');
});

test('required-ness follows controller-gen precedence', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  plain: string;
  opt?: string;
  /** +optional */
  optMarker: string;
  /** +k8s:optional */
  k8sOpt: string;
  /** +kubebuilder:validation:Optional */
  kbOpt: string;
  /** +required */
  req?: string;
  /** +k8s:required */
  k8sReq?: string;
  /** +kubebuilder:validation:Required */
  kbReq?: string;
  /**
   * +kubebuilder:validation:Optional
   * +kubebuilder:validation:Required
   */
  both: string;
}`);
  assert.deepEqual(spec.required, ['k8sReq', 'kbReq', 'plain', 'req']);
  const root = widgetApi('export interface WidgetSpec {\n  a: string;\n  /** +required */\n  b?: string;\n}', '', ' * +kubebuilder:validation:Optional\n');
  const [crd] = await crdsOf(root);
  assert.deepEqual(crd!.spec.versions[0].schema.openAPIV3Schema.properties.spec.required, ['b']);
});

test('OneOf family on types, in priority order after XValidation', async () => {
  const spec = await specOf(`export interface WidgetSpec { src?: Source }
/**
 * +kubebuilder:validation:AtLeastOneOf=a;b
 * +kubebuilder:validation:ExactlyOneOf=c;d
 * +kubebuilder:validation:AtMostOneOf=a;c
 * +kubebuilder:validation:XValidation:rule="true"
 */
export interface Source { a?: string; b?: string; c?: string; d?: string }`);
  assert.deepEqual(spec.properties.src['x-kubernetes-validations'], [
    { rule: 'true' },
    { message: 'at most one of the fields in [a c] may be set', rule: '(has(self.a)?1:0)+(has(self.c)?1:0) <= 1' },
    { message: 'exactly one of the fields in [c d] must be set', rule: '(has(self.c)?1:0)+(has(self.d)?1:0) == 1' },
    { message: 'at least one of the fields in [a b] must be set', rule: 'has(self.a)||has(self.b)' },
  ]);
});

test('+k8s:immutable adds the field rule and, for optional fields, the parent rule', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /** +k8s:immutable */
  id: string;
  /** +k8s:immutable */
  zone?: string;
}`);
  assert.deepEqual(spec.properties.id['x-kubernetes-validations'], [{ message: 'field is immutable', rule: 'self == oldSelf' }]);
  assert.deepEqual(spec['x-kubernetes-validations'], [{ message: 'field zone is immutable once set', rule: '!has(oldSelf.zone) || has(self.zone)' }]);
});

test('+k8s:enum sorts the literal values', async () => {
  const spec = await specOf(`export interface WidgetSpec { phase?: Phase }
/** +k8s:enum */
export type Phase = 'Running' | 'Failed' | 'Pending';`);
  assert.deepEqual(spec.properties.phase, { enum: ['Failed', 'Pending', 'Running'], type: 'string' });
});

test('extends embeds inline; alias docs and field overrides flatten like controller-gen', async () => {
  const spec = await specOf(`export interface WidgetSpec extends Common {
  /** Field doc wins. */
  short?: Short;
  plainAlias?: Plain;
  /** +kubebuilder:validation:MaxLength=3 */
  overridden?: Short;
}
/** Common settings. */
export interface Common {
  /** Shared field. */
  shared: string;
}
/**
 * Short text.
 * +kubebuilder:validation:MaxLength=5
 */
export type Short = string;
export type Plain = string;`);
  assert.deepEqual(spec.properties.shared, { description: 'Shared field.', type: 'string' });
  assert.deepEqual(spec.required, ['shared']);
  assert.deepEqual(spec.properties.short, { description: 'Field doc wins.', maxLength: 5, type: 'string' });
  assert.deepEqual(spec.properties.plainAlias, { type: 'string' });
  assert.deepEqual(spec.properties.overridden, { allOf: [{ maxLength: 5 }, { maxLength: 3 }], description: 'Short text.', type: 'string' });
});

test('descriptions: markers removed, blank lines collapsed, TODO dropped, --- cuts', async () => {
  const spec = await specOf(`export interface WidgetSpec {
  /**
   * First line.
   *
   *
   *   indented line
   * TODO: hidden
   * +kubebuilder:validation:MaxLength=3
   * ---
   * after the cut
   */
  a?: string;
}`);
  assert.equal(spec.properties.a.description, 'First line.\n\n  indented line');
});

test('nested ObjectMeta is an object; with generateEmbeddedObjectMeta it gets its five properties', async () => {
  const types = `export interface WidgetSpec { template?: Template }
export interface Template {
  /** Labels and annotations of created pods. */
  metadata?: ObjectMeta;
}`;
  const plain = await specOf(types);
  assert.deepEqual(plain.properties.template.properties.metadata, { description: 'Labels and annotations of created pods.', type: 'object' });
  const embedded = await specOf(types, { generateEmbeddedObjectMeta: true });
  assert.deepEqual(Object.keys(embedded.properties.template.properties.metadata.properties), ['annotations', 'finalizers', 'labels', 'name', 'namespace']);
});
