/** CRD-level markers, version assembly and names: exact CRD output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdsOf, errorsOf, widgetApi, writeTree } from './support.ts';

const SPEC = 'export interface WidgetSpec { replicas?: int32 }\nexport interface WidgetStatus { replicas?: int32; selector?: string }';

test('subresources, printer columns, resource names, metadata and selectable fields', async () => {
  const [crd] = await crdsOf(widgetApi(SPEC, [
    ' * +kubebuilder:subresource:status',
    ' * +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
    ' * +kubebuilder:printcolumn:name="Replicas",type=integer,JSONPath=".spec.replicas",description="Wanted",priority=1',
    ' * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`,format=date-time',
    ' * +kubebuilder:resource:path=gadgets,singular=gadget,shortName={gd,gdt},categories=all;toys,scope=Cluster',
    ' * +kubebuilder:metadata:annotations="a.example.com/x=1",labels="team=core"',
    ' * +kubebuilder:selectablefield:JSONPath=`.spec.replicas`',
    '',
  ].join('\n')));
  assert.deepEqual(crd!.metadata, { annotations: { 'a.example.com/x': '1', 'tsop.dev/version': 'test' }, labels: { team: 'core' }, name: 'gadgets.example.com' });
  assert.deepEqual(crd!.spec.names, { categories: ['all', 'toys'], kind: 'Widget', listKind: 'WidgetList', plural: 'gadgets', shortNames: ['gd', 'gdt'], singular: 'gadget' });
  assert.equal(crd!.spec.scope, 'Cluster');
  const v = crd!.spec.versions[0];
  assert.deepEqual(v.subresources, { scale: { labelSelectorPath: '.status.selector', specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' }, status: {} });
  assert.deepEqual(v.additionalPrinterColumns, [
    { description: 'Wanted', jsonPath: '.spec.replicas', name: 'Replicas', priority: 1, type: 'integer' },
    { format: 'date-time', jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
  ]);
  assert.deepEqual(v.selectableFields, [{ jsonPath: '.spec.replicas' }]);
  assert.deepEqual(v.schema.openAPIV3Schema.properties.metadata, { type: 'object' });
  assert.equal(v.schema.openAPIV3Schema.description, 'Widget is a test kind.');
});

test('printcolumn alone creates empty subresources', async () => {
  const [crd] = await crdsOf(widgetApi(SPEC, ' * +kubebuilder:printcolumn:name=R,type=integer,JSONPath=.spec.replicas\n'));
  assert.deepEqual(crd!.spec.versions[0].subresources, {});
});

function twoVersions(v1Markers: string, v2Markers: string): string {
  const pkg = (v: string, markers: string) => `/**\n * @packageDocumentation\n * +groupName=example.com\n */\n` +
    `import type { ObjectMeta, TypeMeta } from 'tsop/types';\n/**\n${markers} */\nexport interface Widget extends TypeMeta {\n  metadata?: ObjectMeta;\n  /** ${v} spec */\n  spec?: string;\n}\n`;
  return writeTree({ 'apis/v1/types.ts': pkg('v1', v1Markers), 'apis/v2beta1/types.ts': pkg('v2beta1', v2Markers), 'apis/v10/types.ts': pkg('v10', ' * +kubebuilder:skipversion\n') });
}

test('versions: sorted by name, storage/served/deprecated flags, skipversion', async () => {
  const [crd] = await crdsOf(twoVersions(' * +kubebuilder:storageversion\n * +kubebuilder:deprecatedversion:warning="use v2beta1"\n', ' * +kubebuilder:unservedversion\n'));
  assert.deepEqual(crd!.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.deprecated, v.deprecationWarning]), [
    ['v1', true, true, true, 'use v2beta1'],
    ['v2beta1', false, false, undefined, undefined],
  ]);
});

test('several versions without a storage version is an error', async () => {
  const errors = await errorsOf(twoVersions('', ''));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /types\.ts:\d+:\d+: CRD for Widget\.example\.com has no storage version/);
});

test('lists and types without TypeMeta+ObjectMeta are not kinds; packages without groupName give no CRD', async () => {
  const root = writeTree({
    'apis/v1/types.ts': `/**\n * @packageDocumentation\n * +groupName=example.com\n */\nimport type { ListMeta, ObjectMeta, TypeMeta } from 'tsop/types';\n` +
      `export interface Widget extends TypeMeta { metadata?: ObjectMeta }\nexport interface WidgetList extends TypeMeta { metadata?: ListMeta; items: Widget[] }\nexport interface Plain { apiVersion: string; kind: string }\n`,
    'apis/nogroup/types.ts': `import type { ObjectMeta, TypeMeta } from 'tsop/types';\nexport interface Other extends TypeMeta { metadata?: ObjectMeta }\n`,
  });
  const crds = await crdsOf(root);
  assert.deepEqual(crds.map((c) => c.metadata.name), ['widgets.example.com']);
});

test('directories may share a group-version; the same kind twice in one version is an error', async () => {
  const pkg = (kind: string) => `/**\n * @packageDocumentation\n * +groupName=example.com\n * +versionName=v1\n */\n` +
    `import type { ObjectMeta, TypeMeta } from 'tsop/types';\nexport interface ${kind} extends TypeMeta {\n  metadata?: ObjectMeta;\n}\n`;
  const crds = await crdsOf(writeTree({ 'apis/a/types.ts': pkg('Alpha'), 'apis/b/types.ts': pkg('Gadget') }));
  assert.deepEqual(crds.map((c) => [c.metadata.name, c.spec.versions.map((v: any) => v.name)]), [
    ['alphas.example.com', ['v1']], ['gadgets.example.com', ['v1']],
  ]);
  const errors = await errorsOf(writeTree({ 'apis/a/types.ts': pkg('Alpha'), 'apis/b/types.ts': pkg('Alpha') }));
  assert.match(errors[0]!, /apis\/b\/types\.ts:7:1: kind Alpha is declared twice for example\.com\/v1/);
});
