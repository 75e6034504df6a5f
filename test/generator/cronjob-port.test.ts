/**
 * A TypeScript port of most of controller-tools' CronJob test API: every ported field of
 * `spec` must produce exactly the golden's property schema (defaults, examples, titles,
 * nullable, int-or-string validation, items markers, list types, alias flattening and the
 * allOf hoisting of field-over-type overrides), plus the kind-level CRD markers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../../generator/index.ts';

const GOLDEN = '/work/shared/conformance/controller-tools/pkg/crd/testdata/testdata.kubebuilder.io_cronjobs.yaml';

test('ported CronJob spec fields equal the golden field by field', async () => {
  const { files } = await generate({
    apisDir: join(import.meta.dirname, '../fixtures/generator/cronjob'), extras: false, allowDangerousTypes: true, toolVersion: 't',
  });
  const got = parse(files.get('crds/testdata.kubebuilder.io_cronjobs.yaml')!);
  const want = parse(readFileSync(GOLDEN, 'utf8'));
  const gotVersion = got.spec.versions[0];
  const wantVersion = want.spec.versions.find((v: { name: string }) => v.name === 'v1');
  const gotSpec = gotVersion.schema.openAPIV3Schema.properties.spec;
  const wantSpec = wantVersion.schema.openAPIV3Schema.properties.spec;
  const names = Object.keys(gotSpec.properties);
  assert.ok(names.length >= 60, `${names.length} ported fields`);
  for (const name of names) assert.deepEqual(gotSpec.properties[name], wantSpec.properties[name], `spec.${name}`);
  assert.deepEqual(gotSpec.required, wantSpec.required.filter((r: string) => names.includes(r)));
  assert.deepEqual(gotSpec['x-kubernetes-validations'], wantSpec['x-kubernetes-validations']);
  assert.equal(gotSpec.description, wantSpec.description);
  assert.deepEqual(got.metadata.annotations['api-approved.kubernetes.io'], want.metadata.annotations['api-approved.kubernetes.io']);
  assert.deepEqual(got.metadata.annotations['cert-manager.io/inject-ca-from-secret'], want.metadata.annotations['cert-manager.io/inject-ca-from-secret']);
  assert.deepEqual(got.spec.names, want.spec.names);
  assert.deepEqual(gotVersion.selectableFields, wantVersion.selectableFields);
  assert.deepEqual(gotVersion.subresources, wantVersion.subresources);
  assert.equal(gotVersion.schema.openAPIV3Schema.description, wantVersion.schema.openAPIV3Schema.description);
});
