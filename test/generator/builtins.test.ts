/**
 * builtinTypeSchema against controller-gen goldens: the built-in types embedded in the CronJob
 * testdata CRD (k8s.io/api v0.36.1) and in the locust-k8s-operator LocustTest v2 CRD, compared as
 * parsed YAML. Descriptions are compared separately: the goldens keep the Go comments' line
 * breaks, the catalogue has the OpenAPI text. The catalogue takes list, map and patch semantics
 * from registry packages only, so fields and markers newer than that data differ from the goldens:
 * builtins-known-differences.json lists each such difference with its reason, exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { builtinTypeSchema, isBuiltinType, truncateDescription, QUANTITY_PATTERN } from '../../generator/builtins/index.ts';
import { assertKnownDifferences, descriptionStats, knownComparisons, knownDifferences, schemaDiff } from './builtins-schema-diff.ts';

const cronjobs = '/work/shared/conformance/controller-tools/pkg/crd/testdata/testdata.kubebuilder.io_cronjobs.yaml';
const locust = '/work/shared/reference/seed-crds/locust-k8s-operator/head/locust.io_locusttests.yaml';

function versionSchema(file: string, version: string): any {
  const crd = parse(readFileSync(file, 'utf8'));
  return crd.spec.versions.find((v: { name: string }) => v.name === version).schema.openAPIV3Schema;
}

test('CronJob jobTemplate equals the golden apart from descriptions and the known differences', (t) => {
  const golden = versionSchema(cronjobs, 'v1').properties.spec.properties.jobTemplate;
  const ours = builtinTypeSchema('V1JobTemplateSpec')!;
  assertKnownDifferences('cronjob spec.jobTemplate', golden, ours, knownDifferences('cronjob spec.jobTemplate'));
  const st = descriptionStats(golden, ours);
  t.diagnostic(`jobTemplate descriptions: ${JSON.stringify(st)}`);
  assert.ok(st.identical + st.sameWords > 0.85 * (st.identical + st.sameWords + st.different + st.missing));
});

test('CronJob status.active items equal the golden ObjectReference', () => {
  const golden = versionSchema(cronjobs, 'v1').properties.status.properties.active.items;
  assert.deepEqual(schemaDiff(golden, builtinTypeSchema('V1ObjectReference')), []);
});

test('LocustTest v2 built-in fields equal the golden apart from descriptions and the known differences', (t) => {
  const root = versionSchema(locust, 'v2').properties;
  const spec = root.spec.properties;
  const cases: [string, unknown, string][] = [
    ['spec.scheduling.affinity', spec.scheduling.properties.affinity, 'V1Affinity'],
    ['spec.scheduling.tolerations[]', spec.scheduling.properties.tolerations.items, 'V1Toleration'],
    ['spec.security.containerSecurityContext', spec.security.properties.containerSecurityContext, 'V1SecurityContext'],
    ['spec.security.podSecurityContext', spec.security.properties.podSecurityContext, 'V1PodSecurityContext'],
    ['spec.volumes[]', spec.volumes.items, 'V1Volume'],
    ['spec.master.resources', spec.master.properties.resources, 'V1ResourceRequirements'],
    ['spec.imagePullSecrets[]', spec.imagePullSecrets.items, 'V1LocalObjectReference'],
    ['spec.env.variables[]', spec.env.properties.variables.items, 'V1EnvVar'],
    ['status.conditions[]', root.status.properties.conditions.items, 'V1Condition'],
  ];
  for (const [path, golden, type] of cases) {
    const ours = builtinTypeSchema(type);
    assertKnownDifferences(`locust ${path}`, golden, ours, knownDifferences(`locust ${path}`));
    t.diagnostic(`${path} descriptions: ${JSON.stringify(descriptionStats(golden, ours))}`);
  }
  // The operator's mount type embeds VolumeMount and adds `target`; the rest is the built-in type.
  assert.deepEqual(schemaDiff(spec.volumeMounts.items, builtinTypeSchema('V1VolumeMount')), ['.properties.target: only in golden']);
});

test('every comparison with known differences is one the tests make', () => {
  const made = ['cronjob spec.jobTemplate', ...['spec.scheduling.affinity', 'spec.security.containerSecurityContext',
    'spec.security.podSecurityContext', 'spec.volumes[]', 'spec.imagePullSecrets[]', 'spec.env.variables[]',
    'status.conditions[]'].map((p) => `locust ${p}`)];
  assert.deepEqual(knownComparisons().sort(), made.sort());
});

test('value types take the shapes controller-gen gives them', () => {
  const rr = builtinTypeSchema('V1ResourceRequirements')!;
  assert.deepEqual(rr.properties!.limits!.additionalProperties, {
    anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: QUANTITY_PATTERN, 'x-kubernetes-int-or-string': true,
  });
  const probe = builtinTypeSchema('V1HTTPGetAction')!;
  const { description: _, ...port } = probe.properties!.port!;
  assert.deepEqual(port, { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
  const tmpl = builtinTypeSchema('io.k8s.api.core.v1.PodTemplateSpec')!;
  assert.equal(tmpl.properties!.metadata!.type, 'object');
  assert.equal(tmpl.properties!.metadata!.properties, undefined);
  const cond = builtinTypeSchema('V1Condition')!;
  assert.deepEqual(cond.properties!.lastTransitionTime!.format, 'date-time');
  assert.deepEqual(cond.required, ['lastTransitionTime', 'message', 'reason', 'status', 'type']);
});

test('results are independent copies and unknown names are undefined', () => {
  const a = builtinTypeSchema('V1Toleration')!;
  a.properties!.key!.type = 'mutated';
  assert.equal(builtinTypeSchema('V1Toleration')!.properties!.key!.type, 'string');
  assert.equal(builtinTypeSchema('V1NoSuchThing'), undefined);
  assert.equal(isBuiltinType('V1PodTemplateSpec'), true);
  assert.equal(isBuiltinType('MyOwnType'), false);
});

test('maxDescLen follows controller-gen: 0 drops descriptions, N cuts at a sentence or word', () => {
  const none = builtinTypeSchema('V1Toleration', { maxDescLen: 0 })!;
  assert.equal(JSON.stringify(none).includes('"description"'), false);
  assert.equal(truncateDescription('APIVersion defines the versioned schema of this representation of an object.', 50),
    'APIVersion defines the versioned schema of this...');
  assert.equal(truncateDescription('Short. Then a much longer sentence follows here.', 20), 'Short.');
  assert.equal(truncateDescription('abcdefghij', 4), 'abcd...');
  const cut = builtinTypeSchema('V1Toleration', { maxDescLen: 40 })!;
  for (const p of Object.values(cut.properties!)) assert.ok(Buffer.byteLength(p.description ?? '') <= 43);
});
