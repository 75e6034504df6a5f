/**
 * A user's whole path, with tsop installed from the tarball `npm pack` builds (so the prepack
 * build, the exports and the bin launcher are exercised): `tsop init`, two APIs, the new
 * project's own `npm test`; then `tsop build`, `tsop deploy` to a local API server enforcing
 * RBAC, the compiled operator running in-cluster style from its ServiceAccount token, a sample
 * reconciled, `tsop undeploy`; finally webhooks added and the project's tests run again (the
 * local API server calling the project's webhooks).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, CustomResourceDefinitions, defineResource, isNotFound, Leases, type KubeObject } from '../../runtime/index.ts';
import { childEnv, node, ok, root, run, tsop, until } from './support.ts';

const work = mkdtempSync(join(tmpdir(), 'tsop-scaffold-'));
const project = join(work, 'fleet');
let tarball = '';
const children: ChildProcess[] = [];
let api: RunningApiServer | undefined;

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await api?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The project's own tsop (the packed, compiled one). */
const projectTsop = (args: string[]) => run(join(project, 'node_modules/.bin/tsop'), args, { cwd: project });

/** What `npm pack` needs of the working tree; packing a copy keeps concurrent runs off each other's dist/. */
const PACKED_SOURCES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'bin', 'scripts', 'templates', 'apis', 'apiserver', 'cli', 'controllers', 'generated', 'generator', 'runtime', 'scaffold'];

before(async () => {
  const source = join(work, 'tsop-source');
  for (const entry of PACKED_SOURCES) if (existsSync(join(root, entry))) cpSync(join(root, entry), join(source, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'));
  const packed = ok(await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source, timeoutMs: 120_000 }), 'npm pack');
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  const files = info[0]!.files.map((f) => f.path);
  assert.ok(files.includes('dist/runtime/index.js') && files.includes('dist/runtime/index.d.ts'), 'the tarball ships compiled JavaScript and declarations');
  assert.ok(files.includes('templates/init/main.ts') && files.includes('bin/tsop.js'));
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('runtime/')), 'sources and tests stay out of the tarball');
});

