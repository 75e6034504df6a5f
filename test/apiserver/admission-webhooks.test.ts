/**
 * Admission webhooks against a real HTTPS webhook server: what the review carries (userInfo of
 * the admin and of a ServiceAccount token, options), reinvocation of IfNeeded webhooks,
 * matchConditions under both failure policies, sideEffects on dry runs, namespace selectors,
 * webhook warnings as Warning headers (and in kubectl's stderr), and the exemption of admission
 * configurations.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { validateWebhookConfiguration } from '../../apiserver/objects/webhook-configuration-validation.ts';
import { ObjectStore } from '../../apiserver/storage/store.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { createServingCertificates } from '../../runtime/core/x509/cert.ts';
import { eventually, raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

type Review = { request: Record<string, any> };
type Answer = Record<string, unknown> & { allowed: boolean };

/** Requests each webhook path received, in arrival order. */
const calls: { path: string; request: Record<string, any> }[] = [];
const handlers = new Map<string, (r: Review) => Answer>();
let api: RunningApiServer;
let hooks: Server;
let hookBase = '';
let caBundle = '';
let robotUid = '';
let asRobot: Record<string, string> = {};

const patch = (ops: unknown[]) => ({ patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });

before(async () => {
  api = await startApiServer({ authz: 'RBAC' });
  const certs = createServingCertificates();
  caBundle = Buffer.from(certs.ca.certPem).toString('base64');
  hooks = createServer({ cert: certs.server.certPem, key: certs.server.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Review;
      calls.push({ path, request: review.request });
      const answer = (handlers.get(path) ?? (() => ({ allowed: true })))(review);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, ...answer } }));
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookBase = `https://127.0.0.1:${(hooks.address() as { port: number }).port}`;
  for (const ns of ['hooks', 'prod']) {
    await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: ns === 'prod' ? { env: 'prod' } : {} } });
  }
  // The ServiceAccount `robot` may write configmaps in `hooks`, nothing else.
  const sa = await raw(api, 'POST', '/api/v1/namespaces/hooks/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  robotUid = sa.json.metadata.uid;
  await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/hooks/roles', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-writer' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete', 'get'] }],
  });
  await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/hooks/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'robot-cm-writer' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-writer' },
    subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'hooks' }],
  });
  const tr = await raw(api, 'POST', '/api/v1/namespaces/hooks/serviceaccounts/robot/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
  asRobot = { Authorization: `Bearer ${tr.json.status.token}` };
  // Gizmos: a custom resource served in v2 (storage) and v1.
  const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } };
  const crd = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gizmos.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
      versions: [{ name: 'v2', served: true, storage: true, schema }, { name: 'v1', served: true, storage: false, schema }],
    },
  });
  assert.equal(crd.status, 201, crd.text);
  await eventually(async () => (await raw(api, 'GET', '/apis/example.com/v1')).status === 200, 5000, 'example.com/v1 served');
});
after(async () => {
  hooks?.closeAllConnections();
  await new Promise((resolve) => hooks?.close(resolve));
  await api?.stop();
});

/** A webhook on configmaps carrying label `case=<scope>` (each test has its own scope). */
function hook(name: string, path: string, scope: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail', timeoutSeconds: 5,
    clientConfig: { url: `${hookBase}${path}`, caBundle },
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['configmaps'] }],
    objectSelector: { matchLabels: { case: scope } }, ...extra,
  };
}

async function configure(kind: 'Mutating' | 'Validating', name: string, webhooks: Record<string, unknown>[]): Promise<void> {
  const plural = `${kind.toLowerCase()}webhookconfigurations`;
  const res = await raw(api, 'POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: `${kind}WebhookConfiguration`, metadata: { name }, webhooks,
  });
  assert.equal(res.status, 201, res.text);
}

function configMap(name: string, scope: string, namespace = 'hooks'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { case: scope } }, data: { k: 'v' } };
}

const callsTo = (prefix: string) => calls.filter((c) => c.path.startsWith(prefix));

