/**
 * The seed APIs under apis/ through the generator library, compared with the CRDs of the real
 * projects as parsed YAML. Only description text is ignored (our doc comments are our own words);
 * every name, version, column, default, validation and list/map semantics must match, except in
 * the built-in types LocustTest embeds, which differ exactly as builtins-known-differences.json
 * lists (facts that no registry package carries).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../../generator/index.ts';
import { assertKnownDifferences, knownComparisons, knownDifferences, schemaDiff, type KnownDifference } from './builtins-schema-diff.ts';

const root = new URL('../../', import.meta.url).pathname;
const seeds = '/work/shared/reference/seed-crds';

/** A copy without any description keys. */
function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, withoutDescriptions(s)])) : withoutDescriptions(v);
  }
  return out;
}

const generated = generate({ apisDir: join(root, 'apis'), outDir: join(root, 'generated'), extras: false });

async function crd(file: string): Promise<any> {
  const { files } = await generated;
  const text = files.get(`crds/${file}`);
  assert.ok(text, `no generated crds/${file}; have ${[...files.keys()].join(', ')}`);
  return parse(text);
}

function reference(path: string): any {
  return parse(readFileSync(join(seeds, path), 'utf8'));
}

/** The rule we add to LocustTest in both versions: names longer than 56 characters are refused. */
const NAME_RULE = 'self.metadata.name.size() <= 56';

test('LocustTest matches the locust-k8s-operator head CRD, plus the name-length rule', async () => {
  const ours = await crd('locust.io_locusttests.yaml');
  const theirs = reference('locust-k8s-operator/head/locust.io_locusttests.yaml');
  assert.equal(ours.metadata.name, theirs.metadata.name);
  for (const v of ours.spec.versions) {
    const rules = v.schema.openAPIV3Schema['x-kubernetes-validations'];
    assert.ok(rules?.some((r: { rule: string }) => r.rule === NAME_RULE), `version ${v.name} lacks the name rule`);
    delete v.schema.openAPIV3Schema['x-kubernetes-validations'];
  }
  const v2 = theirs.spec.versions.findIndex((v: { name: string }) => v.name === 'v2');
  assertKnownDifferences('LocustTest', withoutDescriptions(theirs.spec), withoutDescriptions(ours.spec), locustBuiltinDifferences(v2));
});

/**
 * The known built-in differences of the LocustTest v2 fields, placed at their paths in the CRD.
 * status.conditions is left out: the CRD uses the dialect's Condition, not the built-in type.
 */
function locustBuiltinDifferences(version: number): KnownDifference[] {
  const out: KnownDifference[] = [];
  for (const comparison of knownComparisons()) {
    const field = /^locust (.+)$/.exec(comparison)?.[1];
    if (!field || field === 'status.conditions[]') continue;
    const at = field.split('.').map((p) => `.properties.${p.replace(/\[\]$/, '.items')}`).join('');
    out.push(...knownDifferences(comparison, `.versions[${version}].schema.openAPIV3Schema${at}`));
  }
  return out;
}

for (const name of ['clustermappings', 'namespacemappings', 'remoteclusters']) {
  test(`dr-syncer ${name} matches config/crd/bases`, async () => {
    const ours = await crd(`dr-syncer.io_${name}.yaml`);
    const theirs = reference(`dr-syncer/config-crd-bases/dr-syncer.io_${name}.yaml`);
    assert.equal(ours.metadata.name, theirs.metadata.name);
    assert.deepEqual(schemaDiff(withoutDescriptions(theirs.spec), withoutDescriptions(ours.spec)), []);
  });
}

test('neurallog Tenant follows the documented fields: cluster scope, status, printer columns', async () => {
  const ours = await crd('neurallog.io_tenants.yaml');
  assert.equal(ours.spec.scope, 'Cluster');
  assert.deepEqual(ours.spec.names, { kind: 'Tenant', listKind: 'TenantList', plural: 'tenants', singular: 'tenant' });
  const [v1] = ours.spec.versions;
  assert.equal(v1.name, 'v1');
  assert.deepEqual(v1.subresources, { status: {} });
  assert.deepEqual(v1.additionalPrinterColumns.map((c: { name: string; jsonPath: string }) => [c.name, c.jsonPath]),
    [['Status', '.status.phase'], ['Namespace', '.status.namespace'], ['Age', '.metadata.creationTimestamp']]);
  const spec = v1.schema.openAPIV3Schema.properties.spec.properties;
  assert.deepEqual(spec.server.properties.env.items.required, ['name']);
  assert.deepEqual(spec.server.properties.env.items.properties.valueFrom.properties.secretKeyRef.required, ['key', 'name']);
  assert.equal(spec.redis.properties.replicas.format, 'int32');
  assert.equal(spec.networkPolicy.properties.ingressRules.items.properties.ports.items.properties.port.format, 'int32');
  assert.equal(v1.schema.openAPIV3Schema.properties.status.properties.conditions.items.properties.type.maxLength, 316);
});

test('Sandbox kinds carry the designed validations', async () => {
  const sandbox = await crd('sandbox.tsop.dev_sandboxes.yaml');
  assert.equal(sandbox.spec.group, 'sandbox.tsop.dev');
  assert.deepEqual(sandbox.spec.names.shortNames, ['sb']);
  const s = sandbox.spec.versions[0].schema.openAPIV3Schema.properties;
  assert.deepEqual(sandbox.spec.versions[0].schema.openAPIV3Schema.required, ['spec']);
  assert.deepEqual([s.spec.properties.ttl.minimum, s.spec.properties.ttl.maximum], [300, 604800]);
  assert.deepEqual(s.spec.required, ['services', 'ttl']);
  assert.equal(s.spec.properties.services['x-kubernetes-list-type'], 'map');
  assert.deepEqual(s.status.properties.phase.enum, ['Pending', 'Running', 'Terminating', 'Failed']);
  assert.equal(s.status.properties.expiresAt.format, 'date-time');
  const rg = (await crd('sandbox.tsop.dev_routegroups.yaml')).spec.versions[0].schema.openAPIV3Schema.properties;
  const path = rg.spec.properties.routes.items.properties.paths.items;
  assert.equal(path['x-kubernetes-validations'][0].rule, 'has(self.exact) != has(self.prefix)');
  const lw = (await crd('sandbox.tsop.dev_localworkloads.yaml')).spec.versions[0].schema.openAPIV3Schema.properties;
  assert.deepEqual(lw.status.properties.phase.enum, ['Pending', 'Connected', 'Disconnected', 'Failed']);
  assert.equal(lw.spec.properties.stalenessTimeoutSeconds.default, 30);
});
