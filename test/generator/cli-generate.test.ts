/** `tsop generate` end to end through the real CLI: writing, --check, stale files, failures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { widgetApi, writeTree } from './support.ts';

const MAIN = join(import.meta.dirname, '../../cli/main.ts');

function tsop(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, 'generate', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('writes CRDs, reports clean with --check, removes stale CRDs, lists changes', () => {
  const root = widgetApi('export interface WidgetSpec { size?: int32 }');
  assert.equal(tsop(root, '--check').code, 1);
  const first = tsop(root);
  assert.equal(first.code, 0, first.stderr);
  const crd = readFileSync(join(root, 'generated/crds/example.com_widgets.yaml'), 'utf8');
  assert.match(crd, /^---\napiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    tsop\.dev\/version: /);
  assert.ok(existsSync(join(root, 'generated/clients/index.ts')));
  const clean = tsop(root, '--check');
  assert.equal(clean.code, 0, clean.stderr);
  writeFileSync(join(root, 'generated/crds/old_things.yaml'), '---\n');
  writeFileSync(join(root, 'generated/crds/example.com_widgets.yaml'), crd + '# edited\n');
  const dirty = tsop(root, '--check');
  assert.equal(dirty.code, 1);
  assert.match(dirty.stderr, /would write crds\/example\.com_widgets\.yaml/);
  assert.match(dirty.stderr, /would remove crds\/old_things\.yaml/);
  assert.equal(tsop(root).code, 0);
  assert.deepEqual(readdirSync(join(root, 'generated/crds')), ['example.com_widgets.yaml']);
  assert.equal(readFileSync(join(root, 'generated/crds/example.com_widgets.yaml'), 'utf8'), crd);
});

test('bad input exits 1 with file:line:col and writes nothing', () => {
  const root = widgetApi('export interface WidgetSpec {\n  /** +kubebuilder:validation:Maximum=high */\n  size?: int32;\n  count?: number;\n}');
  const r = tsop(root, '--out', 'out');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^apis\/v1\/types\.ts:10:7: invalid marker: expected number, got "high"/);
  assert.match(r.stderr, /apis\/v1\/types\.ts:12:11: unsupported type number/);
  assert.match(r.stderr, /2 error\(s\); nothing written/);
  assert.equal(existsSync(join(root, 'out')), false);
});

test('a missing or empty apis directory is nothing to do', () => {
  const root = writeTree({ 'README.md': 'empty project\n' });
  const r = tsop(root, '--check');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(tsop(root, '--apis', 'nowhere').code, 0);
});

test('--max-desc-len and --allow-dangerous-types reach the generator', () => {
  const root = widgetApi('export interface WidgetSpec {\n  /** A long description that will be cut short. */\n  ratio?: float64;\n}');
  assert.equal(tsop(root).code, 1);
  assert.equal(tsop(root, '--allow-dangerous-types', '--max-desc-len', '10').code, 0);
  const crd = readFileSync(join(root, 'generated/crds/example.com_widgets.yaml'), 'utf8');
  assert.match(crd, /description: A long\.\.\.\n\s+type: number/);
  assert.equal(tsop(root, '--max-desc-len', 'x').code, 1);
});

test('RBAC markers of controllers land in rbac/role.yaml; a malformed one fails the run', () => {
  const root = widgetApi('export interface WidgetSpec { size?: int32 }');
  const ctrl = join(root, 'controllers');
  mkdirSync(ctrl);
  writeFileSync(join(ctrl, 'widget.ts'), '/**\n * +kubebuilder:rbac:groups=example.com,resources=widgets,verbs=get;list\n */\nexport const x = 1;\n');
  assert.equal(tsop(root).code, 0);
  assert.match(readFileSync(join(root, 'generated/rbac/role.yaml'), 'utf8'), /kind: ClusterRole[\s\S]*- widgets\n  verbs:\n  - get\n  - list\n/);
  writeFileSync(join(ctrl, 'widget.ts'), '/**\n * +kubebuilder:rbac:groups=example.com,resources=widgets\n */\nexport const x = 1;\n');
  const bad = tsop(root, '--out', 'other');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /missing argument "verbs"/);
  assert.equal(existsSync(join(root, 'other')), false);
});

test('webhook markers of controllers/, apis/ and webhooks/ land in webhook/manifests.yaml; --webhooks picks the directories', () => {
  const root = widgetApi('export interface WidgetSpec { size?: int32 }');
  const marker = (kind: 'mutate' | 'validate', name: string) =>
    `/**\n * +kubebuilder:webhook:path=/${kind}-example-com-v1-widget,mutating=${kind === 'mutate'},failurePolicy=fail,sideEffects=None,groups=example.com,resources=widgets,verbs=create;update,versions=v1,name=${name},admissionReviewVersions=v1\n */\nexport const hook = 1;\n`;
  mkdirSync(join(root, 'controllers'));
  mkdirSync(join(root, 'webhooks'));
  writeFileSync(join(root, 'controllers/widget-validation.ts'), marker('validate', 'vwidget.example.com'));
  writeFileSync(join(root, 'webhooks/widget-defaults.ts'), marker('mutate', 'mwidget.example.com'));
  writeFileSync(join(root, 'apis/v1/widget-webhook.ts'), marker('validate', 'vwidget-api.example.com'));
  const all = tsop(root);
  assert.equal(all.code, 0, all.stderr);
  const manifests = readFileSync(join(root, 'generated/webhook/manifests.yaml'), 'utf8');
  assert.match(manifests, /kind: MutatingWebhookConfiguration\nmetadata:\n  name: mutating-webhook-configuration\nwebhooks:\n[\s\S]*name: mwidget\.example\.com/);
  assert.match(manifests, /kind: ValidatingWebhookConfiguration[\s\S]*path: \/validate-example-com-v1-widget[\s\S]*name: vwidget-api\.example\.com[\s\S]*name: vwidget\.example\.com/);
  assert.equal(tsop(root, '--check').code, 0);

  const only = tsop(root, '--webhooks', 'webhooks', '--out', 'only');
  assert.equal(only.code, 0, only.stderr);
  const some = readFileSync(join(root, 'only/webhook/manifests.yaml'), 'utf8');
  assert.match(some, /name: mwidget\.example\.com/);
  assert.doesNotMatch(some, /ValidatingWebhookConfiguration/);
  const two = tsop(root, '--webhooks', 'webhooks', '--webhooks', 'controllers', '--out', 'two');
  assert.equal(two.code, 0, two.stderr);
  assert.match(readFileSync(join(root, 'two/webhook/manifests.yaml'), 'utf8'), /name: vwidget\.example\.com/);
  assert.doesNotMatch(readFileSync(join(root, 'two/webhook/manifests.yaml'), 'utf8'), /vwidget-api/);
});
