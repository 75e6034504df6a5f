/**
 * A CRD is Established only once every client-visible surface serves it: a client that sees
 * Established=True on a watch and immediately runs `kubectl apply` (strict validation through
 * OpenAPI v3, discovery, then the write) must succeed on the first try.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw, watch } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

let api: RunningApiServer;
const binary = pinnedKubectl('1.32');

before(async () => { api = await startApiServer(); });
after(async () => { await api.stop(); });

function crd(group: string, kind: string): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
    spec: {
      group, scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } } } } },
      }],
    },
  };
}

/** Resolves when a watch on CRDs reports the named one with Established=True. */
function established(name: string): { wait: Promise<void>; close: () => void } {
  const w = watch(api, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=true&fieldSelector=metadata.name%3D${name}`);
  const wait = (async () => {
    for (;;) {
      const ok = w.events.some((e) => (e.object?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True'));
      if (ok) return;
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  return { wait, close: () => w.close() };
}

test('kubectl apply with strict validation succeeds right after Established, every time', { skip: !binary && 'kubectl.1.32 not installed' }, async () => {
  // One kubectl home for all rounds: its discovery and HTTP caches predate each new CRD, as a
  // developer's do.
  const k = new Kubectl(binary!, api.kubeconfigPath);
  await k.ok(['api-resources']);
  // New groups, then new kinds joining a group version that is already served (and cached).
  const rounds = [['g0.establish.test', 'Gadget'], ['g1.establish.test', 'Gadget'], ['g0.establish.test', 'Widget'], ['g0.establish.test', 'Sprocket'], ['g2.establish.test', 'Gadget']] as const;
  for (const [i, [group, kind]] of rounds.entries()) {
    const def = crd(group, kind);
    const name = (def.metadata as { name: string }).name;
    const seen = established(name);
    const created = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', def);
    assert.equal(created.status, 201, created.text);
    await seen.wait;
    seen.close();
    // Discovery, OpenAPI and routing all serve it by the time Established is observable.
    const plural = `${kind.toLowerCase()}s`;
    const [disc, index, list] = await Promise.all([
      raw(api, 'GET', `/apis/${group}/v1`), raw(api, 'GET', '/openapi/v3'), raw(api, 'GET', `/apis/${group}/v1/namespaces/default/${plural}`),
    ]);
    assert.ok(disc.json.resources.some((r: { name: string }) => r.name === plural), disc.text);
    assert.ok(index.json.paths[`apis/${group}/v1`], 'OpenAPI v3 index lists the group version');
    assert.equal(list.status, 200);
    const cr = JSON.stringify({ apiVersion: `${group}/v1`, kind, metadata: { name: `obj-${i}`, namespace: 'default' }, spec: { size: 3 } });
    const r = await k.run(['apply', '--validate=strict', '-f', '-'], cr);
    assert.equal(r.code, 0, `round ${i} (${kind}.${group}): ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`${kind.toLowerCase()}.${group.replaceAll('.', '\\.')}/obj-${i} created`));
    // Strict validation really ran against the new schema: an unknown field is refused.
    const bad = JSON.stringify({ apiVersion: `${group}/v1`, kind, metadata: { name: `bad-${i}`, namespace: 'default' }, spec: { size: 3, colour: 'red' } });
    const refused = await k.run(['apply', '--validate=strict', '-f', '-'], bad);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /unknown field "spec.colour"/);
  }
});

test('a custom resource applied before its CRD exists fails on the mapping, not on validation', { skip: !binary && 'kubectl.1.32 not installed' }, async () => {
  // kubectl's v3 check finds neither the group version nor a CRD, so it validates client-side
  // with OpenAPI v2; that must not fail (it used to end in "error validating data: the server
  // could not find the requested resource" when the CRD was created while kubectl was running).
  const k = new Kubectl(binary!, api.kubeconfigPath);
  const cr = JSON.stringify({ apiVersion: 'late.establish.test/v1', kind: 'Late', metadata: { name: 'early', namespace: 'default' }, spec: { size: 1 } });
  const r = await k.run(['apply', '--validate=strict', '-f', '-'], cr);
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(r.stderr, /error validating data/);
  assert.match(r.stderr, /no matches for kind "Late" in version "late.establish.test\/v1"/);
  assert.match(r.stderr, /ensure CRDs are installed first/);
});
