/**
 * The acceptance test of both directions: every CRD file under controller-tools' CRD testdata and
 * the seed CRDs is imported into TypeScript, generated again, and compared byte for byte with the
 * original (ignoring only the tool-version annotation line). Files that cannot round-trip are
 * listed in KNOWN_EXCEPTIONS with the reason; an exception that starts to pass fails the test, and
 * docs/import.md must carry the same table, so both stay exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { importCrds, writeImport } from '../../generator/import/index.ts';
import { generate } from '../../generator/index.ts';

const SHARED = '/work/shared';
const ROOTS = ['conformance/controller-tools/pkg/crd/testdata', 'reference/seed-crds'];
const REPO = resolve(import.meta.dirname, '../..');

/** Files that do not round-trip, by path under shared/, and why. */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  'conformance/controller-tools/pkg/crd/testdata/gen/bar.example.com_foos.v1beta1.yaml': 'stale apiextensions.k8s.io/v1beta1 output; v1beta1 CRDs cannot be generated (or imported) any more',
  'conformance/controller-tools/pkg/crd/testdata/gen/zoo/bar.example.com_zoos.v1beta1.yaml': 'stale apiextensions.k8s.io/v1beta1 output; v1beta1 CRDs cannot be generated (or imported) any more',
  'conformance/controller-tools/pkg/crd/testdata/testdata.kubebuilder.io_enums.yaml': 'edited by hand: no leading `---`, no version annotation, no final newline (the schema itself round-trips)',
  'reference/seed-crds/aim-engine/aim.eai.amd.com_aimclustermodels.yaml': 'older controller-gen hoisted equal type/field enums into `allOf`; current flattening keeps one `enum`',
  'reference/seed-crds/aim-engine/aim.eai.amd.com_aimclusterservicetemplates.yaml': 'older controller-gen hoisted equal type/field enums into `allOf`; current flattening keeps one `enum`',
  'reference/seed-crds/aim-engine/aim.eai.amd.com_aimmodels.yaml': 'older controller-gen hoisted equal type/field enums into `allOf`; current flattening keeps one `enum`',
  'reference/seed-crds/aim-engine/aim.eai.amd.com_aimservices.yaml': 'older controller-gen hoisted equal type/field enums into `allOf`; current flattening keeps one `enum`',
  'reference/seed-crds/aim-engine/aim.eai.amd.com_aimservicetemplates.yaml': 'older controller-gen hoisted equal type/field enums into `allOf`; current flattening keeps one `enum`',
  'reference/seed-crds/dr-syncer/chart-crds/dr-syncer.io_clustermappings.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/dr-syncer/chart-crds/dr-syncer.io_namespacemappings.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/dr-syncer/chart-crds/dr-syncer.io_remoteclusters.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/dr-syncer/config-crd-bases/dr-syncer.io_clustermappings.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/dr-syncer/config-crd-bases/dr-syncer.io_namespacemappings.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/dr-syncer/config-crd-bases/dr-syncer.io_remoteclusters.yaml': 'controller-gen v0.14 kept `---` lines in the Condition descriptions; current description rules stop at them',
  'reference/seed-crds/locust-k8s-operator/java-era-971786b/locust-test-crd.yaml': 'written by hand, not by controller-gen: no apiVersion/kind properties, a metadata schema, printer columns without subresources',
};

/** CRD YAML files under the roots (Helm templates and RBAC files are not CRDs). */
async function crdFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const root of ROOTS) {
    for (const rel of await readdir(join(SHARED, root), { recursive: true })) {
      const name = rel.split('/').pop()!;
      if (!/\.ya?ml$/.test(name) || name.startsWith('helm-template-')) continue;
      const text = await readFile(join(SHARED, root, rel), 'utf8');
      if (/^kind: CustomResourceDefinition$/m.test(text)) out.push(join(root, rel));
    }
  }
  return out.sort();
}

const withoutVersionLine = (text: string): string =>
  text.split('\n').filter((l) => !/^ {4}(controller-gen\.kubebuilder\.io|tsop\.dev)\/version: /.test(l)).join('\n');

