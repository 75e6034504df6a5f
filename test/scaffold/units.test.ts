/** The scaffolding library's pieces: names, templates, registry edits, planned writes, compile, bundle. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildBundle, bundleObjects } from '../../scaffold/bundle.ts';
import { FileChanges } from '../../scaffold/changes.ts';
import { compileProject } from '../../scaffold/compile.ts';
import { ScaffoldError } from '../../scaffold/errors.ts';
import { kindNames, parseBool } from '../../scaffold/names.ts';
import { registerController } from '../../scaffold/registry.ts';
import { fillTemplate, renderTemplate } from '../../scaffold/templates.ts';

const work = mkdtempSync(join(tmpdir(), 'tsop-scaffold-units-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('kind names: full group, plural, lower-case kind; bad syntax is invalid-input', () => {
  assert.deepEqual(kindNames({ group: 'ship', version: 'v1beta2', kind: 'Policy', domain: 'example.com' }), {
    group: 'ship', fullGroup: 'ship.example.com', version: 'v1beta2', kind: 'Policy', kindLower: 'policy', plural: 'policies', namespaced: true,
  });
  for (const bad of [{ group: 'a.b' }, { group: '-x' }, { version: 'v0' }, { version: 'v1gamma1' }, { kind: 'ship_yard' }, { kind: '1Ship' }]) {
    assert.throws(() => kindNames({ group: 'ship', version: 'v1', kind: 'Ship', domain: 'example.com', ...bad }), (e: unknown) => e instanceof ScaffoldError && e.kind === 'invalid-input');
  }
  assert.equal(parseBool('x', 'false', true), false);
  assert.equal(parseBool('x', undefined, true), true);
});

test('templates: every placeholder must have a value', () => {
  assert.equal(fillTemplate('a {{kind}} b {{kind}}', { kind: 'K' }), 'a K b K');
  assert.throws(() => fillTemplate('{{missing}}', {}), /no value for placeholder \{\{missing\}\}/);
  assert.match(renderTemplate('api/groupversion.ts', { fullGroup: 'ship.example.com', version: 'v1' }), /\+groupName=ship\.example\.com/);
});

test('registry edits insert above the markers once, keep indentation, and report missing markers', () => {
  const text = "import type { Manager } from 'tsop';\n// +tsop:scaffold:imports\nexport function registerControllers(mgr: Manager): void {\n  // +tsop:scaffold:controllers\n}\n";
  const once = registerController(text, 'Ship', 'ship')!;
  assert.match(once, /import \{ registerShipController \} from '\.\/ship_controller\.ts';\n\/\/ \+tsop:scaffold:imports/);
  assert.match(once, /\n {2}registerShipController\(mgr\);\n {2}\/\/ \+tsop:scaffold:controllers/);
  assert.equal(registerController(once, 'Ship', 'ship'), once);
  assert.equal(registerController('no markers here', 'Ship', 'ship'), undefined);
});

test('planned writes: a conflict writes nothing; undo restores edited files and removes new ones', () => {
  const dir = join(work, 'changes');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kept.txt'), 'old');
  const conflicting = new FileChanges(dir);
  conflicting.add('new.txt', 'new');
  conflicting.add('kept.txt', 'clobbered');
  assert.throws(() => conflicting.apply(), /kept\.txt already exists; pass --force/);
  assert.ok(!existsSync(join(dir, 'new.txt')));
  const changes = new FileChanges(dir);
  changes.add('sub/new.txt', 'new');
  changes.edit('kept.txt', 'edited');
  const applied = changes.apply();
  assert.deepEqual(applied.written, ['sub/new.txt', 'kept.txt']);
  applied.undo();
  assert.equal(readFileSync(join(dir, 'kept.txt'), 'utf8'), 'old');
  assert.ok(!existsSync(join(dir, 'sub/new.txt')));
});

test('compile: types erased, relative .ts imports become .js, tests left out', () => {
  const dir = join(work, 'compile');
  mkdirSync(join(dir, 'controllers'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  writeFileSync(join(dir, 'main.ts'), "import type { X } from './controllers/x.ts';\nimport { run } from './controllers/x.ts';\nconst n: number = run() as X;\nexport { n };\n");
  writeFileSync(join(dir, 'controllers/x.ts'), 'export type X = number;\nexport function run(): number { return 1; }\n');
  writeFileSync(join(dir, 'controllers/x.test.ts'), 'throw new Error();\n');
  assert.deepEqual(compileProject(dir).sort(), ['dist/controllers/x.js', 'dist/main.js']);
  assert.equal(readFileSync(join(dir, 'dist/main.js'), 'utf8'), 'import { run } from "./controllers/x.js";\nconst n = run();\nexport { n };\n');
  writeFileSync(join(dir, 'controllers/x.ts'), 'export function (: number {\n');
  assert.throws(() => compileProject(dir), /controllers\/x\.ts:1: /);
});

test('bundle: apply order, two replicas with leader election, probes, limits, restricted security, RBAC bound to the ServiceAccount', () => {
  const dir = join(work, 'bundle');
  mkdirSync(join(dir, 'generated/crds'), { recursive: true });
  mkdirSync(join(dir, 'generated/rbac'), { recursive: true });
  writeFileSync(join(dir, 'generated/crds/ship.example.com_ships.yaml'), '---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ships.ship.example.com\nspec:\n  group: ship.example.com\n  names: {kind: Ship, plural: ships}\n');
  writeFileSync(join(dir, 'generated/rbac/role.yaml'), '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: manager-role\nrules:\n- apiGroups: [ship.example.com]\n  resources: [ships]\n  verbs: [get]\n');
  const project = { projectName: 'fleet', domain: 'example.com', repo: 'fleet', resources: [] };
  const bundle = buildBundle(dir, project, 'fleet:v1');
  assert.deepEqual(bundleObjects(bundle).map((o) => o.kind), ['CustomResourceDefinition', 'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment', 'Service']);
  assert.deepEqual(bundle.webhook, []);
  const [, , role, binding] = bundle.rbac as [unknown, unknown, { metadata: { name: string }; rules: unknown[] }, { roleRef: { name: string }; subjects: { name: string; namespace: string }[] }];
  assert.equal(role.metadata.name, 'fleet-manager-role');
  assert.deepEqual(role.rules, [{ apiGroups: ['ship.example.com'], resources: ['ships'], verbs: ['get'] }]);
  assert.equal(binding.roleRef.name, 'fleet-manager-role');
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'fleet-controller-manager', namespace: 'fleet-system' }]);
  const deployment = bundle.manager[0] as unknown as { spec: { replicas: number; template: { spec: { serviceAccountName: string; containers: Record<string, any>[] } } } };
  assert.equal(deployment.spec.replicas, 2);
  assert.equal(deployment.spec.template.spec.serviceAccountName, 'fleet-controller-manager');
  const c = deployment.spec.template.spec.containers[0]!;
  assert.equal(c.image, 'fleet:v1');
  assert.ok(c.args.includes('--leader-elect'));
  assert.equal(c.livenessProbe.httpGet.path, '/healthz');
  assert.equal(c.readinessProbe.httpGet.path, '/readyz');
  assert.ok(c.resources.requests.cpu && c.resources.limits.memory);
  assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, capabilities: { drop: ['ALL'] } });
});