test('userInfo: the admin and a ServiceAccount token are sent as the authenticated user, with the options', async () => {
  await configure('Validating', 'userinfo', [hook('userinfo.example.com', '/userinfo', 'userinfo')]);
  const created = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps?fieldManager=tester', configMap('by-admin', 'userinfo'));
  assert.equal(created.status, 201, created.text);
  const first = callsTo('/userinfo').at(-1)!.request;
  assert.deepEqual(first.userInfo, { username: 'admin', groups: ['system:masters', 'system:authenticated'] });
  assert.equal(first.operation, 'CREATE');
  assert.deepEqual(first.options, { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'tester' });

  const byRobot = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('by-robot', 'userinfo'), asRobot);
  assert.equal(byRobot.status, 201, byRobot.text);
  assert.deepEqual(callsTo('/userinfo').at(-1)!.request.userInfo, {
    username: 'system:serviceaccount:hooks:robot', uid: robotUid,
    groups: ['system:serviceaccounts', 'system:serviceaccounts:hooks', 'system:authenticated'],
  });
  const deleted = await raw(api, 'DELETE', '/api/v1/namespaces/hooks/configmaps/by-robot?propagationPolicy=Background', undefined, asRobot);
  assert.equal(deleted.status, 200, deleted.text);
  const del = callsTo('/userinfo').at(-1)!.request;
  assert.equal(del.operation, 'DELETE');
  assert.equal(del.userInfo.username, 'system:serviceaccount:hooks:robot');
  assert.equal(del.object, null);
  assert.equal(del.oldObject.metadata.name, 'by-robot');
  assert.deepEqual(del.options, { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' });
});

test('userInfo: the garbage collector deletes dependents as its own kube-system ServiceAccount', async () => {
  await configure('Validating', 'gc-user', [hook('gc-user.example.com', '/gc-user', 'gc-user')]);
  const owner = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('gc-owner', 'other'));
  assert.equal(owner.status, 201, owner.text);
  const dependent = configMap('gc-dependent', 'gc-user');
  (dependent.metadata as Record<string, unknown>).ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gc-owner', uid: owner.json.metadata.uid }];
  assert.equal((await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', dependent)).status, 201);
  assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/hooks/configmaps/gc-owner')).status, 200);
  await eventually(async () => callsTo('/gc-user').some((c) => c.request.operation === 'DELETE'), 5000, 'the dependent deleted through admission');
  const del = callsTo('/gc-user').find((c) => c.request.operation === 'DELETE')!.request;
  assert.equal(del.userInfo.username, 'system:serviceaccount:kube-system:generic-garbage-collector');
  assert.ok(del.userInfo.groups.includes('system:serviceaccounts:kube-system'));
});

test('reinvocation: an IfNeeded webhook runs again after a later webhook changed the object, once', async () => {
  handlers.set('/reinvoke/b', (r) => (r.request.object.metadata.labels.b ? { allowed: true } : { allowed: true, ...patch([{ op: 'add', path: '/metadata/labels/b', value: 'set' }]) }));
  await configure('Mutating', 'reinvoke', [
    hook('a.example.com', '/reinvoke/a', 'reinvoke', { reinvocationPolicy: 'IfNeeded' }),
    hook('b.example.com', '/reinvoke/b', 'reinvoke', { reinvocationPolicy: 'IfNeeded' }),
    hook('c.example.com', '/reinvoke/c', 'reinvoke'),
  ]);
  const before = calls.length;
  const res = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('reinvoked', 'reinvoke'));
  assert.equal(res.status, 201, res.text);
  // b changed the object after a ran: a (IfNeeded) runs again and sees b's label; b made the change itself
  // and nothing changed after it, so it is not called again, and c (Never) never is.
  const seen = calls.slice(before);
  assert.deepEqual(seen.map((c) => c.path), ['/reinvoke/a', '/reinvoke/b', '/reinvoke/c', '/reinvoke/a']);
  assert.equal(seen[0]!.request.object.metadata.labels.b, undefined);
  assert.equal(seen[3]!.request.object.metadata.labels.b, 'set');
  assert.equal(res.json.metadata.labels.b, 'set');

  // Nothing changes after a's call on an update that already has the label: no second round.
  const mark = calls.length;
  const upd = await raw(api, 'PUT', '/api/v1/namespaces/hooks/configmaps/reinvoked', { ...res.json, data: { k: 'w' } });
  assert.equal(upd.status, 200, upd.text);
  assert.deepEqual(calls.slice(mark).map((c) => c.path), ['/reinvoke/a', '/reinvoke/b', '/reinvoke/c']);
});

test('matchConditions: false skips the webhook, true calls it, errors follow the failure policy', async () => {
  handlers.set('/deny', () => ({ allowed: false, status: { code: 403, message: 'no' } }));
  const conditions = [
    { name: 'named-deny', expression: 'object.metadata.name.startsWith("deny-")' },
    { name: 'not-admin', expression: 'request.userInfo.username == "admin"' },
  ];
  await configure('Validating', 'conditions', [hook('conditions.example.com', '/deny', 'conditions', { matchConditions: conditions })]);
  assert.equal((await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('keep-1', 'conditions'))).status, 201);
  const denied = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('deny-1', 'conditions'));
  assert.equal(denied.status, 403);
  assert.equal(denied.json.message, 'admission webhook "conditions.example.com" denied the request: no');

  const broken = (policy: string) => hook(`broken-${policy.toLowerCase()}.example.com`, '/deny', `broken-${policy}`, {
    failurePolicy: policy, matchConditions: [{ name: 'missing-label', expression: 'object.metadata.labels["missing"] == "x"' }],
  });
  await configure('Validating', 'broken-conditions', [broken('Fail'), broken('Ignore')]);
  const before = callsTo('/deny').length;
  const failed = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('broken', 'broken-Fail'));
  assert.equal(failed.status, 403);
  assert.match(failed.json.message, /^configmaps "broken" is forbidden: expression 'object\.metadata\.labels\["missing"\] == "x"' resulted in error: .*missing/);
  const ignored = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('ignored', 'broken-Ignore'));
  assert.equal(ignored.status, 201, ignored.text);
  assert.equal(callsTo('/deny').length, before, 'a webhook whose conditions err is never called');
});

