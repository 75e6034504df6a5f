import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, fixturePath } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const binary = pinnedKubectl('1.32');

describe('kubectl 1.32 end to end', { skip: binary ? false : 'kubectl.1.32 is not installed' }, () => {
  let api: RunningApiServer;
  let k: Kubectl;
  before(async () => {
    api = await startApiServer();
    k = new Kubectl(binary!, api.kubeconfigPath);
  });
  after(() => api.stop());

  it('applies a CRD and waits for Established', async () => {
    assert.match(await k.ok(['apply', '-f', fixturePath('widgets-crd.yaml')]), /customresourcedefinition.apiextensions.k8s.io\/widgets.test.tsop.dev created/);
    assert.match(await k.ok(['wait', '--for=condition=Established', 'crd/widgets.test.tsop.dev', '--timeout=20s']), /condition met/);
  });

  it('creates a custom resource and prints its columns', async () => {
    assert.match(await k.ok(['apply', '-f', fixturePath('widget-demo.yaml')]), /widget.test.tsop.dev\/demo created/);
    const table = await k.ok(['get', 'widgets']);
    assert.match(table, /NAME\s+REPLICAS\s+COLOR\s+AGE/);
    assert.match(table, /demo\s+2\s+red\s+/);
    assert.match(await k.ok(['get', 'wg', 'demo', '-o', 'wide']), /demo\s+2\s+red/);
    assert.match(await k.ok(['get', 'tsoptest']), /demo\s+2\s+red/);
  });

  it('diffs against the server with dry-run patches that leave the object alone', async () => {
    const same = await k.run(['diff', '-f', fixturePath('widget-demo.yaml')]);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, '');
    const file = join(k.home, 'widget-changed.yaml');
    writeFileSync(file, 'apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata:\n  name: demo\n  labels:\n    app: demo\nspec:\n  color: red\n  replicas: 5\n');
    const changed = await k.run(['diff', '-f', file]);
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^-\s+replicas: 2$/m);
    assert.match(changed.stdout, /^\+\s+replicas: 5$/m);
    assert.equal(await k.ok(['get', 'widget', 'demo', '-o', 'jsonpath={.spec.replicas}']), '2');
  });

  it('describes and explains', async () => {
    const described = await k.ok(['describe', 'widget', 'demo']);
    assert.match(described, /Name:\s+demo/);
    assert.match(described, /Events:\s+<none>/);
    const explained = await k.ok(['explain', 'widgets.spec.color']);
    assert.match(explained, /FIELD:\s+color\s+<string>/);
    assert.match(explained, /Color of the widget/);
    await k.ok(['patch', 'crd', 'widgets.test.tsop.dev', '--type=json', '-p',
      '[{"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/shape","value":{"type":"string","description":"Shape of the widget."}}]']);
    assert.match(await k.ok(['explain', 'widgets.spec.shape']), /Shape of the widget/, 'the OpenAPI hash changed with the schema');
  });

  it('rejects unknown fields and schema violations under strict validation', async () => {
    const bad = join(k.home, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {color: red, shade: dark}\n');
    const r = await k.run(['apply', '-f', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown field "spec.shade"/);
    writeFileSync(bad, 'apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {color: purple}\n');
    const r2 = await k.run(['create', '-f', bad]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /spec.color: Unsupported value: "purple"/);
  });

  it('patches with merge, json and refuses strategic merge on custom resources', async () => {
    assert.match(await k.ok(['patch', 'widget', 'demo', '--type=merge', '-p', '{"spec":{"replicas":3}}']), /patched/);
    assert.equal(await k.ok(['get', 'widget', 'demo', '-o', 'jsonpath={.spec.replicas}']), '3');
    await k.ok(['patch', 'widget', 'demo', '--type=json', '-p', '[{"op":"replace","path":"/spec/color","value":"green"}]']);
    assert.equal(await k.ok(['get', 'widget', 'demo', '-o', 'jsonpath={.spec.color}']), 'green');
    const smp = await k.run(['patch', 'widget', 'demo', '-p', '{"spec":{"replicas":4}}']);
    assert.equal(smp.code, 1);
    assert.match(smp.stderr, /strategic-merge-patch/);
    assert.equal(await k.ok(['get', 'widget', 'demo', '-o', 'jsonpath={.metadata.generation}']), '3');
  });

  it('applies server-side, labels and scales', async () => {
    const file = join(k.home, 'ssa.yaml');
    writeFileSync(file, 'apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata: {name: ssa}\nspec: {color: blue, replicas: 1}\n');
    assert.match(await k.ok(['apply', '--server-side', '-f', file]), /widget.test.tsop.dev\/ssa serverside-applied/);
    assert.equal(await k.ok(['get', 'widget', 'ssa', '-o', 'jsonpath={.spec.color}']), 'blue');
    await k.ok(['patch', 'widget', 'ssa', '--type=merge', '-p', '{"spec":{"color":"green"}}']);
    const conflict = await k.run(['apply', '--server-side', '-f', file]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /conflict with "kubectl-patch"/);
    await k.ok(['apply', '--server-side', '--force-conflicts', '-f', file]);
    assert.equal(await k.ok(['get', 'widget', 'ssa', '-o', 'jsonpath={.spec.color}']), 'blue');
    assert.match(await k.ok(['get', 'widget', 'ssa', '-o', 'yaml', '--show-managed-fields']), /manager: kubectl\n\s+operation: Apply/);
    await k.ok(['label', 'widget', 'demo', 'tier=gold']);
    assert.match(await k.ok(['get', 'widgets', '-l', 'tier=gold', '-o', 'name']), /^widget.test.tsop.dev\/demo\n$/);
    assert.match(await k.ok(['scale', 'widget', 'demo', '--replicas=6']), /scaled/);
    assert.equal(await k.ok(['get', 'widget', 'demo', '-o', 'jsonpath={.spec.replicas}']), '6');
  });

  it('deletes through a finalizer and waits for deletion', async () => {
    await k.ok(['patch', 'widget', 'ssa', '--type=merge', '-p', '{"metadata":{"finalizers":["test.tsop.dev/hold"]}}']);
    await k.ok(['delete', 'widget', 'ssa', '--wait=false']);
    assert.notEqual(await k.ok(['get', 'widget', 'ssa', '-o', 'jsonpath={.metadata.deletionTimestamp}']), '');
    const waiter = k.run(['wait', '--for=delete', 'widget/ssa', '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 300));
    await k.ok(['patch', 'widget', 'ssa', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    const waited = await waiter;
    assert.equal(waited.code, 0, waited.stderr);
    const gone = await k.run(['get', 'widget', 'ssa']);
    assert.match(gone.stderr, /NotFound/);
  });

  it('streams changes with get -w', async () => {
    const child = k.spawn(['get', 'widgets', '-w']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    await eventually(() => out.includes('demo'), 10_000, 'initial rows');
    const file = join(k.home, 'watched.yaml');
    writeFileSync(file, 'apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata: {name: watched}\nspec: {color: red}\n');
    await k.ok(['create', '-f', file]);
    await eventually(() => /watched\s+1\s+red/.test(out), 10_000, 'watched row');
    child.kill();
  });

  it('answers auth can-i and whoami', async () => {
    assert.equal((await k.ok(['auth', 'can-i', 'create', 'widgets'])).trim(), 'yes');
    assert.match(await k.ok(['auth', 'whoami']), /admin/);
  });

  it('creates namespaces and configmaps with protobuf bodies', async () => {
    assert.match(await k.ok(['create', 'namespace', 'proto']), /namespace\/proto created/);
    assert.match(await k.ok(['create', 'configmap', 'cfg', '-n', 'proto', '--from-literal=a=b']), /configmap\/cfg created/);
    assert.equal(await k.ok(['get', 'configmap', 'cfg', '-n', 'proto', '-o', 'jsonpath={.data.a}']), 'b');
    assert.match(await k.ok(['get', 'ns', 'proto']), /proto\s+Active/);
    const bad = await k.run(['create', 'namespace', 'Bad_Name']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Invalid value: "Bad_Name"/);
  });

  it('deletes a namespace with its content', async () => {
    await k.ok(['delete', 'namespace', 'proto', '--timeout=30s']);
    const r = await k.run(['get', 'configmap', 'cfg', '-n', 'proto']);
    assert.match(r.stderr, /NotFound/);
    const immortal = await k.run(['delete', 'namespace', 'default', '--dry-run=server']);
    assert.match(immortal.stderr, /Forbidden/);
  });
});
