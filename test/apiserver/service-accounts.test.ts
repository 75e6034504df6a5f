/**
 * Service accounts over HTTPS and with kubectl 1.32: every namespace has the `default`
 * ServiceAccount and the `kube-root-ca.crt` ConfigMap with the cluster CA (both come back when
 * deleted, the ConfigMap when changed), and the ServiceAccount admission plugin requires the Pod's
 * account and mounts the API access volume with Kubernetes' exact shape and rules.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox:1.36', ...extra });
const pod = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec: { containers: [c('app')], ...spec },
});

/** The projected volume of Kubernetes 1.32's ServiceAccount admission plugin, under its random name. */
const apiAccessVolume = (name: string) => ({
  name,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  },
});

describe('service accounts and the root CA', () => {
  let api: RunningApiServer;
  const get = (path: string) => raw(api, 'GET', path);
  const createNs = async (name: string) => assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name } })).status, 201);
  const createPod = (ns: string, body: unknown) => raw(api, 'POST', `/api/v1/namespaces/${ns}/pods`, body);
  before(async () => { api = await startApiServer(); });
  after(() => api.stop());

  it('gives the namespaces that exist at start a default ServiceAccount and the CA ConfigMap', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const sa = await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
      assert.equal(sa.status, 200, `${ns}: ${sa.text}`);
      assert.deepEqual(Object.keys(sa.json.metadata).sort(), ['creationTimestamp', 'name', 'namespace', 'resourceVersion', 'uid']);
      const cm = await get(`/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
      assert.equal(cm.status, 200, `${ns}: ${cm.text}`);
      assert.deepEqual(cm.json.data, { 'ca.crt': api.caPem });
      assert.match(cm.json.metadata.annotations['kubernetes.io/description'], /^Contains a CA bundle that can be used to verify the kube-apiserver/);
      assert.deepEqual(cm.json.metadata.managedFields.map((f: { manager: string; operation: string }) => [f.manager, f.operation]), [['kube-controller-manager', 'Update']]);
    }
    // The CA clients trust (the kubeconfig's certificate-authority-data) is the one published.
    const caData = /certificate-authority-data: (\S+)/.exec(api.kubeconfig)![1]!;
    assert.equal(Buffer.from(caData, 'base64').toString('utf8'), api.caPem);
  });

  it('has both objects in a new namespace by the time its create returns, so a Pod can follow at once', async () => {
    await createNs('fresh');
    assert.equal((await get('/api/v1/namespaces/fresh/serviceaccounts/default')).status, 200);
    assert.equal((await get('/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt')).status, 200);
    const names = (await get('/api/v1/namespaces/fresh/serviceaccounts')).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    assert.deepEqual(names, ['default']);
    const res = await createPod('fresh', pod('first', { initContainers: [c('setup')] }));
    assert.equal(res.status, 201, res.text);
    const spec = res.json.spec;
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.serviceAccount, 'default');
    assert.equal(spec.volumes.length, 1);
    const volume = spec.volumes[0].name as string;
    assert.match(volume, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(spec.volumes[0], apiAccessVolume(volume));
    for (const ctr of [...spec.initContainers, ...spec.containers]) {
      assert.deepEqual(ctr.volumeMounts, [{ name: volume, readOnly: true, mountPath: MOUNT_PATH }], ctr.name);
    }
    // The stored Pod is what the create answered.
    assert.deepEqual((await get('/api/v1/namespaces/fresh/pods/first')).json.spec, spec);
  });

  it('recreates the default ServiceAccount and the ConfigMap when they are deleted, and repairs the ConfigMap', async () => {
    await createNs('churn');
    const before = (await get('/api/v1/namespaces/churn/serviceaccounts/default')).json.metadata.uid;
    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/churn/serviceaccounts/default')).status, 200);
    const again = await get('/api/v1/namespaces/churn/serviceaccounts/default');
    assert.equal(again.status, 200);
    assert.notEqual(again.json.metadata.uid, before);
    assert.equal((await createPod('churn', pod('after-delete'))).status, 201);

    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/churn/configmaps/kube-root-ca.crt')).status, 200);
    assert.deepEqual((await get('/api/v1/namespaces/churn/configmaps/kube-root-ca.crt')).json.data, { 'ca.crt': api.caPem });

    const patched = await raw(api, 'PATCH', '/api/v1/namespaces/churn/configmaps/kube-root-ca.crt',
      { data: { 'ca.crt': 'tampered', extra: 'x' }, metadata: { annotations: { 'kubernetes.io/description': null, keep: 'me' } } },
      { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(patched.status, 200, patched.text);
    const repaired = await eventually(async () => {
      const cm = (await get('/api/v1/namespaces/churn/configmaps/kube-root-ca.crt')).json;
      return cm.data['ca.crt'] === api.caPem ? cm : undefined;
    }, 10_000, 'the ConfigMap to be repaired');
    assert.deepEqual(repaired.data, { 'ca.crt': api.caPem });
    assert.equal(repaired.metadata.annotations.keep, 'me');
    assert.ok(repaired.metadata.annotations['kubernetes.io/description']);
  });

  it('leaves a terminating namespace alone', async () => {
    await createNs('ending');
    await createPod('ending', { ...pod('holder'), metadata: { name: 'holder', finalizers: ['example.com/hold'] } });
    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/ending')).status, 200);
    await eventually(async () => (await get('/api/v1/namespaces/ending/serviceaccounts/default')).status === 404, 10_000, 'the ServiceAccount to go');
    await eventually(async () => (await get('/api/v1/namespaces/ending/configmaps/kube-root-ca.crt')).status === 404, 10_000, 'the ConfigMap to go');
    assert.equal((await raw(api, 'PATCH', '/api/v1/namespaces/ending/pods/holder', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' })).status, 200);
    await eventually(async () => (await get('/api/v1/namespaces/ending')).status === 404, 10_000, 'the namespace to go');
  });

  it('refuses a Pod whose service account does not exist, with Kubernetes\' message', async () => {
    const res = await createPod('default', pod('p', { serviceAccountName: 'ghost' }));
    assert.equal(res.status, 403);
    assert.equal(res.json.reason, 'Forbidden');
    assert.equal(res.json.message, 'pods "p" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found');
    assert.deepEqual(res.json.details, { name: 'p', kind: 'pods' });
    const unnamed = await createPod('default', { ...pod(''), metadata: { generateName: 'gen-' }, spec: { containers: [c('app')], serviceAccountName: 'ghost' } });
    assert.equal(unnamed.status, 403);
    assert.equal(unnamed.json.message, 'pods is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found');
    // The deprecated field names the account too.
    const legacy = await createPod('default', pod('legacy', { serviceAccount: 'ghost' }));
    assert.equal(legacy.status, 403);
    assert.match(legacy.json.message, /service account default\/ghost/);
  });

  it('honours automountServiceAccountToken on the Pod first, then on the ServiceAccount', async () => {
    await createNs('mounts');
    const sa = await raw(api, 'POST', '/api/v1/namespaces/mounts/serviceaccounts', { metadata: { name: 'quiet' }, automountServiceAccountToken: false, imagePullSecrets: [{ name: 'registry' }] });
    assert.equal(sa.status, 201, sa.text);
    const off = (await createPod('mounts', pod('off', { automountServiceAccountToken: false }))).json.spec;
    assert.equal(off.volumes, undefined);
    assert.equal(off.containers[0].volumeMounts, undefined);
    const quiet = (await createPod('mounts', pod('quiet', { serviceAccountName: 'quiet' }))).json.spec;
    assert.equal(quiet.volumes, undefined);
    // The account's pull secrets go to a Pod that has none.
    assert.deepEqual(quiet.imagePullSecrets, [{ name: 'registry' }]);
    const loud = (await createPod('mounts', pod('loud', { serviceAccountName: 'quiet', automountServiceAccountToken: true, imagePullSecrets: [{ name: 'mine' }] }))).json.spec;
    assert.equal(loud.volumes.length, 1);
    assert.match(loud.volumes[0].name, /^kube-api-access-/);
    assert.deepEqual(loud.imagePullSecrets, [{ name: 'mine' }]);
  });

  it('skips containers that mount something at the path and reuses an existing kube-api-access volume', async () => {
    const own = { name: 'own', mountPath: MOUNT_PATH };
    const res = await createPod('default', pod('partial', {
      containers: [c('custom', { volumeMounts: [own] }), c('plain')],
      volumes: [{ name: 'own', emptyDir: {} }],
    }));
    assert.equal(res.status, 201, res.text);
    const spec = res.json.spec;
    assert.deepEqual(spec.containers[0].volumeMounts, [{ ...own }]);
    const added = spec.volumes[1].name;
    assert.deepEqual(spec.containers[1].volumeMounts, [{ name: added, readOnly: true, mountPath: MOUNT_PATH }]);
    assert.deepEqual(spec.volumes[1], apiAccessVolume(added));

    const none = (await createPod('default', pod('all-own', { containers: [c('custom', { volumeMounts: [own] })], volumes: [{ name: 'own', emptyDir: {} }] }))).json.spec;
    assert.deepEqual(none.volumes.map((v: { name: string }) => v.name), ['own']);

    const existing = { name: 'kube-api-access-mine', emptyDir: {} };
    const reused = (await createPod('default', pod('reuse', { volumes: [existing] }))).json.spec;
    assert.deepEqual(reused.volumes, [existing]);
    assert.deepEqual(reused.containers[0].volumeMounts, [{ name: 'kube-api-access-mine', readOnly: true, mountPath: MOUNT_PATH }]);
  });

  it('limits secret references when the ServiceAccount enforces mountable secrets', async () => {
    const sa = await raw(api, 'POST', '/api/v1/namespaces/default/serviceaccounts', {
      metadata: { name: 'strict', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } }, secrets: [{ name: 'allowed' }],
    });
    assert.equal(sa.status, 201, sa.text);
    const env = (secret: string) => ({ env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'k' } } }] });
    assert.equal((await createPod('default', pod('ok', { serviceAccountName: 'strict', containers: [c('app', env('allowed'))] }))).status, 201);
    const bad = await createPod('default', pod('bad', { serviceAccountName: 'strict', containers: [c('app', env('other'))] }));
    assert.equal(bad.status, 403);
    assert.equal(bad.json.message, 'pods "bad" is forbidden: container app with envVar PASSWORD referencing secret.secretName="other" is not allowed because service account strict does not reference that secret');
    const vol = await createPod('default', pod('vol', { serviceAccountName: 'strict', volumes: [{ name: 's', secret: { secretName: 'other' } }] }));
    assert.equal(vol.status, 403);
    assert.equal(vol.json.message, 'pods "vol" is forbidden: volume with secret.secretName="other" is not allowed because service account strict does not reference that secret');
  });

  it('gives mirror pods nothing and refuses their service account and secret references', async () => {
    const mirror = { annotations: { 'kubernetes.io/config.mirror': 'hash' } };
    const ok = await createPod('default', pod('static', { nodeName: 'node-1' }, mirror));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.spec.serviceAccountName, undefined);
    assert.equal(ok.json.spec.volumes, undefined);
    const sa = await createPod('default', pod('static-sa', { serviceAccountName: 'default' }, mirror));
    assert.equal(sa.status, 403);
    assert.equal(sa.json.message, 'pods "static-sa" is forbidden: a mirror pod may not reference service accounts');
    const secret = await createPod('default', pod('static-secret', { volumes: [{ name: 's', secret: { secretName: 'x' } }] }, mirror));
    assert.equal(secret.json.message, 'pods "static-secret" is forbidden: a mirror pod may not reference secrets');
  });

  it('lets kubectl create a namespace and run a Pod in it straight away', { skip: !pinnedKubectl('1.32') && 'kubectl 1.32 is not installed' }, async () => {
    const kubectl = new Kubectl(pinnedKubectl('1.32')!, api.kubeconfigPath);
    const ns = await kubectl.run(['create', 'namespace', 'quick']);
    assert.equal(ns.code, 0, ns.stderr);
    const run = await kubectl.run(['run', 'p', '--image=busybox:1.36', '-n', 'quick']);
    assert.equal(run.code, 0, run.stderr);
    const sas = await kubectl.run(['get', 'serviceaccounts', '-n', 'quick', '-o', 'name']);
    assert.equal(sas.stdout, 'serviceaccount/default\n');
    const cms = await kubectl.run(['get', 'configmaps', '-n', 'quick', '-o', 'name']);
    assert.equal(cms.stdout, 'configmap/kube-root-ca.crt\n');
    const mounts = await kubectl.run(['get', 'pod', 'p', '-n', 'quick', '-o', 'jsonpath={.spec.containers[0].volumeMounts[0].mountPath}']);
    assert.equal(mounts.stdout, MOUNT_PATH);
    const denied = await kubectl.run(['run', 'q', '--image=busybox:1.36', '-n', 'quick', '--overrides', '{"spec":{"serviceAccountName":"ghost"}}']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /pods "q" is forbidden: error looking up service account quick\/ghost: serviceaccount "ghost" not found/);
  });
});

describe('service accounts across a restart', () => {
  it('keeps the stored objects instead of making new ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsop-data-'));
    let api = await startApiServer({ dataDir });
    let sa: { metadata: { uid: string; resourceVersion: string } };
    let cm: { metadata: { uid: string; resourceVersion: string } };
    try {
      assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'kept' } })).status, 201);
      sa = (await raw(api, 'GET', '/api/v1/namespaces/kept/serviceaccounts/default')).json;
      cm = (await raw(api, 'GET', '/api/v1/namespaces/kept/configmaps/kube-root-ca.crt')).json;
    } finally {
      await api.stop();
    }
    api = await startApiServer({ dataDir });
    try {
      const sa2 = (await raw(api, 'GET', '/api/v1/namespaces/kept/serviceaccounts/default')).json;
      const cm2 = (await raw(api, 'GET', '/api/v1/namespaces/kept/configmaps/kube-root-ca.crt')).json;
      assert.deepEqual([sa2.metadata.uid, sa2.metadata.resourceVersion], [sa.metadata.uid, sa.metadata.resourceVersion]);
      assert.deepEqual([cm2.metadata.uid, cm2.metadata.resourceVersion], [cm.metadata.uid, cm.metadata.resourceVersion]);
      assert.deepEqual(cm2.data, { 'ca.crt': api.caPem });
    } finally {
      await api.stop();
    }
  });
});