/** Imports and regenerates one file; returns the generated CRD text or the error that stopped it. */
async function roundTrip(path: string): Promise<{ text?: string; error?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tsop-roundtrip-'));
  try {
    const imported = await importCrds(join(SHARED, path), { typesImport: relative(join(dir, 'group/version'), join(REPO, 'runtime/types.ts')) });
    await writeImport(imported, dir);
    const generated = await generate({ apisDir: dir, allowDangerousTypes: true, extras: false });
    return { text: [...generated.files.values()].join('') };
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The exceptions as the Markdown table docs/import.md must contain. */
function exceptionsTable(): string {
  const rows = Object.entries(KNOWN_EXCEPTIONS).map(([file, why]) => `| \`${file}\` | ${why} |`);
  return ['| file (under shared/) | why it cannot round-trip |', '|---|---|', ...rows].join('\n');
}

test('every CRD round-trips through import and generate, except the known exceptions', async (t) => {
  const files = await crdFiles();
  assert.ok(files.length >= 30, `found only ${files.length} CRD files`);
  const passed: string[] = [];
  const failures: string[] = [];
  for (const file of files) {
    const original = await readFile(join(SHARED, file), 'utf8');
    const result = await roundTrip(file);
    const same = result.text !== undefined && withoutVersionLine(result.text) === withoutVersionLine(original);
    if (same) passed.push(file);
    if (same && KNOWN_EXCEPTIONS[file]) failures.push(`${file} now round-trips: remove it from KNOWN_EXCEPTIONS and docs/import.md`);
    if (!same && !KNOWN_EXCEPTIONS[file]) failures.push(`${file} does not round-trip${result.error ? `: ${result.error}` : ''}`);
  }
  for (const listed of Object.keys(KNOWN_EXCEPTIONS)) {
    if (!files.includes(listed)) failures.push(`${listed} is listed as an exception but is not a CRD file under the roots`);
  }
  t.diagnostic(`${passed.length} of ${files.length} CRD files round-trip byte for byte`);
  assert.deepEqual(failures, []);
  assert.equal(passed.length, files.length - Object.keys(KNOWN_EXCEPTIONS).length);
});

test('docs/import.md lists exactly the known exceptions', async () => {
  const doc = await readFile(join(REPO, 'docs/import.md'), 'utf8');
  const block = /<!-- roundtrip-exceptions:start -->\n([\s\S]*?)\n<!-- roundtrip-exceptions:end -->/.exec(doc);
  assert.ok(block, 'docs/import.md has no exceptions block');
  assert.equal(block[1], exceptionsTable());
});

test('CRDs of one group-version imported together share a package and still round-trip', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsop-roundtrip-group-'));
  try {
    const seeds = join(SHARED, 'reference/seed-crds/aim-engine');
    const input = join(dir, 'crds');
    await mkdir(input);
    const names = (await readdir(seeds)).filter((f) => f.startsWith('aim.eai.amd.com_'));
    for (const name of names) await copyFile(join(seeds, name), join(input, name));
    const apis = join(dir, 'apis');
    const imported = await importCrds(input, { typesImport: relative(join(apis, 'group/version'), join(REPO, 'runtime/types.ts')) });
    await writeImport(imported, apis);
    assert.deepEqual(new Set(imported.crds.flatMap((c) => c.packages)), new Set(['aim.eai.amd.com/v1alpha1']));
    const generated = await generate({ apisDir: apis, allowDangerousTypes: true, extras: false });
    assert.equal(generated.files.size, names.length);
    for (const name of names) {
      const file = `reference/seed-crds/aim-engine/${name}`;
      const got = generated.files.get(`crds/${name}`);
      assert.ok(got, `no CRD generated for ${name}`);
      const same = withoutVersionLine(got) === withoutVersionLine(await readFile(join(SHARED, file), 'utf8'));
      assert.equal(same, !KNOWN_EXCEPTIONS[file], file);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Marker families the goldens do not use: scale, unserved/deprecated versions, labels, quoted keys, nested lists... */
const SYNTHETIC_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    controller-gen.kubebuilder.io/version: v0.18.0
    example.com/owner: team-a
  labels:
    app.kubernetes.io/part-of: widgets
  name: gizmos.example.com
spec:
  group: example.com
  names:
    categories:
    - all
    - toys
    kind: Gizmo
    listKind: GizmoList
    plural: gizmos
    shortNames:
    - gz
    singular: gizmo
  scope: Cluster
  versions:
  - additionalPrinterColumns:
    - description: how many
      format: int32
      jsonPath: .spec.replicas
      name: Replicas
      priority: 1
      type: integer
    deprecated: true
    deprecationWarning: use v2
    name: v1
    schema:
      openAPIV3Schema:
        description: Gizmo is a test kind.
        properties:
          apiVersion:
            description: |-
              APIVersion defines the versioned schema of this representation of an object.
              Servers should convert recognized schemas to the latest internal value, and
              may reject unrecognized values.
              More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources
            type: string
          kind:
            description: |-
              Kind is a string value representing the REST resource this object represents.
              Servers may infer this from the endpoint the client submits requests to.
              Cannot be updated.
              In CamelCase.
              More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds
            type: string
          metadata:
            type: object
          spec:
            properties:
              'x-dashed':
                type: string
              dotted.name:
                type: boolean
              replicas:
                default: 1
                format: int32
                maximum: 10
                minimum: 0
                exclusiveMinimum: true
                type: integer
              ratio:
                format: double
                multipleOf: 0.25
                type: number
              size:
                anyOf:
                - type: integer
                - type: string
                pattern: ^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$
                x-kubernetes-int-or-string: true
              when:
                format: date-time
                type: string
              grid:
                items:
                  items:
                    type: integer
                  type: array
                type: array
              tags:
                additionalProperties:
                  items:
                    type: string
                  type: array
                type: object
              levels:
                items:
                  enum:
                  - 1
                  - 2
                  type: integer
                type: array
              config:
                default:
                  a: 1
                  b: [x, "y z"]
                properties:
                  a:
                    type: integer
                  b:
                    items:
                      type: string
                    type: array
                type: object
                x-kubernetes-map-type: atomic
                x-kubernetes-preserve-unknown-fields: true
                x-kubernetes-validations:
                - message: a must be positive
                  rule: self.a > 0
              embedded:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              anything:
                x-kubernetes-preserve-unknown-fields: true
              nothing:
                type: object
              note:
                example: "yes"
                nullable: true
                title: A note
                type: string
              ports:
                items:
                  description: A port.
                  properties:
                    name:
                      type: string
                    port:
                      format: int32
                      type: integer
                  required:
                  - name
                  type: object
                maxItems: 4
                type: array
                x-kubernetes-list-map-keys:
                - name
                x-kubernetes-list-type: map
            required:
            - replicas
            type: object
            maxProperties: 20
          status:
            type: object
        type: object
        x-kubernetes-validations:
        - rule: self.metadata.name.size() < 20
    selectableFields:
    - jsonPath: .spec.x-dashed
    served: false
    storage: false
    subresources:
      scale:
        labelSelectorPath: .status.selector
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
      status: {}
  - name: v2
    schema:
      openAPIV3Schema:
        properties:
          apiVersion:
            description: |-
              APIVersion defines the versioned schema of this representation of an object.
              Servers should convert recognized schemas to the latest internal value, and
              may reject unrecognized values.
              More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources
            type: string
          kind:
            description: |-
              Kind is a string value representing the REST resource this object represents.
              Servers may infer this from the endpoint the client submits requests to.
              Cannot be updated.
              In CamelCase.
              More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds
            type: string
          metadata:
            type: object
        type: object
    served: true
    storage: true
`;

test('a CRD using the remaining marker families comes back as the same object', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsop-roundtrip-synthetic-'));
  try {
    await writeFile(join(dir, 'gizmos.yaml'), SYNTHETIC_CRD);
    const apis = join(dir, 'apis');
    const imported = await importCrds(join(dir, 'gizmos.yaml'), { typesImport: relative(join(apis, 'group/version'), join(REPO, 'runtime/types.ts')) });
    assert.deepEqual(imported.crds[0]!.issues, []);
    await writeImport(imported, apis);
    const generated = await generate({ apisDir: apis, allowDangerousTypes: true, extras: false });
    const got = parse(generated.files.get('crds/example.com_gizmos.yaml')!);
    const want = parse(SYNTHETIC_CRD);
    delete got.metadata.annotations['tsop.dev/version'];
    delete want.metadata.annotations['controller-gen.kubebuilder.io/version'];
    assert.deepEqual(got, want);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
