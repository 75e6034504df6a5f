/**
 * Real compatibility: kubectl 1.32 sends protobuf bodies for built-in kinds. A throwaway HTTP server
 * records each body, answers a Status, and the decoder must turn the bytes into the objects kubectl
 * meant.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtobufObject, isProtobuf } from '../../apiserver/protobuf/index.ts';

const run = promisify(execFile);

function kubectlPath(): string | undefined {
  try {
    const real = realpathSync('/usr/bin/kubectl');
    const pinned = join(dirname(real), 'kubectl.1.32');
    return existsSync(pinned) ? pinned : undefined;
  } catch {
    return undefined;
  }
}
const kubectl = kubectlPath();

interface Captured { method: string; url: string; contentType?: string; body: Buffer }
const captured: Captured[] = [];
let server: http.Server;
let home: string;
let kubeconfig: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST') captured.push({ method: req.method, url: req.url ?? '', contentType: req.headers['content-type'], body });
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/version')) {
        res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
        return;
      }
      // Every other call is refused; kubectl has already sent its body by then.
      res.statusCode = 403;
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'recorded', reason: 'Forbidden', code: 403 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  home = mkdtempSync(join(tmpdir(), 'pb-kubectl-'));
  kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config',
    `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]`,
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x', '',
  ].join('\n'));
});

after(() => {
  server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Runs kubectl (it fails against the recording server) and returns the protobuf body it sent to `path`. */
async function bodyOf(args: string[], pathPrefix: string) {
  const from = captured.length;
  await run(kubectl!, ['--kubeconfig', kubeconfig, ...args], { env: { ...process.env, HOME: home } }).catch(() => undefined);
  const hit = captured.slice(from).find((c) => c.url.startsWith(pathPrefix));
  assert.ok(hit, `kubectl ${args.join(' ')} sent no POST to ${pathPrefix}`);
  assert.ok(isProtobuf(hit.contentType), `expected protobuf, got ${hit.contentType}`);
  return decodeProtobufObject(hit.body);
}

const opts = { skip: kubectl ? false : 'kubectl.1.32 not installed' };

test('kubectl create namespace', opts, async () => {
  const obj = await bodyOf(['create', 'namespace', 'foo', '--dry-run=server'], '/api/v1/namespaces');
  assert.deepEqual(obj, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo', creationTimestamp: null }, spec: {}, status: {} });
});

test('kubectl create configmap and secret', opts, async () => {
  const cm = await bodyOf(['create', 'configmap', 'cm1', '-n', 'ns1', '--from-literal=a=b', '--from-literal=empty='], '/api/v1/namespaces/ns1/configmaps');
  assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'ns1', creationTimestamp: null }, data: { a: 'b', empty: '' } });
  const secret = await bodyOf(['create', 'secret', 'generic', 's1', '-n', 'ns1', '--from-literal=pw=hunter2'], '/api/v1/namespaces/ns1/secrets');
  assert.deepEqual(secret, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'ns1', creationTimestamp: null },
    data: { pw: Buffer.from('hunter2').toString('base64') },
  });
});

test('kubectl auth can-i / can-i --list / whoami', opts, async () => {
  // Without discovery (the recording server refuses it) kubectl sends the resource as typed.
  const ssar = await bodyOf(['auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'ns1'], '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  assert.equal(ssar.kind, 'SelfSubjectAccessReview');
  assert.deepEqual(ssar.spec, { resourceAttributes: { namespace: 'ns1', verb: 'get', resource: 'pods', subresource: 'log' } });
  assert.deepEqual(ssar.status, { allowed: false });
  const nonResource = await bodyOf(['auth', 'can-i', 'get', '/healthz'], '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  assert.deepEqual(nonResource.spec, { nonResourceAttributes: { path: '/healthz', verb: 'get' } });
  const ssrr = await bodyOf(['auth', 'can-i', '--list', '-n', 'ns1'], '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews');
  assert.deepEqual(ssrr, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: { creationTimestamp: null }, spec: { namespace: 'ns1' },
    // Both rule lists lack omitempty: Go prints the nil slices kubectl sends as null.
    status: { incomplete: false, resourceRules: null, nonResourceRules: null } });
  const ssr = await bodyOf(['auth', 'whoami'], '/apis/authentication.k8s.io/v1/selfsubjectreviews');
  assert.equal(ssr.kind, 'SelfSubjectReview');
  assert.equal(ssr.apiVersion, 'authentication.k8s.io/v1');
});

test('kubectl create deployment, token and rolebinding', opts, async () => {
  const d = await bodyOf(['create', 'deployment', 'web', '-n', 'ns1', '--image=nginx:1.27', '--replicas=2', '--port=80'], '/apis/apps/v1/namespaces/ns1/deployments');
  assert.deepEqual(d.spec, {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }] } },
    strategy: {},
  });
  const tr = await bodyOf(['create', 'token', 'sa1', '-n', 'ns1', '--duration=2h', '--audience=api'], '/api/v1/namespaces/ns1/serviceaccounts/sa1/token');
  assert.equal(tr.kind, 'TokenRequest');
  // boundObjectRef is a pointer without omitempty: unset, Go prints it as null.
  assert.deepEqual(tr.spec, { audiences: ['api'], expirationSeconds: 7200, boundObjectRef: null });
  const rb = await bodyOf(['create', 'rolebinding', 'rb', '-n', 'ns1', '--clusterrole=view', '--user=bob', '--group=devs', '--serviceaccount=ns1:sa1'], '/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings');
  assert.deepEqual(rb.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
  assert.deepEqual(rb.subjects, [
    { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
    { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
    { kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' },
  ]);
});
