/**
 * `/status` writes prepared as Kubernetes 1.32's status strategies prepare them: the spec stays as
 * stored, metadata changes are kept unless the kind resets them (a Pod's owner references, a
 * Deployment's labels, everything but the status of a custom resource), a Pod keeps its QoS class
 * and has its addresses decoded, and a Namespace without a phase is Active.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { installCrd, raw } from './helpers.ts';
import { jsonPatch, startWebhookServer } from './webhook-server.ts';

type Obj = Record<string, any>;
const PODS = '/api/v1/namespaces/default/pods';
const MERGE = { 'Content-Type': 'application/merge-patch+json' };
const SMP = { 'Content-Type': 'application/strategic-merge-patch+json' };

describe('status writes as the status strategies prepare them', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(() => api.stop());

  const create = async (path: string, body: Obj): Promise<Obj> => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  const pod = (name: string, metadata: Obj = {}) => create(PODS, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata },
    spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '100m' } } }] },
  });
  const putStatus = async (path: string, body: Obj): Promise<Obj> => {
    const res = await raw(api, 'PUT', `${path}/status`, body);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };

  it('a pod status write without qosClass keeps the stored one', async () => {
    const created = await pod('qos');
    assert.equal(created.status.qosClass, 'Burstable');
    const written = await putStatus(`${PODS}/qos`, { ...created, status: { phase: 'Running' } });
    assert.equal(written.status.phase, 'Running');
    assert.equal(written.status.qosClass, 'Burstable');
    const patched = await raw(api, 'PATCH', `${PODS}/qos/status`, { status: { qosClass: null, message: 'm' } }, MERGE);
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.status.qosClass, 'Burstable');
    assert.equal((await raw(api, 'GET', `${PODS}/qos`)).json.status.qosClass, 'Burstable');
  });

  it('podIP and hostIP fill their lists and win over a differing first entry', async () => {
    const created = await pod('addresses');
    const alone = await putStatus(`${PODS}/addresses`, { ...created, status: { phase: 'Running', podIP: '10.0.0.5', hostIP: '192.168.1.10' } });
    assert.deepEqual(alone.status.podIPs, [{ ip: '10.0.0.5' }]);
    assert.deepEqual(alone.status.hostIPs, [{ ip: '192.168.1.10' }]);

    const differing = await putStatus(`${PODS}/addresses`, { ...alone, status: { ...alone.status, podIP: '10.0.0.6', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }], hostIP: '192.168.1.11', hostIPs: [{ ip: '192.168.1.10' }] } });
    assert.equal(differing.status.podIP, '10.0.0.6');
    assert.deepEqual(differing.status.podIPs, [{ ip: '10.0.0.6' }], 'the singular field replaces the whole list');
    assert.equal(differing.status.hostIP, '192.168.1.11');
    assert.deepEqual(differing.status.hostIPs, [{ ip: '192.168.1.11' }]);

    const dual = await putStatus(`${PODS}/addresses`, { ...differing, status: { ...differing.status, podIP: undefined, podIPs: [{ ip: '10.0.0.8' }, { ip: 'fd00::8' }] } });
    assert.equal(dual.status.podIP, '10.0.0.8', 'podIP is read back from the first pod address');
    assert.deepEqual(dual.status.podIPs, [{ ip: '10.0.0.8' }, { ip: 'fd00::8' }]);

    // A strategic merge patch of the singular field alone, as an old kubelet sends it.
    const patched = await raw(api, 'PATCH', `${PODS}/addresses/status`, { status: { podIP: '10.0.0.9' } }, SMP);
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json.status.podIPs, [{ ip: '10.0.0.9' }]);
    assert.deepEqual((await raw(api, 'GET', `${PODS}/addresses`)).json.status.podIPs, [{ ip: '10.0.0.9' }]);
  });

  it('pods/status keeps label and annotation changes but not spec, owner references or deletion', async () => {
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '6f1d1c52-0000-4000-8000-000000000001' };
    const created = await pod('meta', { labels: { app: 'a' }, ownerReferences: [owner] });
    const written = await putStatus(`${PODS}/meta`, {
      ...created,
      metadata: { ...created.metadata, labels: { app: 'b' }, annotations: { note: 'n' }, ownerReferences: [], deletionTimestamp: '2030-01-01T00:00:00Z' },
      spec: { ...created.spec, activeDeadlineSeconds: 30 },
      status: { ...created.status, phase: 'Running' },
    });
    assert.deepEqual(written.metadata.labels, { app: 'b' });
    assert.deepEqual(written.metadata.annotations, { note: 'n' });
    assert.deepEqual(written.metadata.ownerReferences, [owner]);
    assert.equal(written.metadata.deletionTimestamp, undefined);
    assert.equal(written.spec.activeDeadlineSeconds, undefined);
    assert.equal(written.status.phase, 'Running');
    const entry = (written.metadata.managedFields as Obj[]).find((m) => m.subresource === 'status');
    assert.ok(entry?.fieldsV1['f:metadata']?.['f:labels']?.['f:app'], 'the status manager owns the label it changed');
  });

  it('a Deployment keeps its labels on a status write; a StatefulSet and a Job take them', async () => {
    const template = { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const selector = { matchLabels: { app: 'w' } };
    const deploy = await create('/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { tier: 'web' } }, spec: { selector, template } });
    const d = await putStatus('/apis/apps/v1/namespaces/default/deployments/d', { ...deploy, metadata: { ...deploy.metadata, labels: { tier: 'changed' }, annotations: { note: 'n' } }, spec: { ...deploy.spec, replicas: 5 }, status: { replicas: 1 } });
    assert.deepEqual(d.metadata.labels, { tier: 'web' });
    assert.deepEqual(d.metadata.annotations, { note: 'n' });
    assert.equal(d.spec.replicas, 1);
    assert.equal(d.status.replicas, 1);
    assert.equal(d.metadata.generation, 1, 'the spec did not change');

    const sts = await create('/apis/apps/v1/namespaces/default/statefulsets', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', labels: { tier: 'db' } }, spec: { selector, template } });
    const s = await putStatus('/apis/apps/v1/namespaces/default/statefulsets/s', { ...sts, metadata: { ...sts.metadata, labels: { tier: 'changed' } }, status: { replicas: 0, availableReplicas: 0 } });
    assert.deepEqual(s.metadata.labels, { tier: 'changed' });

    const job = await create('/apis/batch/v1/namespaces/default/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } });
    const patched = await raw(api, 'PATCH', '/apis/batch/v1/namespaces/default/jobs/j/status', { metadata: { labels: { extra: 'x' } }, spec: { parallelism: 3 }, status: { active: 1 } }, MERGE);
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.metadata.labels.extra, 'x');
    assert.equal(patched.json.spec.parallelism, job.spec.parallelism);
    assert.equal(patched.json.status.active, 1);
  });

  it('a custom resource takes only the status from a status write', async () => {
    await installCrd(api, 'widgets-crd.yaml');
    const path = '/apis/test.tsop.dev/v1/namespaces/default/widgets';
    const w = await create(path, { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: '1' } }, spec: { color: 'red', replicas: 1 } });
    const written = await putStatus(`${path}/w`, { ...w, metadata: { ...w.metadata, labels: { a: '2' } }, spec: { ...w.spec, replicas: 3 }, status: { replicas: 1 } });
    assert.deepEqual(written.metadata.labels, { a: '1' });
    assert.equal(written.spec.replicas, 1);
    assert.equal(written.status.replicas, 1);
  });

  it('a namespace status write without a phase stores Active and keeps its name label', async () => {
    const ns = await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'phaseless' } });
    const written = await putStatus('/api/v1/namespaces/phaseless', { ...ns, metadata: { ...ns.metadata, labels: { team: 't' } }, status: { phase: '' } });
    assert.equal(written.status.phase, 'Active');
    assert.deepEqual(written.metadata.labels, { team: 't', 'kubernetes.io/metadata.name': 'phaseless' });
    const cleared = await raw(api, 'PATCH', '/api/v1/namespaces/phaseless/status', { status: { phase: null } }, MERGE);
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.status.phase, 'Active');
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces/phaseless')).json.status.phase, 'Active');
  });

  it('mutating webhooks see a pod status write as sent; the spec is reset after them', async () => {
    const hooks = await startWebhookServer((path) => (path === '/mutate' ? jsonPatch([{ op: 'add', path: '/spec/activeDeadlineSeconds', value: 60 }, { op: 'add', path: '/metadata/annotations', value: { by: 'webhook' } }]) : undefined));
    try {
      const rule = { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['pods/status'] };
      const hook = (name: string, path: string) => ({ name, clientConfig: { url: `${hooks.base}${path}`, caBundle: hooks.caBundle }, rules: [rule], sideEffects: 'None', admissionReviewVersions: ['v1'], objectSelector: { matchLabels: { hooked: 'yes' } } });
      for (const kind of ['Mutating', 'Validating']) {
        const res = await raw(api, 'POST', `/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}webhookconfigurations`, {
          apiVersion: 'admissionregistration.k8s.io/v1', kind: `${kind}WebhookConfiguration`, metadata: { name: `status-${kind.toLowerCase()}` }, webhooks: [hook(`${kind.toLowerCase()}.example.com`, kind === 'Mutating' ? '/mutate' : '/validate')],
        });
        assert.equal(res.status, 201, res.text);
      }
      const created = await pod('hooked', { labels: { hooked: 'yes' } });
      const written = await putStatus(`${PODS}/hooked`, { ...created, spec: { ...created.spec, restartPolicy: 'Never' }, status: { ...created.status, phase: 'Running' } });
      assert.equal(written.spec.restartPolicy, 'Always');
      assert.equal(written.spec.activeDeadlineSeconds, undefined);
      assert.deepEqual(written.metadata.annotations, { by: 'webhook' }, 'metadata a webhook adds is kept, as the client\'s would be');
      const mutating = hooks.reviews.find((r) => r.path === '/mutate')!.request;
      assert.equal(mutating.subResource, 'status');
      assert.equal(mutating.object.spec.restartPolicy, 'Never');
      const validating = hooks.reviews.find((r) => r.path === '/validate')!.request;
      assert.equal(validating.object.spec.restartPolicy, 'Always');
      assert.equal(validating.object.spec.activeDeadlineSeconds, undefined);
    } finally {
      await hooks.close();
    }
  });
});
