/** The marker value grammar and kind pluralisation, checked directly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarker } from '../../generator/markers/parse.ts';
import { lookupMarker } from '../../generator/markers/registry.ts';
import { defaultPlural } from '../../generator/crd/plural.ts';

function value(body: string, target: 'field' | 'type' | 'package' = 'field'): unknown {
  const def = lookupMarker(body, target);
  assert.ok(def, `no definition for ${body}`);
  return parseMarker(def, body).value;
}

test('any-typed values are guessed like controller-gen', () => {
  assert.equal(value('kubebuilder:default=100Mi'), '100Mi');
  assert.equal(value('kubebuilder:default=2024-01-15'), '2024-01-15');
  assert.equal(value('kubebuilder:default=123/abc'), '123/abc');
  assert.equal(value('kubebuilder:default=-1.5'), -1.5);
  assert.equal(value('kubebuilder:default=true'), true);
  assert.equal(value('kubebuilder:default="true"'), 'true');
  assert.deepEqual(value('kubebuilder:default=a;b'), ['a', 'b']);
  assert.deepEqual(value('kubebuilder:default={}'), {});
  assert.deepEqual(value('kubebuilder:default={a,b}'), ['a', 'b']);
  assert.deepEqual(value('kubebuilder:default={a: 1, "b": {c: x}}'), { a: 1, b: { c: 'x' } });
  assert.deepEqual(value('kubebuilder:validation:Enum=1;2;"foo";bar'), [1, 2, 'foo', 'bar']);
});

test('strings: quoted with Go escapes, raw, bare runs keep inner spaces and quoted commas', () => {
  assert.deepEqual(value('kubebuilder:validation:XValidation:rule=self.a == "x,y" , message=`a\\b`'), { rule: 'self.a == "x,y"', message: 'a\\b' });
  assert.deepEqual(value('kubebuilder:validation:XValidation:message="tab\\tquote\\"",rule="true"'), { message: 'tab\tquote"', rule: 'true' });
  assert.deepEqual(value('kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp', 'type'),
    { name: 'Age', type: 'date', JSONPath: '.metadata.creationTimestamp' });
  assert.deepEqual(value('kubebuilder:resource:shortName=a;b,categories={x,y}', 'type'), { shortName: ['a', 'b'], categories: ['x', 'y'] });
});

test('lookup by name and target; argument-name suffix forms', () => {
  assert.equal(lookupMarker('kubebuilder:subresource:status', 'type')?.name, 'kubebuilder:subresource:status');
  assert.equal(lookupMarker('kubebuilder:subresource:status', 'field'), undefined);
  assert.equal(lookupMarker('kubebuilder:validation:Optional', 'package')?.name, 'kubebuilder:validation:Optional');
  assert.equal(lookupMarker('kubebuilder:validation:optional', 'field'), undefined);
  assert.equal(value('groupName=', 'package'), '');
  assert.equal(value('groupName', 'package'), '');
  assert.deepEqual(value('kubebuilder:deprecatedversion', 'type'), {});
});

test('plurals follow flect', () => {
  const cases: Record<string, string> = {
    CronJob: 'cronjobs', TestQuota: 'testquotas', NetworkPolicy: 'networkpolicies', Index: 'indices', Status: 'statuses',
    Ingress: 'ingresses', Proxy: 'proxies', Person: 'people', SalesPerson: 'salespeople', Leaf: 'leaves', Bus: 'buses', Datum: 'data', Beta: 'beta',
  };
  for (const [kind, plural] of Object.entries(cases)) assert.equal(defaultPlural(kind), plural, kind);
});