test('matchConditions: the authorizer checks what the requesting user may do', async () => {
  handlers.set('/no-secrets', () => ({ allowed: false, status: { code: 403, message: 'only users who read secrets may create these' } }));
  await configure('Validating', 'authorizer', [hook('authorizer.example.com', '/no-secrets', 'authz', {
    matchConditions: [
      { name: 'may-create', expression: 'authorizer.requestResource.check("create").allowed()' },
      { name: 'cannot-read-secrets', expression: '!authorizer.group("").resource("secrets").namespace(object.metadata.namespace).check("get").allowed()' },
    ],
  })]);
  const byAdmin = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('authz-admin', 'authz'));
  assert.equal(byAdmin.status, 201, byAdmin.text);
  assert.equal(callsTo('/no-secrets').length, 0);
  const byRobot = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('authz-robot', 'authz'), asRobot);
  assert.equal(byRobot.status, 403);
  assert.equal(byRobot.json.message, 'admission webhook "authorizer.example.com" denied the request: only users who read secrets may create these');
  assert.equal(callsTo('/no-secrets').at(-1)!.request.userInfo.username, 'system:serviceaccount:hooks:robot');
});

test('sideEffects: v1 refuses Some/Unknown on create, keeps them on updates of older configurations; dry runs fail on them, NoneOnDryRun is called with dryRun', async () => {
  const path = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
  const config = (name: string, w: Record<string, unknown>) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks: [w] });
  const some = hook('some.example.com', '/side/some', 'side-some', { sideEffects: 'Some', failurePolicy: 'Ignore' });
  const refused = await raw(api, 'POST', path, config('side-some', some));
  assert.equal(refused.status, 422);
  assert.equal(refused.json.message, 'ValidatingWebhookConfiguration.admissionregistration.k8s.io "side-some" is invalid: webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"');
  const { sideEffects: _, ...undeclared } = some;
  const missing = await raw(api, 'POST', path, config('side-missing', undeclared));
  assert.equal(missing.status, 422);
  assert.equal(missing.json.message, 'ValidatingWebhookConfiguration.admissionregistration.k8s.io "side-missing" is invalid: webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun');

  // Updates may keep side effects only where the stored configuration already declared some (or none at all).
  const legacy = config('side-legacy', some) as unknown as KubeObject;
  const edited = config('side-legacy', { ...some, sideEffects: 'Unknown', timeoutSeconds: 7 }) as unknown as KubeObject;
  assert.deepEqual(validateWebhookConfiguration(edited, legacy), []);
  assert.deepEqual(validateWebhookConfiguration(edited, config('side-legacy', undeclared) as unknown as KubeObject), []);
  assert.deepEqual(validateWebhookConfiguration(edited, config('side-legacy', { ...some, sideEffects: 'None' }) as unknown as KubeObject).map((c) => c.message),
    ['Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"']);
  assert.deepEqual(validateWebhookConfiguration(config('side-legacy', undeclared) as unknown as KubeObject, legacy).map((c) => c.message),
    ['Required value: must specify one of None, NoneOnDryRun, Some, Unknown']);

  // A configuration with side effects can only come from storage written before the rule.
  const dataDir = mkdtempSync(join(tmpdir(), 'tsop-side-effects-'));
  const store = await ObjectStore.open({ dataDir });
  const stored = { ...legacy, metadata: { name: 'side-legacy', uid: randomUUID(), generation: 1, creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } };
  await store.commit([{ op: 'put', resource: 'admissionregistration.k8s.io/validatingwebhookconfigurations', key: '/side-legacy', object: stored }]).durable;
  await store.close();
  const older = await startApiServer({ dataDir });
  try {
    await raw(older, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'hooks' } });
    const dryRefused = await raw(older, 'POST', '/api/v1/namespaces/hooks/configmaps?dryRun=All', configMap('dry', 'side-some'));
    assert.equal(dryRefused.status, 400, dryRefused.text);
    assert.equal(dryRefused.json.message, 'admission webhook "some.example.com" does not support dry run');
    assert.equal(callsTo('/side/some').length, 0);
    assert.equal((await raw(older, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('wet', 'side-some'))).status, 201);
    assert.equal(callsTo('/side/some').length, 1);
    // Updating the stored configuration may keep its side effects (ratcheting), as on Kubernetes.
    const path = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/side-legacy';
    const current = (await raw(older, 'GET', path)).json;
    current.webhooks[0].timeoutSeconds = 9;
    const kept = await raw(older, 'PUT', path, current);
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.json.webhooks[0].sideEffects, 'Some');
  } finally {
    await older.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  await configure('Validating', 'side-effects', [hook('dry.example.com', '/side/dry', 'side-dry', { sideEffects: 'NoneOnDryRun' })]);
  const dry = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps?dryRun=All', configMap('dry', 'side-dry'));
  assert.equal(dry.status, 201, dry.text);
  const req = callsTo('/side/dry').at(-1)!.request;
  assert.equal(req.dryRun, true);
  assert.deepEqual(req.options.dryRun, ['All']);
  assert.equal((await raw(api, 'GET', '/api/v1/namespaces/hooks/configmaps/dry')).status, 404);
});

