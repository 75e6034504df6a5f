/**
 * `pods/ephemeralcontainers` served as Kubernetes 1.32 serves it: `kubectl debug` adds debugging
 * containers through it, a write changes only the ephemeral containers, existing ones cannot be
 * removed, it is listed in discovery and authorized as its own subresource under RBAC.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { jsonPatch, startWebhookServer } from './webhook-server.ts';

const binary = pinnedKubectl('1.32');
const PODS = '/api/v1/namespaces/default/pods';
const SMP = { 'Content-Type': 'application/strategic-merge-patch+json' };

type Obj = Record<string, any>;
const ephemeralNames = (pod: Obj): string[] => (pod.spec.ephemeralContainers ?? []).map((c: Obj) => c.name);

describe('pods/ephemeralcontainers', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer({ authz: 'RBAC' }); });
  after(() => api.stop());

  const createPod = async (name: string, extra: Obj = {}): Promise<Obj> => {
    const res = await raw(api, 'POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { containers: [{ name: 'main', image: 'nginx' }] } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  it('kubectl debug adds one ephemeral container per run; an update that removes one is refused', { skip: binary ? false : 'kubectl.1.32 is not installed' }, async () => {
    await createPod('web');
    const k = new Kubectl(binary!, api.kubeconfigPath);
    // No stdin and no attach: kubectl returns once the container is in the spec (the pod never runs here).
    const first = await k.run(['debug', 'web', '-i=false', '-t=false', '--attach=false', '--image=busybox:1.36', '--target=main']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr + first.stdout, /Targeting container "main"/);
    const second = await k.run(['debug', 'web', '--attach=false', '--image=busybox:1.36']);
    assert.equal(second.code, 0, second.stderr);
    const pod = (await raw(api, 'GET', `${PODS}/web`)).json;
    const added = pod.spec.ephemeralContainers as Obj[];
    assert.equal(added.length, 2);
    assert.equal(added[0]!.targetContainerName, 'main');
    assert.equal(added[0]!.image, 'busybox:1.36');
    assert.equal(added[1]!.targetContainerName, undefined);
    assert.equal(added[1]!.terminationMessagePolicy, 'File', 'the new container is defaulted');
    assert.notEqual(added[0]!.name, added[1]!.name);
    const entry = (pod.metadata.managedFields as Obj[]).find((m) => m.subresource === 'ephemeralcontainers');
    assert.ok(entry, 'the write is recorded under its subresource');
    assert.equal(entry.operation, 'Update');
    assert.deepEqual(Object.keys(entry.fieldsV1['f:spec']['f:ephemeralContainers']).filter((key) => key !== '.').sort(), added.map((c) => `k:{"name":"${c.name}"}`).sort());
    assert.equal(pod.metadata.generation, undefined, 'pods have no generation in 1.32');

    const removed = await raw(api, 'PUT', `${PODS}/web/ephemeralcontainers`, { ...pod, spec: { ...pod.spec, ephemeralContainers: [added[1]] } });
    assert.equal(removed.status, 422, removed.text);
    assert.equal(removed.json.message, `Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "${added[0]!.name}" may not be removed\n`);
    assert.deepEqual(ephemeralNames((await raw(api, 'GET', `${PODS}/web`)).json), added.map((c) => c.name));
  });

  it('GET returns the pod; PATCH and PUT change only the ephemeral containers', async () => {
    const created = await createPod('patched', { labels: { app: 'a' } });
    const got = await raw(api, 'GET', `${PODS}/patched/ephemeralcontainers`);
    assert.equal(got.status, 200);
    assert.equal(got.json.kind, 'Pod');
    assert.equal(got.json.metadata.uid, created.metadata.uid);

    const patch = { metadata: { labels: { app: 'b' } }, spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox', targetContainerName: 'main' }], restartPolicy: 'Never' } };
    const patched = await raw(api, 'PATCH', `${PODS}/patched/ephemeralcontainers`, patch, SMP);
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(ephemeralNames(patched.json), ['dbg']);
    assert.equal(patched.json.metadata.labels.app, 'a', 'metadata changes are dropped');
    assert.equal(patched.json.spec.restartPolicy, 'Always', 'other spec changes are dropped');
    assert.notEqual(patched.json.metadata.resourceVersion, created.metadata.resourceVersion);

    const put = await raw(api, 'PUT', `${PODS}/patched/ephemeralcontainers`, {
      ...patched.json, spec: { ...patched.json.spec, containers: [{ name: 'main', image: 'httpd' }], ephemeralContainers: [...patched.json.spec.ephemeralContainers, { name: 'dbg2', image: 'busybox' }] },
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(ephemeralNames(put.json), ['dbg', 'dbg2']);
    assert.equal(put.json.spec.containers[0].image, 'nginx');

    const stale = await raw(api, 'PUT', `${PODS}/patched/ephemeralcontainers`, patched.json);
    assert.equal(stale.status, 409, 'a stale resourceVersion conflicts');

    // The main resource still refuses ephemeral-container changes.
    const main = await raw(api, 'PATCH', `${PODS}/patched`, { spec: { ephemeralContainers: [{ name: 'dbg3', image: 'busybox' }] } }, SMP);
    assert.equal(main.status, 422, main.text);
  });

  it('a missing pod is 404; the subresource takes no create, delete or list', async () => {
    const missing = await raw(api, 'PATCH', `${PODS}/nope/ephemeralcontainers`, { spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } }, SMP);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'pods "nope" not found');
    assert.equal((await raw(api, 'GET', `${PODS}/nope/ephemeralcontainers`)).status, 404);
    await createPod('verbs');
    assert.equal((await raw(api, 'DELETE', `${PODS}/verbs/ephemeralcontainers`)).status, 405);
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces/default/configmaps/x/ephemeralcontainers')).status, 404);
  });

  it('is listed in both discovery forms with get, patch and update', async () => {
    const legacy = (await raw(api, 'GET', '/api/v1')).json;
    const entry = legacy.resources.find((r: Obj) => r.name === 'pods/ephemeralcontainers');
    assert.deepEqual(entry, { name: 'pods/ephemeralcontainers', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    const aggregated = (await raw(api, 'GET', '/api', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).json;
    const pods = aggregated.items[0].versions[0].resources.find((r: Obj) => r.resource === 'pods');
    assert.deepEqual(pods.subresources.find((s: Obj) => s.subresource === 'ephemeralcontainers'), {
      subresource: 'ephemeralcontainers', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get', 'patch', 'update'],
    });
  });

  it('is authorized as pods/ephemeralcontainers under RBAC', async () => {
    await createPod('guarded');
    const sa = await raw(api, 'POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'viewer' } });
    assert.equal(sa.status, 201);
    const token = (await raw(api, 'POST', '/api/v1/namespaces/default/serviceaccounts/viewer/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} })).json.status.token;
    const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces/default';
    assert.equal((await raw(api, 'POST', `${rbac}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-editor' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'patch', 'update'] }] })).status, 201);
    assert.equal((await raw(api, 'POST', `${rbac}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'viewer-edits' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-editor' }, subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'default' }] })).status, 201);
    const asViewer = { Authorization: `Bearer ${token}`, ...SMP };
    const body = { spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } };
    const denied = await raw(api, 'PATCH', `${PODS}/guarded/ephemeralcontainers`, body, asViewer);
    assert.equal(denied.status, 403);
    assert.equal(denied.json.message, 'pods "guarded" is forbidden: User "system:serviceaccount:default:viewer" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"');
    assert.equal((await raw(api, 'POST', `${rbac}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'debugger' }, rules: [{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }] })).status, 201);
    assert.equal((await raw(api, 'POST', `${rbac}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'viewer-debugs' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'debugger' }, subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'default' }] })).status, 201);
    const allowed = await raw(api, 'PATCH', `${PODS}/guarded/ephemeralcontainers`, body, asViewer);
    assert.equal(allowed.status, 200, allowed.text);
    assert.deepEqual(ephemeralNames(allowed.json), ['dbg']);
  });
});

describe('pods/ephemeralcontainers under admission webhooks', () => {
  it('webhooks see the subresource; only the ephemeral containers survive a mutation', async () => {
    const api = await startApiServer();
    const hooks = await startWebhookServer((path) => (path === '/mutate'
      ? jsonPatch([{ op: 'add', path: '/metadata/labels', value: { added: 'by-webhook' } }, { op: 'add', path: '/spec/ephemeralContainers/0/env', value: [{ name: 'FROM', value: 'webhook' }] }])
      : undefined));
    try {
      const rule = { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['pods/ephemeralcontainers'] };
      const hook = (name: string, path: string) => ({ name, clientConfig: { url: `${hooks.base}${path}`, caBundle: hooks.caBundle }, rules: [rule], sideEffects: 'None', admissionReviewVersions: ['v1'] });
      for (const kind of ['Mutating', 'Validating']) {
        const res = await raw(api, 'POST', `/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}webhookconfigurations`, {
          apiVersion: 'admissionregistration.k8s.io/v1', kind: `${kind}WebhookConfiguration`, metadata: { name: kind.toLowerCase() }, webhooks: [hook(`${kind.toLowerCase()}.example.com`, kind === 'Mutating' ? '/mutate' : '/validate')],
        });
        assert.equal(res.status, 201, res.text);
      }
      assert.equal((await raw(api, 'POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hooked' }, spec: { containers: [{ name: 'main', image: 'nginx' }] } })).status, 201);
      const res = await raw(api, 'PATCH', `${PODS}/hooked/ephemeralcontainers`, { metadata: { annotations: { sent: 'yes' } }, spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } }, SMP);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.spec.ephemeralContainers[0].env, [{ name: 'FROM', value: 'webhook' }]);
      assert.equal(res.json.metadata.labels, undefined, 'a webhook cannot change anything else through the subresource');
      assert.equal(res.json.metadata.annotations, undefined);
      const mutating = hooks.reviews.find((r) => r.path === '/mutate')!.request;
      assert.equal(mutating.subResource, 'ephemeralcontainers');
      assert.deepEqual(mutating.kind, { group: '', version: 'v1', kind: 'Pod' });
      assert.deepEqual(mutating.resource, { group: '', version: 'v1', resource: 'pods' });
      assert.equal(mutating.object.metadata.annotations.sent, 'yes', 'mutating webhooks see the request as sent');
      const validating = hooks.reviews.find((r) => r.path === '/validate')!.request;
      assert.equal(validating.object.metadata.annotations, undefined, 'validating webhooks see what will be stored');
      assert.deepEqual(validating.object.spec.ephemeralContainers[0].env, [{ name: 'FROM', value: 'webhook' }]);
    } finally {
      await hooks.close();
      await api.stop();
    }
  });
});

describe('pods/ephemeralcontainers in OpenAPI', () => {
  const path = '/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers';

  it('the served v3 and v2 documents have get, put and patch of a Pod', async () => {
    const api = await startApiServer();
    try {
      const v3 = (await raw(api, 'GET', '/openapi/v3/api/v1')).json.paths[path];
      const v2 = (await raw(api, 'GET', '/openapi/v2')).json.paths[path];
      for (const doc of [v3, v2]) {
        assert.ok(doc, 'the path is published');
        assert.deepEqual(Object.keys(doc).filter((k) => k !== 'parameters').sort(), ['get', 'patch', 'put']);
        for (const verb of ['get', 'put', 'patch']) assert.deepEqual(doc[verb]['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
      }
      // Only pods have the subresource.
      const services = (await raw(api, 'GET', '/openapi/v3/api/v1')).json.paths['/api/v1/namespaces/{namespace}/services/{name}/ephemeralcontainers'];
      assert.equal(services, undefined);
    } finally {
      await api.stop();
    }
  });
});
