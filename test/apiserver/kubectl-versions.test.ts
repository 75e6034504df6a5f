import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApiServer } from '../../apiserver/index.ts';
import { fixturePath } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

for (const version of ['1.27', '1.33']) {
  const binary = pinnedKubectl(version);
  describe(`kubectl ${version} smoke`, { skip: binary ? false : `kubectl.${version} is not installed` }, () => {
    it('applies a CRD and a resource, lists, creates and deletes', async () => {
      const api = await startApiServer({ kubeVersion: version });
      try {
        const k = new Kubectl(binary!, api.kubeconfigPath);
        // kubectl <= 1.27 validates through OpenAPI v2 in protobuf, which the server does not serve.
        const validate = version === '1.27' ? ['--validate=false'] : [];
        assert.match(await k.ok(['version']), new RegExp(`Server Version: .*v${version.replace('.', '\\.')}\\.0`));
        await k.ok(['apply', ...validate, '-f', fixturePath('widgets-crd.yaml')]);
        assert.match(await k.ok(['wait', '--for=condition=Established', 'crd/widgets.test.tsop.dev', '--timeout=20s']), /condition met/);
        assert.match(await k.ok(['apply', ...validate, '-f', fixturePath('widget-demo.yaml')]), /created/);
        assert.match(await k.ok(['get', 'wg']), /demo\s+2\s+red/);
        assert.match(await k.ok(['patch', 'wg', 'demo', '--type=merge', '-p', '{"spec":{"replicas":3}}']), /patched/);
        assert.match(await k.ok(['create', 'namespace', 'smoke', ...validate]), /created/);
        assert.match(await k.ok(['create', 'configmap', 'c', '-n', 'smoke', '--from-literal=a=b', ...validate]), /created/);
        assert.equal((await k.ok(['auth', 'can-i', 'create', 'widgets'])).trim(), 'yes');
        assert.match(await k.ok(['delete', 'wg', 'demo']), /deleted/);
        assert.match(await k.ok(['api-resources', '--api-group=test.tsop.dev']), /widgets\s+wg\s+test.tsop.dev\/v1\s+true\s+Widget/);
      } finally {
        await api.stop();
      }
    });
  });
}
