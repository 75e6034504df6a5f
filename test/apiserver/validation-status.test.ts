/**
 * Subresource writes of built-in kinds run only that subresource's rules, as Kubernetes' status
 * and finalize strategies do: a `/status` write judges the status (and never the stored spec
 * again), a `/finalize` write the namespace's finalizers. Also the 422 message's aggregation.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { ObjectStore } from '../../apiserver/storage/store.ts';
import { invalid } from '../../runtime/core/errors.ts';
import { raw } from './helpers.ts';
import { causesOf, LABEL_VALUE, NAME_PART, SUBDOMAIN, type Cause, type Obj } from './validation-policy-helpers.ts';

const NS = 'status-rules';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: NS, uid: randomUUID(), creationTimestamp: now(), generation: 1, ...extra });
const labels = { app: 'old' };

/** A Deployment a cluster would refuse today: negative replicas and a selector its pods do not match. */
const legacyDeployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('legacy'),
  spec: {
    replicas: -1, selector: { matchLabels: { app: 'other' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} },
    },
  },
  status: {},
};

/** An Ingress whose stored status reports an address that is not one. */
const legacyIngress = {
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('legacy-ing'),
  spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  status: { loadBalancer: { ingress: [{ ip: 'not-an-ip' }] } },
};

const pod = (name: string, restartPolicy: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox' }] },
});

