/**
 * The scaffolding, build and deploy commands at the command line: every one has --help with
 * examples, and bad input ends with exit code 1, a one-line reason and no file changed.
 * The CLI runs in this process (main()) with its output captured, to keep the file fast.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../cli/main.ts';
import { snapshot } from './support.ts';

const work = mkdtempSync(join(tmpdir(), 'tsop-scaffold-cli-'));
const project = join(work, 'fleet');
const home = process.cwd();

after(() => {
  process.chdir(home);
  rmSync(work, { recursive: true, force: true });
});

/** Runs `tsop args...` in cwd; returns the exit code and what was printed. */
async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  // The CLI writes strings; the test runner reports through the same streams in binary frames,
  // which must still reach it.
  const capture = (stream: 'stdout' | 'stderr') => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (write[stream] as (...a: unknown[]) => boolean).call(process[stream], chunk, ...rest);
    out[stream] += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  process.chdir(cwd);
  try {
    const code = await main(['node', 'tsop', ...args]);
    return { code, ...out };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    process.chdir(home);
    process.exitCode = 0;
  }
}

/** Asserts a failure: exit 1, one line on stderr matching reason, nothing under dir changed. */
async function fails(dir: string, reason: RegExp, ...args: string[]): Promise<void> {
  const before = snapshot(dir);
  const r = await cli(dir, ...args);
  assert.equal(r.code, 1, `tsop ${args.join(' ')} exits 1 (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line of reason, got:\n${r.stderr}`);
  assert.match(lines[0]!, reason);
  assert.deepEqual(snapshot(dir), before, `tsop ${args.join(' ')} changed nothing`);
}

before(async () => {
  const r = await cli(work, 'init', 'fleet', '--domain', 'example.com', '--no-install');
  assert.equal(r.code, 0, r.stderr);
});

test('every command has --help with examples', async () => {
  for (const args of [['init'], ['create', 'api'], ['create', 'webhook'], ['build'], ['deploy'], ['undeploy']]) {
    const r = await cli(work, ...args, '--help');
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, new RegExp(`Usage: tsop ${args.join(' ')}`));
    assert.match(r.stdout, /Examples:\n {2}\$ tsop /, `${args.join(' ')} --help shows examples`);
  }
});

test('tsop init writes a project and refuses bad input', async () => {
  for (const file of ['package.json', 'tsconfig.json', 'main.ts', 'controllers/index.ts', 'test/env.ts', 'README.md', '.gitignore', '.github/workflows/ci.yaml', 'PROJECT']) {
    assert.ok(existsSync(join(project, file)), file);
  }
  assert.match(readFileSync(join(project, 'PROJECT'), 'utf8'), /domain: example\.com/);
  await fails(work, /^tsop init: --domain is required/, 'init', 'other');
  await fails(work, /^tsop init: invalid domain "Example_COM"/, 'init', 'other', '--domain', 'Example_COM');
  await fails(work, /^tsop init: .*fleet is not empty/, 'init', 'fleet', '--domain', 'example.com');
  await fails(work, /^tsop init: invalid project name "Bad_Name"/, 'init', 'Bad_Name', '--domain', 'example.com', '--no-install');
  assert.ok(!existsSync(join(work, 'other')) && !existsSync(join(work, 'Bad_Name')));
});

