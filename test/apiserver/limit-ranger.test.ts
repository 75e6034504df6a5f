/**
 * LimitRanger over HTTPS: Container defaults fill in what a new pod's containers leave out (and say
 * so in the kubernetes.io/limit-ranger annotation), Container and Pod min/max/ratio items refuse
 * with Kubernetes' 403 messages, a quota on compute admits pods whose requests came from defaults,
 * and claims are judged on create and on every update (a resize included) while pod updates and
 * status writes are not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';

const pod = (name: string, containers: Record<string, unknown>[], initContainers?: Record<string, unknown>[]) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, ...(initContainers ? { initContainers } : {}) },
});
const c = (name: string, resources?: Record<string, unknown>) => ({ name, image: 'busybox:1.36', ...(resources ? { resources } : {}) });

describe('LimitRanger', () => {
  let api: RunningApiServer;
  const create = (ns: string, body: unknown, query = '') => raw(api, 'POST', `/api/v1/namespaces/${ns}/pods${query}`, body);
  before(async () => {
    api = await startApiServer();
    for (const ns of ['defaults', 'bounds', 'podwide', 'quota', 'claims', 'later']) await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    const limits = (ns: string, items: unknown[]) => raw(api, 'POST', `/api/v1/namespaces/${ns}/limitranges`, { metadata: { name: 'limits' }, spec: { limits: items } });
    assert.equal((await limits('defaults', [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } }])).status, 201);
    assert.equal((await limits('bounds', [{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' }, maxLimitRequestRatio: { memory: '2' } }])).status, 201);
    assert.equal((await limits('podwide', [{ type: 'Pod', max: { cpu: '1500m' } }])).status, 201);
    assert.equal((await limits('claims', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } }])).status, 201);
    assert.equal((await limits('quota', [{ type: 'Container', default: { cpu: '200m' }, defaultRequest: { cpu: '200m' } }])).status, 201);
  });
  after(() => api.stop());

  it('fills in missing limits and requests from Container defaults and notes it', async () => {
    const res = await create('defaults', pod('plain', [c('app'), c('tuned', { limits: { cpu: '2' } })], [c('setup')]));
    assert.equal(res.status, 201, res.text);
    const [app, tuned] = res.json.spec.containers;
    // The stored LimitRange's defaultRequest took its memory from `default` (LimitRange defaulting).
    const stored = (await raw(api, 'GET', '/api/v1/namespaces/defaults/limitranges/limits')).json;
    assert.deepEqual(stored.spec.limits[0].defaultRequest, { cpu: '100m', memory: '256Mi' });
    assert.deepEqual(app.resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    // A limit set by hand is kept; its request came from the limit (API defaulting) before the plugin ran.
    assert.deepEqual(tuned.resources, { limits: { cpu: '2', memory: '256Mi' }, requests: { cpu: '2', memory: '256Mi' } });
    assert.equal(res.json.metadata.annotations['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; memory request for container tuned; memory limit for container tuned; cpu, memory request for init container setup; cpu, memory limit for init container setup');
  });

  it('refuses containers outside min, max and the limit/request ratio, with every reason', async () => {
    const big = await create('bounds', pod('big', [c('app', { requests: { cpu: '200m', memory: '100Mi' }, limits: { cpu: '2', memory: '512Mi' } })]));
    assert.equal(big.status, 403, big.text);
    assert.equal(big.json.reason, 'Forbidden');
    assert.equal(big.json.message, 'pods "big" is forbidden: [maximum cpu usage per Container is 1, but limit is 2., memory max limit to request ratio per Container is 2, but provided ratio is 5.120000.]');
    const small = await create('bounds', pod('small', [c('app', { requests: { cpu: '50m' }, limits: { cpu: '500m', memory: '100Mi' } })]));
    assert.equal(small.status, 403);
    // The memory request came from the limit (API defaulting), so the ratio holds; one reason, no brackets.
    assert.equal(small.json.message, 'pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m.');
    const dry = await create('bounds', pod('dry', [c('app', { requests: { cpu: '10m' } })]), '?dryRun=All');
    assert.equal(dry.status, 403, 'dry runs are checked too');
    assert.equal(dry.json.message, 'pods "dry" is forbidden: minimum cpu usage per Container is 100m, but request is 10m.');
    // With max and no default, LimitRange defaulting makes max the default limit and request.
    const bare = await create('bounds', pod('bare', [c('app')]));
    assert.equal(bare.status, 201, bare.text);
    assert.deepEqual(bare.json.spec.containers[0].resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
    const fits = await create('bounds', pod('fits', [c('app', { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } })]));
    assert.equal(fits.status, 201, fits.text);
  });

  it('Pod items sum the containers', async () => {
    const over = await create('podwide', pod('over', [c('a', { limits: { cpu: '1' } }), c('b', { limits: { cpu: '600m' } })]));
    assert.equal(over.status, 403);
    assert.equal(over.json.message, 'pods "over" is forbidden: maximum cpu usage per Pod is 1500m, but limit is 1600m.');
    assert.equal((await create('podwide', pod('under', [c('a', { limits: { cpu: '1' } }), c('b', { limits: { cpu: '500m' } })]))).status, 201);
  });

  it('a compute quota admits pods whose requests came from LimitRange defaults', async () => {
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/quota/resourcequotas', { metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '1' } } })).status, 201);
    await eventually(async () => (await raw(api, 'GET', '/api/v1/namespaces/quota/resourcequotas/compute')).json.status?.used !== undefined, 5000, 'quota counted');
    const res = await create('quota', pod('defaulted', [c('app')]));
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.json.spec.containers[0].resources.requests, { cpu: '200m' });
  });

  it('PersistentVolumeClaim items bound a new claim\'s storage request', async () => {
    const claim = (name: string, storage: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } });
    const path = '/api/v1/namespaces/claims/persistentvolumeclaims';
    const small = await raw(api, 'POST', path, claim('small', '500Mi'));
    assert.equal(small.status, 403, small.text);
    assert.equal(small.json.message, 'persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi.');
    const big = await raw(api, 'POST', path, claim('big', '3Gi'));
    assert.equal(big.json.message, 'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi.');
    assert.equal((await raw(api, 'POST', path, claim('fits', '1536Mi'))).status, 201);
  });

  it('a claim update is judged again, a resize included; status writes are not', async () => {
    const path = '/api/v1/namespaces/claims/persistentvolumeclaims';
    const merge = (url: string, body: unknown) => raw(api, 'PATCH', url, body, { 'Content-Type': 'application/merge-patch+json' });
    const created = await raw(api, 'POST', path, { metadata: { name: 'grow' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    assert.equal(created.status, 201, created.text);
    // Only a bound claim may change its request; binding is a status write, which the plugin leaves alone.
    const bound = await merge(`${path}/grow/status`, { status: { phase: 'Bound', capacity: { storage: '1Gi' } } });
    assert.equal(bound.status, 200, bound.text);
    const tooBig = await merge(`${path}/grow`, { spec: { resources: { requests: { storage: '3Gi' } } } });
    assert.equal(tooBig.status, 403, tooBig.text);
    assert.equal(tooBig.json.reason, 'Forbidden');
    assert.equal(tooBig.json.message, 'persistentvolumeclaims "grow" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi.');
    const dry = await merge(`${path}/grow?dryRun=All`, { spec: { resources: { requests: { storage: '3Gi' } } } });
    assert.equal(dry.status, 403, 'dry runs are checked too');
    const fits = await merge(`${path}/grow`, { spec: { resources: { requests: { storage: '2Gi' } } } });
    assert.equal(fits.status, 200, fits.text);
    assert.equal(fits.json.spec.resources.requests.storage, '2Gi');
  });

  it('a LimitRange added later refuses any update of a claim outside it, but not of a pod', async () => {
    const claims = '/api/v1/namespaces/later/persistentvolumeclaims';
    const merge = (url: string, body: unknown) => raw(api, 'PATCH', url, body, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal((await raw(api, 'POST', claims, { metadata: { name: 'small' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Mi' } } } })).status, 201);
    assert.equal((await create('later', pod('big', [c('app', { requests: { cpu: '2' }, limits: { cpu: '2' } })]))).status, 201);
    const limits = await raw(api, 'POST', '/api/v1/namespaces/later/limitranges', {
      metadata: { name: 'limits' }, spec: { limits: [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }, { type: 'Container', max: { cpu: '1' } }] },
    });
    assert.equal(limits.status, 201, limits.text);
    // Kubernetes 1.32 checks the whole claim on update, so even a label change is refused.
    const labelled = await merge(`${claims}/small`, { metadata: { labels: { tier: 'cold' } } });
    assert.equal(labelled.status, 403, labelled.text);
    assert.equal(labelled.json.message, 'persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi.');
    assert.equal((await merge(`${claims}/small/status`, { status: { phase: 'Pending' } })).status, 200, 'status writes are not judged');
    // A pod's containers cannot change, so its updates are not judged.
    const podLabelled = await merge('/api/v1/namespaces/later/pods/big', { metadata: { labels: { tier: 'hot' } } });
    assert.equal(podLabelled.status, 200, podLabelled.text);
    assert.equal(podLabelled.json.spec.containers[0].resources.limits.cpu, '2');
  });
});
