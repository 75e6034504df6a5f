import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startApiServer } from '../../apiserver/index.ts';
import { fixturePath } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

/** A ConfigMap and a Deployment in one file, for `create -f` (built-in kinds validated client-side by kubectl <= 1.29). */
function builtinsFile(suffix: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tsop-kubectl-files-')), 'builtins.yaml');
  writeFileSync(path, `apiVersion: v1
kind: ConfigMap
metadata: {name: cm-${suffix}, namespace: default}
data: {a: b}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${suffix}, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web-${suffix}}}
  template:
    metadata: {labels: {app: web-${suffix}}}
    spec:
      containers: [{name: c, image: nginx, ports: [{containerPort: 80}], resources: {limits: {cpu: 1, memory: 64Mi}}}]
`);
  return path;
}

/** A Widget manifest named `name`. */
function widgetFile(name: string, spec = 'color: blue\n  replicas: 1'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tsop-kubectl-files-')), 'widget.yaml');
  writeFileSync(path, `apiVersion: test.tsop.dev/v1\nkind: Widget\nmetadata:\n  name: ${name}\nspec:\n  ${spec}\n`);
  return path;
}

for (const version of ['1.27', '1.33']) {
  const binary = pinnedKubectl(version);
  describe(`kubectl ${version} smoke`, { skip: binary ? false : `kubectl.${version} is not installed` }, () => {
    it('applies a CRD and a resource, lists, creates and deletes (default validation)', async () => {
      const api = await startApiServer({ kubeVersion: version });
      try {
        const k = new Kubectl(binary!, api.kubeconfigPath);
        assert.match(await k.ok(['version']), new RegExp(`Server Version: .*v${version.replace('.', '\\.')}\\.0`));
        await k.ok(['apply', '-f', fixturePath('widgets-crd.yaml')]);
        assert.match(await k.ok(['wait', '--for=condition=Established', 'crd/widgets.test.tsop.dev', '--timeout=20s']), /condition met/);
        assert.match(await k.ok(['apply', '-f', fixturePath('widget-demo.yaml')]), /created/);
        assert.match(await k.ok(['get', 'wg']), /demo\s+2\s+red/);
        assert.match(await k.ok(['patch', 'wg', 'demo', '--type=merge', '-p', '{"spec":{"replicas":3}}']), /patched/);
        assert.match(await k.ok(['create', 'namespace', 'smoke']), /created/);
        assert.match(await k.ok(['create', 'configmap', 'c', '-n', 'smoke', '--from-literal=a=b']), /created/);
        const created = await k.ok(['create', '-f', builtinsFile('smoke')]);
        assert.match(created, /configmap\/cm-smoke created/);
        assert.match(created, /deployment.apps\/web-smoke created/);
        assert.match(await k.ok(['apply', '--server-side', '--force-conflicts', '-f', fixturePath('widget-demo.yaml')]), /serverside-applied/);
        assert.match(await k.ok(['apply', '--server-side', '-f', builtinsFile('smoke')]), /deployment.apps\/web-smoke serverside-applied/);
        assert.equal((await k.ok(['auth', 'can-i', 'create', 'widgets'])).trim(), 'yes');
        assert.match(await k.ok(['delete', 'wg', 'demo']), /deleted/);
        assert.match(await k.ok(['api-resources', '--api-group=test.tsop.dev']), /widgets\s+wg\s+test.tsop.dev\/v1\s+true\s+Widget/);
      } finally {
        await api.stop();
      }
    });

    it('rejects unknown fields with default validation and explains from v3 and v2', async () => {
      const api = await startApiServer({ kubeVersion: version });
      try {
        const k = new Kubectl(binary!, api.kubeconfigPath);
        await k.ok(['apply', '-f', fixturePath('widgets-crd.yaml')]);
        await k.ok(['wait', '--for=condition=Established', 'crd/widgets.test.tsop.dev', '--timeout=20s']);
        const bad = await k.run(['apply', '-f', widgetFile('bad', 'color: blue\n  bogus: 1')]);
        assert.notEqual(bad.code, 0);
        assert.match(bad.stderr, /unknown field "spec\.bogus"|unknown field "bogus"/);
        for (const output of [[], ['--output=plaintext-openapiv2']]) {
          const cr = await k.ok(['explain', ...output, 'widget.spec.color']);
          assert.match(cr, /FIELD:\s+color <string>/);
          assert.match(cr, /Color of the widget\./);
          const deploy = await k.ok(['explain', ...output, 'deployment.spec.replicas']);
          assert.match(deploy, /FIELD:\s+replicas <integer>/);
          assert.match(deploy, /Number of desired pods/);
        }
      } finally {
        await api.stop();
      }
    });
  });
}

const middle = ['1.28', '1.29', '1.30', '1.31', '1.32'].filter((v) => pinnedKubectl(v));
describe('every pinned kubectl between', { skip: middle.length ? false : 'no kubectl.1.28 .. 1.32 installed' }, () => {
  it('applies and creates files with default validation, applies server-side and explains from v2', async () => {
    const api = await startApiServer();
    try {
      await new Kubectl(pinnedKubectl(middle[0])!, api.kubeconfigPath).ok(['apply', '-f', fixturePath('widgets-crd.yaml')]);
      for (const version of middle) {
        const k = new Kubectl(pinnedKubectl(version)!, api.kubeconfigPath);
        const name = `w${version.replace('.', '-')}`;
        await k.ok(['wait', '--for=condition=Established', 'crd/widgets.test.tsop.dev', '--timeout=20s']);
        assert.match(await k.ok(['apply', '-f', widgetFile(name)]), /created/, version);
        assert.match(await k.ok(['create', '-f', builtinsFile(name)]), /deployment.apps\/web-w.* created/, version);
        assert.match(await k.ok(['apply', '--server-side', '--force-conflicts', '-f', widgetFile(name, 'color: green')]), /serverside-applied/, version);
        assert.match(await k.ok(['explain', '--output=plaintext-openapiv2', 'widget.spec.color']), /Color of the widget\./, version);
        assert.match(await k.ok(['explain', 'deployment.spec.replicas']), /Number of desired pods/, version);
      }
    } finally {
      await api.stop();
    }
  });
});
