import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderCrdYaml, renderYaml, renderYamlDocuments, compareYamlKeys } from '../../generator/yaml/index.ts';

const SHARED = '/work/shared';
/** Files written by hand or that are templates, which controller-gen never produced as-is. */
const NOT_CONTROLLER_GEN = [
  /webhook\/testdata\/valid\//, /valid-url\//, /valid-custom-name\//, /valid-custom-service\//, /valid-crosspkg-stable\//,
  /_enums\.yaml$/, /java-era-/, /helm-template-/,
];

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (p.endsWith('.yaml')) out.push(p);
  }
  return out;
}

const goldens = [join(SHARED, 'conformance'), join(SHARED, 'reference/seed-crds')]
  .flatMap(yamlFiles)
  .filter((f) => !NOT_CONTROLLER_GEN.some((re) => re.test(f)));

test('every controller-gen golden re-renders byte for byte', () => {
  assert.ok(goldens.length >= 30, `found ${goldens.length} goldens`);
  for (const file of goldens) {
    const text = readFileSync(file, 'utf8');
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    assert.equal(renderYamlDocuments(docs), text, file);
  }
});

test('keys follow yaml.v2 order, not byte order', () => {
  const keys = ['xValue', 'x-kubernetes-list-type', 'aB', 'a_b', 'v10', 'v2', 'Zeta', 'alpha'];
  assert.deepEqual([...keys].sort(compareYamlKeys), ['Zeta', 'a_b', 'aB', 'alpha', 'v2', 'v10', 'x-kubernetes-list-type', 'xValue']);
});

test('scalars are quoted exactly when yaml.v2 quotes them', () => {
  const cases: [unknown, string][] = [
    ['124', '"124"\n'], ['true', '"true"\n'], ['yes', '"yes"\n'], ['', '""\n'], ['~', '"~"\n'],
    ['1:20', '"1:20"\n'], ['2001-12-14', '"2001-12-14"\n'], ['1e3', '"1e3"\n'], ['0x1F', '"0x1F"\n'],
    ['100Mi', '100Mi\n'], ['{}', "'{}'\n"], ['!(has(self.a))', "'!(has(self.a))'\n"], ['a: b', "'a: b'\n"],
    ['a #b', "'a #b'\n"], [' lead', "' lead'\n"], ['it\'s', "it's\n"], ['tab\there', '"tab\\there"\n'],
    ['aren’t', 'aren’t\n'], ['<<', '<<\n'], [1.5, '1.5\n'], [-2, '-2\n'], [1234567.5, '1.2345675e+06\n'], [0.00001, '1e-05\n'],
    [true, 'true\n'], [null, 'null\n'], [{}, '{}\n'], [[], '[]\n'],
  ];
  for (const [value, expected] of cases) assert.equal(renderYaml(value), expected, JSON.stringify(value));
});

test('block layout: unindented sequences, literal blocks, folding at column 80', () => {
  const doc = {
    list: ['a', { k: 'v', j: 1 }],
    text: 'line one\nline two',
    keep: 'ends\n\n',
    long: 'word '.repeat(30).trim(),
    empty: { m: {}, s: [] },
  };
  assert.equal(renderCrdYaml(doc), [
    '---',
    'empty:',
    '  m: {}',
    '  s: []',
    'keep: |+',
    '  ends',
    '',
    'list:',
    '- a',
    '- j: 1',
    '  k: v',
    'long: word word word word word word word word word word word word word word word word',
    '  word word word word word word word word word word word word word word',
    'text: |-',
    '  line one',
    '  line two',
    '',
  ].join('\n'));
});