test('namespaceSelector: only requests in matching namespaces reach the webhook', async () => {
  await configure('Validating', 'prod-only', [hook('prod.example.com', '/prod', 'ns', { namespaceSelector: { matchLabels: { env: 'prod' } } })]);
  await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('dev-cm', 'ns'));
  await raw(api, 'POST', '/api/v1/namespaces/prod/configmaps', configMap('prod-cm', 'ns', 'prod'));
  assert.deepEqual(callsTo('/prod').map((c) => c.request.namespace), ['prod']);
});

test('warnings of webhooks become Warning headers, on success and on refusal; auditAnnotations are accepted', async () => {
  handlers.set('/warn/mutate', () => ({ allowed: true, warnings: ['mutated "quoted" value', 'ünïcode ✓'], auditAnnotations: { reason: 'test' } }));
  handlers.set('/warn/validate', (r) => ({ allowed: r.request.object.metadata.name !== 'refused', warnings: ['validated'], status: { message: 'refused by name' } }));
  await configure('Mutating', 'warn-m', [hook('warn-m.example.com', '/warn/mutate', 'warn')]);
  await configure('Validating', 'warn-v', [hook('warn-v.example.com', '/warn/validate', 'warn')]);
  const ok = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('warned', 'warn'));
  assert.equal(ok.status, 201, ok.text);
  const header = String(ok.headers.warning);
  assert.equal(Buffer.from(header, 'latin1').toString('utf8'), '299 - "mutated \\"quoted\\" value", 299 - "ünïcode ✓", 299 - "validated"');
  const refused = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('refused', 'warn'));
  assert.equal(refused.status, 400);
  assert.equal(refused.json.message, 'admission webhook "warn-v.example.com" denied the request: refused by name');
  assert.match(String(refused.headers.warning), /299 - "validated"/);
});

