/**
 * `tsop import` behaviour that does not need the generator: input checking through the real CLI,
 * the doc-comment and marker spellings it writes, and that its output type-checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { docLinesFor, extractDescription, renderJsDoc } from '../../generator/import/descriptions.ts';
import { importCrds, writeImport } from '../../generator/import/index.ts';
import { goQuote, markerAny } from '../../generator/import/markerValues.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const TESTDATA = '/work/shared/conformance/controller-tools/pkg/crd/testdata';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tsop-import-'));
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(NODE, [join(ROOT, 'cli/main.ts'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('CLI rejects a file that is not YAML with one message naming it, writing nothing', async () => {
  const dir = await tempDir();
  try {
    const bad = join(dir, 'broken.yaml');
    await writeFile(bad, 'key: [unclosed\n  - {');
    const out = join(dir, 'out');
    const r = await cli(['import', bad, '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /broken\.yaml: not valid YAML/);
    await assert.rejects(readdir(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CLI rejects YAML that is not a CRD, even when another file of the directory is one', async () => {
  const dir = await tempDir();
  try {
    const input = join(dir, 'in');
    await run('mkdir', ['-p', input]);
    await writeFile(join(input, 'a.yaml'), await readFile(join(TESTDATA, 'plural/plural.example.com_testquotas.yaml')));
    await writeFile(join(input, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const out = join(dir, 'out');
    const r = await cli(['import', input, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /b\.yaml: expected kind CustomResourceDefinition, got "ConfigMap"/);
    await assert.rejects(readdir(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CLI writes one package per version with the requested types import', async () => {
  const dir = await tempDir();
  try {
    const r = await cli(['import', join(TESTDATA, 'multiple_versions'), '--out', dir, '--types-import', '#types']);
    assert.equal(r.code, 0, r.stderr);
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
    assert.deepEqual(files, [
      'testdata.kubebuilder.io/v1beta1/groupversion.ts',
      'testdata.kubebuilder.io/v1beta1/versionedresource_types.ts',
      'testdata.kubebuilder.io/v1beta2/groupversion.ts',
      'testdata.kubebuilder.io/v1beta2/versionedresource_types.ts',
    ]);
    const gv = await readFile(join(dir, 'testdata.kubebuilder.io/v1beta2/groupversion.ts'), 'utf8');
    assert.match(gv, /@packageDocumentation\n \* \+groupName=testdata\.kubebuilder\.io\n \* \+versionName=v1beta2\n/);
    const kind = await readFile(join(dir, 'testdata.kubebuilder.io/v1beta2/versionedresource_types.ts'), 'utf8');
    assert.match(kind, /from "#types"/);
    assert.match(kind, /export interface VersionedResource \{\n  apiVersion: string;\n  kind: string;\n  metadata\?: ObjectMeta;/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('descriptions that survive doc normalisation are written line for line', () => {
  const text = 'First line.\n\n  indented code\n* bullet\nlast';
  const doc = docLinesFor(text);
  assert.ok('lines' in doc);
  assert.equal(extractDescription(doc.lines), text);
  assert.equal(renderJsDoc(doc.lines, ['+optional'], '  '), '  /**\n   * First line.\n   *\n   *   indented code\n   * * bullet\n   * last\n   * +optional\n   */\n');
  for (const [bad, why] of [['a\n---\nb', /---/], ['a \nb', /whitespace/], ['a\n\n\nb', /blank lines/], ['TODO: x', /TODO/], ['+notAMarker', /"\+"/], ['every */5 minutes', /\*\//]] as const) {
    const r = docLinesFor(bad);
    assert.ok('problem' in r, bad);
    assert.match(r.problem, why);
  }
});

test('marker values never let a string read back as another type', () => {
  assert.equal(markerAny('forty-two'), 'forty-two');
  assert.equal(markerAny('5'), '"5"');
  assert.equal(markerAny('true'), '"true"');
  assert.equal(markerAny('a;b'), '"a;b"');
  assert.equal(markerAny(1.5), '1.5');
  assert.equal(markerAny({ k: ['x', 2] }), '{"k": {"x",2}}');
  assert.equal(markerAny([], true), '{}');
  assert.throws(() => markerAny([], false));
  assert.throws(() => markerAny(null));
  assert.equal(goQuote('a */ b'), '"a \\u002a/ b"');
});

test('imported sources type-check', async () => {
  const dir = await tempDir();
  try {
    const inputs = ['testdata.kubebuilder.io_cronjobs.yaml', 'testdata.kubebuilder.io_oneofs.yaml', 'plural/plural.example.com_testquotas.yaml'];
    for (const input of inputs) {
      const result = await importCrds(join(TESTDATA, input), { typesImport: relative(join(dir, 'x/y'), join(ROOT, 'runtime/types.ts')) });
      await writeImport(result, dir);
    }
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'es2024', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
        allowImportingTsExtensions: true, verbatimModuleSyntax: true, erasableSyntaxOnly: true, types: [],
      },
      include: ['**/*.ts'],
    }));
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    const r = await run(tsc, ['--noEmit', '-p', join(dir, 'tsconfig.json')]).then(() => '', (e: { stdout: string }) => e.stdout);
    assert.equal(r, '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('parts a marker cannot express are reported with their schema path', async () => {
  const result = await importCrds('/work/shared/reference/seed-crds/dr-syncer/config-crd-bases/dr-syncer.io_clustermappings.yaml');
  assert.deepEqual(result.crds[0]!.issues, [
    'ClusterMapping(v1alpha1).status.conditions[]: the description does not survive doc-comment normalisation (a line starts with "---")',
    'ClusterMapping(v1alpha1).status.conditions[].type: the description does not survive doc-comment normalisation (a line starts with "---")',
  ]);
  const clean = await importCrds(join(TESTDATA, 'testdata.kubebuilder.io_cronjobs.yaml'));
  assert.deepEqual(clean.crds.flatMap((c) => c.issues), []);
});