describe('subresource writes run only their own rules', () => {
  let api: RunningApiServer;
  let dataDir: string;
  const deployments = `/apis/apps/v1/namespaces/${NS}/deployments`;
  const ingresses = `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`;
  const pods = `/api/v1/namespaces/${NS}/pods`;

  /** PUTs `status` onto the current object through `/status`. */
  const putStatus = async (path: string, status: Obj) => {
    const current = (await raw(api, 'GET', path)).json;
    return raw(api, 'PUT', `${path}/status`, { ...current, status });
  };
  const refused = (res: { status: number; text: string; json: Obj }, causes: Cause[]) => {
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(causesOf(res.json), causes);
  };

  before(async () => {
    // Objects stored before today's rules existed: written straight into the data directory.
    dataDir = mkdtempSync(join(tmpdir(), 'tsop-status-rules-'));
    const store = await ObjectStore.open({ dataDir });
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, uid: randomUUID(), creationTimestamp: now(), labels: { 'kubernetes.io/metadata.name': NS } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    await store.commit([
      { op: 'put', resource: '/namespaces', key: `/${NS}`, object: namespace },
      { op: 'put', resource: 'apps/deployments', key: `${NS}/legacy`, object: legacyDeployment },
      { op: 'put', resource: 'networking.k8s.io/ingresses', key: `${NS}/legacy-ing`, object: legacyIngress },
    ]).durable;
    await store.close();
    api = await startApiServer({ dataDir });
  });
  after(async () => {
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a status write on an object whose stored spec breaks today\'s rules judges only the status', async () => {
    const path = `${deployments}/legacy`;
    const spec = await raw(api, 'PUT', path, (await raw(api, 'GET', path)).json);
    assert.equal(spec.status, 422, 'a main-resource write judges the stored spec');
    assert.ok(causesOf(spec.json).some(([, field]) => field === 'spec.replicas'), spec.text);
    const ok = await putStatus(path, { replicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status.readyReplicas, 1);
    assert.equal(ok.json.spec.replicas, -1, 'the stored spec is kept as it was');
    refused(await putStatus(path, { replicas: 1, readyReplicas: 3, availableReplicas: 2, collisionCount: -1 }), [
      ['FieldValueInvalid', 'status.collisionCount', 'Invalid value: -1: must be greater than or equal to 0'],
      ['FieldValueInvalid', 'status.readyReplicas', 'Invalid value: 3: cannot be greater than status.replicas'],
      ['FieldValueInvalid', 'status.availableReplicas', 'Invalid value: 2: cannot be greater than status.replicas'],
    ]);
  });

  it('a collision count only grows', async () => {
    const path = `${deployments}/legacy`;
    assert.equal((await putStatus(path, { replicas: 1, collisionCount: 2 })).status, 200);
    refused(await putStatus(path, { replicas: 1, collisionCount: 1 }), [
      ['FieldValueInvalid', 'status.collisionCount', 'Invalid value: 1: cannot be decremented'],
    ]);
  });

  it('a spec write no longer judges the stored status, and a status write judges it', async () => {
    const path = `${ingresses}/legacy-ing`;
    const current = (await raw(api, 'GET', path)).json;
    const spec = await raw(api, 'PUT', path, { ...current, spec: { defaultBackend: { service: { name: 'web2', port: { number: 80 } } } } });
    assert.equal(spec.status, 200, spec.text);
    assert.equal(spec.json.status.loadBalancer.ingress[0].ip, 'not-an-ip', 'the stored status stays as it was');
    refused(await putStatus(path, { loadBalancer: { ingress: [{ ip: 'still-not-an-ip' }, { hostname: '10.0.0.1' }] } }), [
      ['FieldValueInvalid', 'status.loadBalancer.ingress[0].ip', 'Invalid value: "still-not-an-ip": must be a valid IP address'],
      ['FieldValueInvalid', 'status.loadBalancer.ingress[1].hostname', 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
    ]);
    assert.equal((await putStatus(path, { loadBalancer: { ingress: [{ ip: '10.0.0.1' }, { hostname: 'lb.example.com' }] } })).status, 200);
  });

  it('Pod status: valid IPs one per family, a valid nominated node, no way back from a final termination', async () => {
    assert.equal((await raw(api, 'POST', pods, pod('once', 'Never'))).status, 201);
    const path = `${pods}/once`;
    refused(await putStatus(path, { podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], nominatedNodeName: 'Node_1' }), [
      ['FieldValueInvalid', 'status.nominatedNodeName', `Invalid value: "Node_1": ${SUBDOMAIN}`],
      ['FieldValueInvalid', 'status.podIPs', 'Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.2"}}: may specify no more than one IP for each IP family'],
    ]);
    refused(await putStatus(path, { podIPs: [{ ip: '10.0.0.300' }] }), [
      ['FieldValueInvalid', 'status.podIPs[0]', 'Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ]);
    const terminated = { name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    const done = await putStatus(path, { phase: 'Succeeded', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }], containerStatuses: [terminated] });
    assert.equal(done.status, 200, done.text);
    refused(await putStatus(path, { phase: 'Running', containerStatuses: [{ ...terminated, state: { running: { startedAt: now() } } }] }), [
      ['FieldValueForbidden', 'status.containerStatuses[0].state', 'Forbidden: may not be transitioned to non-terminated state'],
    ]);
    // A pod that restarts always may bring its containers back.
    assert.equal((await raw(api, 'POST', pods, pod('always', 'Always'))).status, 201);
    assert.equal((await putStatus(`${pods}/always`, { containerStatuses: [terminated] })).status, 200);
    const back = await putStatus(`${pods}/always`, { containerStatuses: [{ ...terminated, state: { running: { startedAt: now() } } }] });
    assert.equal(back.status, 200, back.text);
  });

  it('a Service reports load-balancer addresses only as a LoadBalancer', async () => {
    const services = `/api/v1/namespaces/${NS}/services`;
    assert.equal((await raw(api, 'POST', services, { metadata: { name: 'internal' }, spec: { ports: [{ port: 80 }] } })).status, 201);
    refused(await putStatus(`${services}/internal`, { loadBalancer: { ingress: [{ ip: '10.0.0.9' }] } }), [
      ['FieldValueForbidden', 'status.loadBalancer.ingress', "Forbidden: may only be used when `spec.type` is 'LoadBalancer'"],
    ]);
    assert.equal((await raw(api, 'POST', services, { metadata: { name: 'public' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } })).status, 201);
    refused(await putStatus(`${services}/public`, { loadBalancer: { ingress: [{ hostname: 'lb.example.com', ipMode: 'VIP' }] } }), [
      ['FieldValueForbidden', 'status.loadBalancer.ingress[0].ipMode', 'Forbidden: may not be specified when `ip` is not set'],
    ]);
    assert.equal((await putStatus(`${services}/public`, { loadBalancer: { ingress: [{ ip: '10.0.0.9', ipMode: 'Proxy' }] } })).status, 200);
  });

  it('a namespace finalize write judges its finalizer names', async () => {
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'finalized' } })).status, 201);
    const path = '/api/v1/namespaces/finalized/finalize';
    const current = (await raw(api, 'GET', '/api/v1/namespaces/finalized')).json;
    refused(await raw(api, 'PUT', path, { ...current, spec: { finalizers: ['kubernetes', 'custom', 'example.com/'] } }), [
      ['FieldValueInvalid', 'spec.finalizers[1]', 'Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
      ['FieldValueInvalid', 'spec.finalizers[2]', 'Invalid value: "example.com/": name part must be non-empty'],
      ['FieldValueInvalid', 'spec.finalizers[2]', `Invalid value: "example.com/": ${NAME_PART}`],
    ]);
    const ok = await raw(api, 'PUT', path, { ...current, spec: { finalizers: ['kubernetes', 'example.com/cleanup'] } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.spec.finalizers, ['kubernetes', 'example.com/cleanup']);
  });
});

describe('the Invalid message lists each distinct cause once', () => {
  it('keeps every cause in details and de-duplicates the aggregate text, as apimachinery does', () => {
    const cause = { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: "x y": bad' };
    const other = { reason: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' };
    const err = invalid('apps', 'Deployment', 'd', [cause, other, { ...cause }]);
    assert.equal(err.status.message, 'Deployment.apps "d" is invalid: [spec.selector: Invalid value: "x y": bad, spec.ports: Required value]');
    assert.equal(err.causes.length, 3);
    // Only duplicates left: one text, without brackets.
    assert.equal(invalid('', 'Service', 's', [cause, { ...cause }]).status.message, 'Service "s" is invalid: spec.selector: Invalid value: "x y": bad');
    // The same message on another field is a different error.
    assert.equal(invalid('', 'Service', 's', [cause, { ...cause, field: 'spec.other' }]).status.message,
      'Service "s" is invalid: [spec.selector: Invalid value: "x y": bad, spec.other: Invalid value: "x y": bad]');
    assert.equal(invalid('', 'Service', 's', []).status.message, 'Service "s" is invalid');
  });

  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(async () => { await api?.stop(); });

  it('a Service whose selector repeats one bad value gets one line for it, and every cause', async () => {
    const res = await raw(api, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'twice' }, spec: { ports: [{ port: 80 }], selector: { a: 'bad value', b: 'bad value' } } });
    assert.equal(res.status, 422, res.text);
    const line = `spec.selector: Invalid value: "bad value": ${LABEL_VALUE}`;
    assert.deepEqual(causesOf(res.json), [
      ['FieldValueInvalid', 'spec.selector', `Invalid value: "bad value": ${LABEL_VALUE}`],
      ['FieldValueInvalid', 'spec.selector', `Invalid value: "bad value": ${LABEL_VALUE}`],
    ]);
    assert.equal(res.json.message, `Service "twice" is invalid: ${line}`);
  });
});