test('matchPolicy: Equivalent sends a v1 request in the v2 the rules name, Exact does not match it', async () => {
  const rules = [{ apiGroups: ['example.com'], apiVersions: ['v2'], operations: ['CREATE'], resources: ['gizmos'] }];
  await configure('Validating', 'gizmos', [
    { ...hook('exact.example.com', '/policy/exact', 'policy'), rules, matchPolicy: 'Exact' },
    { ...hook('equivalent.example.com', '/policy/equivalent', 'policy'), rules },
  ]);
  const res = await raw(api, 'POST', '/apis/example.com/v1/namespaces/hooks/gizmos', { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g1', labels: { case: 'policy' } }, spec: { size: 1 } });
  assert.equal(res.status, 201, res.text);
  assert.equal(callsTo('/policy/exact').length, 0);
  const req = callsTo('/policy/equivalent').at(-1)!.request;
  assert.deepEqual(req.kind, { group: 'example.com', version: 'v2', kind: 'Gizmo' });
  assert.deepEqual(req.requestKind, { group: 'example.com', version: 'v1', kind: 'Gizmo' });
  assert.deepEqual(req.requestResource, { group: 'example.com', version: 'v1', resource: 'gizmos' });
  assert.equal(req.object.apiVersion, 'example.com/v2');
});

test('fields a mutating webhook adds that the type lacks are dropped silently, even under fieldValidation=Strict', async () => {
  handlers.set('/unknown', () => ({ allowed: true, ...patch([{ op: 'add', path: '/bogus', value: 1 }, { op: 'add', path: '/metadata/labels/patched', value: 'yes' }]) }));
  await configure('Mutating', 'unknown-fields', [{
    ...hook('unknown.example.com', '/unknown', 'unknown'),
    rules: [
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] },
      { apiGroups: ['example.com'], apiVersions: ['v2'], operations: ['CREATE'], resources: ['gizmos'] },
    ],
  }]);
  const cm = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps?fieldValidation=Strict', configMap('pruned', 'unknown'));
  assert.equal(cm.status, 201, cm.text);
  assert.equal(cm.json.bogus, undefined);
  assert.equal(cm.json.metadata.labels.patched, 'yes');
  const gizmo = await raw(api, 'POST', '/apis/example.com/v2/namespaces/hooks/gizmos?fieldValidation=Strict', { apiVersion: 'example.com/v2', kind: 'Gizmo', metadata: { name: 'g2', labels: { case: 'unknown' } }, spec: { size: 2 } });
  assert.equal(gizmo.status, 201, gizmo.text);
  assert.equal(gizmo.json.bogus, undefined);
  assert.equal((await raw(api, 'GET', '/apis/example.com/v2/namespaces/hooks/gizmos/g2')).json.bogus, undefined);
});

test('kubectl 1.32 prints webhook warnings on stderr', { skip: !pinnedKubectl('1.32') && 'kubectl.1.32 is not installed' }, async () => {
  const kubectl = new Kubectl(pinnedKubectl('1.32')!, api.kubeconfigPath);
  const res = await kubectl.run(['create', '-f', '-'], JSON.stringify(configMap('kubectl-warned', 'warn')));
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /^Warning: mutated "quoted" value$/m);
  assert.match(res.stderr, /^Warning: validated$/m);
});

test('admission configurations never reach webhooks, so a deny-all webhook cannot lock itself in', async () => {
  handlers.set('/deny-all', () => ({ allowed: false }));
  await configure('Validating', 'deny-all', [{
    ...hook('deny-all.example.com', '/deny-all', 'none'), objectSelector: {},
    rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*/*'] }],
  }]);
  const cm = await raw(api, 'POST', '/api/v1/namespaces/hooks/configmaps', configMap('blocked', 'x'));
  assert.equal(cm.status, 400);
  assert.equal(cm.json.message, 'admission webhook "deny-all.example.com" denied the request without explanation');
  const del = await raw(api, 'DELETE', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/deny-all');
  assert.equal(del.status, 200, del.text);
  assert.equal(callsTo('/deny-all').some((c) => c.request.kind.group === 'admissionregistration.k8s.io'), false);
});