test('tsop create api writes the kind and rejects bad names, existing APIs and non-projects', async () => {
  const r = await cli(project, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote apis\/ship\/v1\/frigate_types\.ts/);
  assert.match(r.stdout, /generated generated\/crds\/ship\.example\.com_frigates\.yaml/);
  assert.match(readFileSync(join(project, 'controllers/index.ts'), 'utf8'), /registerFrigateController\(mgr\);\n\s+\/\/ \+tsop:scaffold:controllers/);

  await fails(project, /^tsop create api: invalid group "Ship\.io"/, 'create', 'api', '--group', 'Ship.io', '--version', 'v1', '--kind', 'Boat');
  await fails(project, /^tsop create api: invalid version "1"/, 'create', 'api', '--group', 'ship', '--version', '1', '--kind', 'Boat');
  await fails(project, /^tsop create api: invalid kind "boat": expected PascalCase/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'boat');
  await fails(project, /^tsop create api: --namespaced expects true or false/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Boat', '--namespaced=maybe');
  await fails(project, /^tsop create api: API ship\.example\.com\/v1 Frigate already exists/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate');
  await fails(project, /^error: required option '--kind <Kind>' not specified/, 'create', 'api', '--group', 'ship', '--version', 'v1');
  await fails(work, /^tsop create api: no PROJECT file/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Boat');

  // A file in the way (a user's own test of the same name) stops the whole command.
  writeFileSync(join(project, 'test/boat.test.ts'), '// mine\n');
  await fails(project, /^tsop create api: test\/boat\.test\.ts already exists; pass --force/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Boat');
  assert.ok(!existsSync(join(project, 'apis/ship/v1/boat_types.ts')));
  const forced = await cli(project, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Boat', '--force', '--no-generate');
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(readFileSync(join(project, 'test/boat.test.ts'), 'utf8'), '// mine\n');
});

test('tsop create api: a controller for an existing kind, and the markers kept once', async () => {
  rmSync(join(project, 'controllers/frigate_controller.ts'));
  rmSync(join(project, 'test/frigate.test.ts'));
  const r = await cli(project, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate', '--resource=false', '--controller', '--no-generate');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote controllers\/frigate_controller\.ts/);
  const registry = readFileSync(join(project, 'controllers/index.ts'), 'utf8');
  assert.equal(registry.match(/registerFrigateController\(mgr\)/g)?.length, 1, 'registered once');
  await fails(project, /^tsop create api: apis\/ship\/v1\/ghost_types\.ts does not exist/, 'create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Ghost', '--resource=false');
});

test('tsop create webhook needs an existing kind and at least one webhook', async () => {
  await fails(project, /^tsop create webhook: choose at least one of --defaulting, --validation, --conversion/, 'create', 'webhook', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate');
  await fails(project, /^tsop create webhook: apis\/ship\/v1\/ghost_types\.ts does not exist/, 'create', 'webhook', '--group', 'ship', '--version', 'v1', '--kind', 'Ghost', '--validation');
  const r = await cli(project, 'create', 'webhook', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate', '--validation');
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(project, 'webhooks/frigate_webhook.ts'), 'utf8'), /\+kubebuilder:webhook:path=\/validate-ship-example-com-v1-frigate,mutating=false/);
  assert.match(readFileSync(join(project, 'generated/webhook/manifests.yaml'), 'utf8'), /name: fleet-validating-webhook-configuration/);
  await fails(project, /^tsop create webhook: webhooks\/frigate_webhook\.ts, test\/frigate_webhook\.test\.ts already exist; pass --force/, 'create', 'webhook', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate', '--validation');
});

test('tsop build rejects a bad image; deploy and undeploy need a kubeconfig and a bundle', async () => {
  await fails(project, /^tsop build: invalid --image "Not An Image"/, 'build', '--image', 'Not An Image');
  await fails(work, /^tsop build: no PROJECT file/, 'build');
  await fails(project, /^tsop deploy: kubeconfig .*missing\.yaml does not exist/, 'deploy', '--kubeconfig', join(work, 'missing.yaml'));
  await fails(project, /^tsop undeploy: kubeconfig .*missing\.yaml does not exist/, 'undeploy', '--kubeconfig', join(work, 'missing.yaml'));
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n');
  await fails(project, /^tsop deploy: .*deploy\/install\.yaml does not exist: run `tsop build` first/, 'deploy', '--kubeconfig', kubeconfig);
  await fails(project, /^tsop deploy: no context nope in the kubeconfig/, 'deploy', '--kubeconfig', kubeconfig, '--context', 'nope');
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = join(work, 'nowhere');
  try {
    await fails(project, /^tsop deploy: KUBECONFIG names .*nowhere, which does not exist/, 'deploy');
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
  mkdirSync(join(project, 'deploy'), { recursive: true });
  writeFileSync(join(project, 'deploy/install.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\n');
  await fails(project, /^tsop deploy: applying ConfigMap default\/x: .*ECONNREFUSED|^tsop deploy: reading ConfigMap default\/x: .*ECONNREFUSED/, 'deploy', '--kubeconfig', kubeconfig);
});