test('tsop init, two APIs and the project\'s own npm test', async () => {
  ok(await tsop(['init', project, '--domain', 'example.com', '--tsop', `file:${tarball}`], work), 'tsop init');
  assert.ok(existsSync(join(project, 'node_modules/tsop/dist/runtime/index.js')), 'tsop installed from the tarball');
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies.tsop, `file:${tarball}`);

  const frigate = ok(await projectTsop(['create', 'api', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate']), 'create api Frigate');
  assert.match(frigate.stdout, /wrote apis\/ship\/v1\/frigate_types\.ts/);
  assert.match(frigate.stdout, /generated generated\/crds\/ship\.example\.com_frigates\.yaml/);
  ok(await projectTsop(['create', 'api', '--group', 'ship', '--version', 'v1beta1', '--kind', 'Harbor', '--namespaced=false']), 'create api Harbor');

  const harborCrd = parse(readFileSync(join(project, 'generated/crds/ship.example.com_harbors.yaml'), 'utf8')) as { spec: { scope: string; versions: { subresources?: object; additionalPrinterColumns?: { name: string }[] }[] } };
  assert.equal(harborCrd.spec.scope, 'Cluster');
  assert.deepEqual(harborCrd.spec.versions[0]!.subresources, { status: {} });
  assert.deepEqual(harborCrd.spec.versions[0]!.additionalPrinterColumns?.map((c) => c.name), ['Available', 'Age']);
  const role = readFileSync(join(project, 'generated/rbac/role.yaml'), 'utf8');
  assert.match(role, /frigates\/status/);
  assert.match(role, /harbors\/finalizers/);

  const tested = ok(await run('npm', ['test'], { cwd: project, timeoutMs: 120_000 }), 'the project\'s npm test');
  assert.match(tested.stdout, /# pass 5|ℹ pass 5/);
  assert.match(tested.stdout, /a Frigate becomes Available/);
  assert.match(tested.stdout, /a Harbor becomes Available/);

  // The installed package scaffolds too: its templates ship in the tarball.
  ok(await projectTsop(['init', join(work, 'second'), '--domain', 'example.org', '--no-install']), 'tsop init from the installed package');
  for (const file of ['package.json', 'main.ts', 'test/env.ts', '.gitignore', '.github/workflows/ci.yaml']) assert.ok(existsSync(join(work, 'second', file)), file);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('tsop build, deploy to an RBAC server, run as the ServiceAccount, reconcile a sample, undeploy', async () => {
  const built = ok(await projectTsop(['build', '--image', 'registry.example.com/fleet:v0.1.0']), 'tsop build');
  assert.match(built.stdout, /wrote deploy\/install\.yaml/);
  assert.ok(existsSync(join(project, 'dist/main.js')) && existsSync(join(project, 'dist/controllers/frigate_controller.js')));
  assert.doesNotMatch(readFileSync(join(project, 'dist/controllers/index.js'), 'utf8'), /\.ts['"]/, 'relative imports point at .js files');
  const dockerfile = readFileSync(join(project, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM node:24-slim$/m);
  assert.match(dockerfile, /--omit=dev/);
  assert.match(dockerfile, /^USER 65532/m);

  api = await startApiServer({ authz: 'RBAC' });
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig);
  const admin = new ApiClient(kc);

  const deployed = ok(await projectTsop(['deploy', '--kubeconfig', api.kubeconfigPath]), 'tsop deploy');
  assert.match(deployed.stdout, /CustomResourceDefinition frigates\.ship\.example\.com created/);
  assert.match(deployed.stdout, /CustomResourceDefinition frigates\.ship\.example\.com established/);
  assert.match(deployed.stdout, /Deployment fleet-system\/fleet-controller-manager created/);
  const order = deployed.stdout.split('\n').filter((l) => / (created|configured|unchanged)$/.test(l));
  assert.ok(order[0]!.startsWith('CustomResourceDefinition') && order[1]!.startsWith('CustomResourceDefinition'), 'CRDs first');
  const again = ok(await projectTsop(['deploy', '--kubeconfig', api.kubeconfigPath]), 'second tsop deploy');
  assert.doesNotMatch(again.stdout, / created$/m, 'a second deploy creates nothing');
  const deployment = await admin.get(defineResource({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true }), { namespace: 'fleet-system', name: 'fleet-controller-manager' });
  assert.equal((deployment.spec as { replicas: number }).replicas, 2);
  assert.ok(deployment.metadata.managedFields?.some((f) => f.manager === 'tsop' && f.operation === 'Apply'), 'applied server-side by field manager tsop');

  // What the kubelet would mount: the ServiceAccount token, the cluster CA and the namespace.
  const token = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: 'fleet-controller-manager', namespace: 'fleet-system',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const prefix = join(work, 'pod');
  const saDir = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, 'token'), token.status?.token ?? '');
  writeFileSync(join(saDir, 'ca.crt'), api.caPem);
  writeFileSync(join(saDir, 'namespace'), 'fleet-system');
  const url = new URL(api.url);
  const probePort = await freePort();
  const env = childEnv({ KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port, TSOP_IN_CLUSTER_PATH_PREFIX: prefix, POD_NAMESPACE: 'fleet-system', TSOP_LOG_LEVEL: 'info' });
  delete env.KUBECONFIG;
  const operator = spawn(node, ['dist/main.js', '--leader-elect', '--leader-election-id=fleet.example.com', '--metrics-bind-address=0', `--health-probe-bind-address=127.0.0.1:${probePort}`], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(operator);
  let log = '';
  operator.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  operator.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  const exited = new Promise<number | null>((resolve) => operator.on('exit', (code) => resolve(code)));

  try {
    await until('/readyz answers 200', async () => ((await fetch(`http://127.0.0.1:${probePort}/readyz`)).status === 200 ? true : undefined));
    const lease = await until('the leader Lease', async () => (await admin.get(Leases, { namespace: 'fleet-system', name: 'fleet.example.com' })) as KubeObject & { spec: { holderIdentity?: string } });
    assert.ok(lease.spec.holderIdentity, 'the operator holds the Lease');

    const sample = parse(readFileSync(join(project, 'samples/ship.example.com_v1_frigate.yaml'), 'utf8')) as KubeObject;
    const Frigates = defineResource({ group: 'ship.example.com', version: 'v1', kind: 'Frigate', plural: 'frigates', namespaced: true });
    await admin.create(Frigates, { ...sample, metadata: { ...sample.metadata, namespace: 'default' } });
    const reconciled = await until('the sample Available', async () => {
      const got = await admin.get(Frigates, { namespace: 'default', name: 'frigate-sample' }) as KubeObject & { status?: { conditions?: { type: string; status: string }[] } };
      return got.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ? got : undefined;
    });
    assert.ok(reconciled.metadata.managedFields?.some((f) => f.subresource === 'status' && f.manager === 'fleet'), 'status written by the operator\'s own field manager');
    assert.doesNotMatch(log, /forbidden/i, 'the generated RBAC suffices');
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- operator log\n${log}`);
  } finally {
    operator.kill('SIGTERM');
    assert.equal(await exited, 0, `the operator exits 0 on SIGTERM\n${log}`);
  }

  const removed = ok(await projectTsop(['undeploy', '--kubeconfig', api.kubeconfigPath]), 'tsop undeploy');
  const lines = removed.stdout.split('\n').filter((l) => / (deleted|absent)$/.test(l));
  assert.ok(lines[0]!.startsWith('Service fleet-system/'), 'reverse order: the manager\'s Service first');
  assert.ok(lines.at(-1)!.startsWith('CustomResourceDefinition'), 'CRDs last');
  await until('the CRDs gone', async () => {
    try {
      await admin.get(CustomResourceDefinitions, { name: 'frigates.ship.example.com' });
      return undefined;
    } catch (err) {
      return isNotFound(err) ? true : undefined;
    }
  });
  ok(await projectTsop(['undeploy', '--kubeconfig', api.kubeconfigPath]), 'a second undeploy');
});

test('tsop create webhook: functions, markers, manifests, and the project\'s tests still pass', async () => {
  const created = ok(await projectTsop(['create', 'webhook', '--group', 'ship', '--version', 'v1', '--kind', 'Frigate', '--defaulting', '--validation', '--conversion']), 'create webhook');
  assert.match(created.stdout, /wrote webhooks\/frigate_webhook\.ts/);
  const manifests = parse(readFileSync(join(project, 'generated/webhook/manifests.yaml'), 'utf8').split(/^---$/m)[1]!) as { kind: string; metadata: { name: string }; webhooks: { clientConfig: { service: { path: string } } }[] };
  assert.equal(manifests.kind, 'MutatingWebhookConfiguration');
  assert.equal(manifests.metadata.name, 'fleet-mutating-webhook-configuration');
  assert.equal(manifests.webhooks[0]!.clientConfig.service.path, '/mutate-ship-example-com-v1-frigate');

  const tested = ok(await run('npm', ['test'], { cwd: project, timeoutMs: 120_000 }), 'the project\'s npm test with webhooks');
  assert.match(tested.stdout, /✔ the Frigate defaulting webhook fills in spec\.foo/);
  assert.match(tested.stdout, /✔ the Frigate validating webhook refuses what it reports/);
  assert.match(tested.stdout, /✔ the Frigate conversion webhook answers ConversionReviews/);

  ok(await projectTsop(['build', '--image', 'registry.example.com/fleet:v0.2.0', '--helm']), 'tsop build with webhooks');
  const install = readFileSync(join(project, 'deploy/install.yaml'), 'utf8');
  assert.match(install, /kind: ValidatingWebhookConfiguration/);
  assert.match(install, /cert-manager\.io\/inject-ca-from: fleet-system\/fleet-serving-cert/);
  assert.match(install, /strategy: Webhook/);
  assert.ok(readdirSync(join(project, 'deploy/config/webhook')).includes('kustomization.yaml'));
  assert.deepEqual(parse(readFileSync(join(project, 'deploy/chart/values.yaml'), 'utf8')), { image: 'registry.example.com/fleet:v0.2.0', replicas: 2 });
  const chart = readFileSync(join(project, 'deploy/chart/templates/operator.yaml'), 'utf8');
  assert.match(chart, /image: \{\{ \.Values\.image \| quote \}\}/);
  assert.match(chart, /replicas: \{\{ \.Values\.replicas \}\}/);
  assert.ok(readdirSync(join(project, 'deploy/chart/crds')).length === 2);
});
