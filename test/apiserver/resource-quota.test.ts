import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { podCompute } from '../../apiserver/objects/quota-pod-usage.ts';
import { listToJson } from '../../apiserver/objects/quota-resource-list.ts';

const WIDGETS_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

function pod(name: string, requests: Record<string, string>, limits: Record<string, string> = requests): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests, limits } }] } };
}

describe('ResourceQuota counts and refuses as on a cluster', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(() => api.stop());

  const namespace = async (name: string) => {
    const res = await raw(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    assert.equal(res.status, 201, res.text);
  };
  const quotaPath = (ns: string) => `/api/v1/namespaces/${ns}/resourcequotas`;
  /** Creates a quota and waits until the controller has counted it. */
  const quota = async (ns: string, name: string, hard: Record<string, string>, spec: Record<string, unknown> = {}) => {
    const res = await raw(api, 'POST', quotaPath(ns), { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard, ...spec } });
    assert.equal(res.status, 201, res.text);
    return statusWhen(ns, name, (s) => s.used !== undefined);
  };
  const statusWhen = (ns: string, name: string, ok: (s: { hard?: Record<string, string>; used?: Record<string, string> }) => boolean) =>
    eventually(async () => {
      const s = (await raw(api, 'GET', `${quotaPath(ns)}/${name}`)).json?.status ?? {};
      return ok(s) ? s : undefined;
    }, 5000, `status of quota ${ns}/${name}`);

  it('status.hard mirrors spec.hard and status.used follows creates and deletes', async () => {
    await namespace('rq-counts');
    const cm = '/api/v1/namespaces/rq-counts/configmaps';
    assert.equal((await raw(api, 'POST', cm, { metadata: { name: 'before' } })).status, 201);
    const s = await quota('rq-counts', 'objects', { configmaps: '5', 'count/configmaps': '5', secrets: '4', 'count/secrets': '4', resourcequotas: '1', 'requests.memory': '1024Mi' });
    assert.deepEqual(s.hard, { configmaps: '5', 'count/configmaps': '5', 'count/secrets': '4', 'requests.memory': '1Gi', resourcequotas: '1', secrets: '4' });
    // The namespace's kube-root-ca.crt counts beside ours.
    assert.deepEqual(s.used, { configmaps: '2', 'count/configmaps': '2', 'count/secrets': '0', 'requests.memory': '0', resourcequotas: '1', secrets: '0' });
    for (const name of ['a', 'b']) assert.equal((await raw(api, 'POST', cm, { metadata: { name } })).status, 201);
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/rq-counts/secrets', { metadata: { name: 's' } })).status, 201);
    const charged = (await raw(api, 'GET', `${quotaPath('rq-counts')}/objects`)).json.status.used;
    assert.equal(charged.configmaps, '4', 'creates are charged as they are admitted');
    assert.equal(charged['count/secrets'], '1');
    assert.equal((await raw(api, 'POST', cm, { metadata: { name: 'a' } })).status, 409);
    assert.equal((await raw(api, 'GET', `${quotaPath('rq-counts')}/objects`)).json.status.used.configmaps, '4', 'a create refused for its name is not charged');
    assert.equal((await raw(api, 'DELETE', `${cm}/a`)).status, 200);
    await statusWhen('rq-counts', 'objects', (st) => st.used?.configmaps === '3' && st.used?.['count/configmaps'] === '3');
    const second = await raw(api, 'POST', quotaPath('rq-counts'), { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'second' }, spec: { hard: { pods: '1' } } });
    assert.equal(second.status, 403, second.text);
    assert.equal(second.json.message, 'resourcequotas "second" is forbidden: exceeded quota: objects, requested: resourcequotas=1, used: resourcequotas=1, limited: resourcequotas=1');
    const patched = await raw(api, 'PATCH', `${quotaPath('rq-counts')}/objects`, [{ op: 'replace', path: '/spec/hard', value: { configmaps: '5', pods: '3' } }], { 'Content-Type': 'application/json-patch+json' });
    assert.equal(patched.status, 200, patched.text);
    const narrowed = await statusWhen('rq-counts', 'objects', (st) => st.hard?.pods === '3' && st.hard?.secrets === undefined);
    assert.deepEqual(narrowed.used, { configmaps: '3', pods: '0' });
  });

  it('counts custom resources as count/<plural>.<group> and refuses the one too many', async () => {
    const crd = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGETS_CRD);
    assert.equal(crd.status, 201, crd.text);
    await eventually(async () => (await raw(api, 'GET', '/apis/example.com/v1')).status === 200, 5000, 'widgets served');
    await namespace('rq-widgets');
    const widgets = '/apis/example.com/v1/namespaces/rq-widgets/widgets';
    assert.equal((await raw(api, 'POST', widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } })).status, 201);
    const s = await quota('rq-widgets', 'widgets', { 'count/widgets.example.com': '2' });
    assert.deepEqual(s.used, { 'count/widgets.example.com': '1' });
    assert.equal((await raw(api, 'POST', widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' } })).status, 201);
    const refused = await raw(api, 'POST', widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w3' } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json.reason, 'Forbidden');
    assert.equal(refused.json.message, 'widgets.example.com "w3" is forbidden: exceeded quota: widgets, requested: count/widgets.example.com=1, used: count/widgets.example.com=2, limited: count/widgets.example.com=2');
    assert.deepEqual(refused.json.details, { name: 'w3', group: 'example.com', kind: 'widgets' });
    assert.equal((await raw(api, 'GET', `${widgets}/w3`)).status, 404);
    assert.equal((await raw(api, 'DELETE', `${widgets}/w1`)).status, 200);
    await statusWhen('rq-widgets', 'widgets', (st) => st.used?.['count/widgets.example.com'] === '1');
    assert.equal((await raw(api, 'POST', widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w3' } })).status, 201);
  });

  it('sums pod requests and limits; finished pods stop counting except in count/pods', async () => {
    await namespace('rq-pods');
    const pods = '/api/v1/namespaces/rq-pods/pods';
    await quota('rq-pods', 'compute', { pods: '10', 'count/pods': '10', 'requests.cpu': '2', 'requests.memory': '4Gi', 'limits.cpu': '4', 'limits.memory': '8Gi', cpu: '2', memory: '4Gi' });
    assert.equal((await raw(api, 'POST', pods, pod('small', { cpu: '250m', memory: '512Mi' }, { cpu: '500m', memory: '1Gi' }))).status, 201);
    const withInit = pod('init', { cpu: '500m', memory: '1Gi' });
    (withInit.spec as Record<string, unknown>).initContainers = [{ name: 'setup', image: 'busybox', resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } } }];
    assert.equal((await raw(api, 'POST', pods, withInit)).status, 201);
    const s = await statusWhen('rq-pods', 'compute', (st) => st.used?.pods === '2');
    // The init container's peak (1 cpu) outweighs the app container (500m); memory sums the app containers.
    assert.deepEqual(s.used, { cpu: '1250m', 'count/pods': '2', 'limits.cpu': '1500m', 'limits.memory': '2Gi', memory: '1536Mi', pods: '2', 'requests.cpu': '1250m', 'requests.memory': '1536Mi' });
    const small = (await raw(api, 'GET', `${pods}/small`)).json;
    const done = await raw(api, 'PUT', `${pods}/small/status`, { ...small, status: { ...small.status, phase: 'Succeeded' } });
    assert.equal(done.status, 200, done.text);
    const after = await statusWhen('rq-pods', 'compute', (st) => st.used?.pods === '1');
    assert.deepEqual(after.used, { cpu: '1', 'count/pods': '2', 'limits.cpu': '1', 'limits.memory': '1Gi', memory: '1Gi', pods: '1', 'requests.cpu': '1', 'requests.memory': '1Gi' });
  });

  it('charges services for load balancers and node ports, and claims for storage by class', async () => {
    await namespace('rq-svc');
    await quota('rq-svc', 'net', { 'services.loadbalancers': '1', 'services.nodeports': '2', services: '5', persistentvolumeclaims: '3', 'requests.storage': '10Gi', 'fast.storageclass.storage.k8s.io/requests.storage': '2Gi' });
    const svc = (name: string, type: string, ports: number[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type, selector: { app: name }, ports: ports.map((port) => ({ name: `p${port}`, port })) } });
    const services = '/api/v1/namespaces/rq-svc/services';
    assert.equal((await raw(api, 'POST', services, svc('lb', 'LoadBalancer', [80]))).status, 201);
    assert.equal((await raw(api, 'POST', services, svc('internal', 'ClusterIP', [80, 443]))).status, 201);
    const np = await raw(api, 'POST', services, svc('np', 'NodePort', [80, 443]));
    assert.equal(np.status, 403, np.text);
    assert.equal(np.json.message, 'services "np" is forbidden: exceeded quota: net, requested: services.nodeports=2, used: services.nodeports=1, limited: services.nodeports=2');
    const claims = '/api/v1/namespaces/rq-svc/persistentvolumeclaims';
    const claim = (name: string, storage: string, storageClassName?: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...(storageClassName ? { storageClassName } : {}) } });
    assert.equal((await raw(api, 'POST', claims, claim('data', '1.5Gi'))).status, 201);
    assert.equal((await raw(api, 'POST', claims, claim('cache', '1Gi', 'fast'))).status, 201);
    const tooFast = await raw(api, 'POST', claims, claim('more', '1100Mi', 'fast'));
    assert.equal(tooFast.status, 403, tooFast.text);
    assert.equal(tooFast.json.message, 'persistentvolumeclaims "more" is forbidden: exceeded quota: net, requested: fast.storageclass.storage.k8s.io/requests.storage=1100Mi, used: fast.storageclass.storage.k8s.io/requests.storage=1Gi, limited: fast.storageclass.storage.k8s.io/requests.storage=2Gi');
    assert.equal((await raw(api, 'DELETE', `${services}/lb`)).status, 200);
    const s = await statusWhen('rq-svc', 'net', (st) => st.used?.['services.loadbalancers'] === '0');
    assert.deepEqual(s.used, { 'fast.storageclass.storage.k8s.io/requests.storage': '1Gi', persistentvolumeclaims: '2', 'requests.storage': '2560Mi', services: '1', 'services.loadbalancers': '0', 'services.nodeports': '0' });
  });

  it('charges what a Service update adds: a type change to NodePort is refused over the quota', async () => {
    await namespace('rq-upd');
    await quota('rq-upd', 'ports', { 'services.nodeports': '1' });
    const path = '/api/v1/namespaces/rq-upd/services';
    const created = await raw(api, 'POST', path, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] } });
    assert.equal(created.status, 201, created.text);
    const toNodePort = await raw(api, 'PATCH', `${path}/web`, { spec: { type: 'NodePort' } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(toNodePort.status, 403, toNodePort.text);
    assert.equal(toNodePort.json.message, 'services "web" is forbidden: exceeded quota: ports, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1');
    // An update that adds nothing chargeable passes; one port as NodePort fits.
    const relabel = await raw(api, 'PATCH', `${path}/web`, { metadata: { labels: { tier: 'fe' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(relabel.status, 200, relabel.text);
    const onePort = await raw(api, 'PATCH', `${path}/web`, { spec: { type: 'NodePort', ports: [{ name: 'a', port: 80 }] } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(onePort.status, 200, onePort.text);
    const s = await statusWhen('rq-upd', 'ports', (st) => st.used?.['services.nodeports'] === '1');
    assert.deepEqual(s.used, { 'services.nodeports': '1' });
  });

  it('refuses a create over the limit with the Kubernetes message; dry runs are checked but not charged', async () => {
    await namespace('rq-limit');
    const pods = '/api/v1/namespaces/rq-limit/pods';
    await quota('rq-limit', 'small', { pods: '2', 'requests.cpu': '1' });
    assert.equal((await raw(api, 'POST', pods, pod('p1', { cpu: '600m' }))).status, 201);
    const overCpu = await raw(api, 'POST', pods, pod('p2', { cpu: '500m' }));
    assert.equal(overCpu.status, 403, overCpu.text);
    assert.equal(overCpu.json.message, 'pods "p2" is forbidden: exceeded quota: small, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1');
    const dry = await raw(api, 'POST', `${pods}?dryRun=All`, pod('p2', { cpu: '400m' }));
    assert.equal(dry.status, 201, dry.text);
    assert.deepEqual((await raw(api, 'GET', `${quotaPath('rq-limit')}/small`)).json.status.used, { pods: '1', 'requests.cpu': '600m' }, 'a dry run is not charged');
    const dryOver = await raw(api, 'POST', `${pods}?dryRun=All`, pod('p2', { cpu: '500m' }));
    assert.equal(dryOver.status, 403, 'a dry run over the limit is refused');
    const unstated = await raw(api, 'POST', pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'b', image: 'busybox' }, { name: 'a', image: 'busybox' }] } });
    assert.equal(unstated.status, 403, unstated.text);
    assert.equal(unstated.json.message, 'pods "bare" is forbidden: failed quota: small: must specify requests.cpu for: a,b');
    assert.equal((await raw(api, 'POST', pods, pod('p2', { cpu: '400m' }))).status, 201);
    const overPods = await raw(api, 'POST', pods, pod('p3', { cpu: '0' }));
    assert.equal(overPods.status, 403, overPods.text);
    assert.equal(overPods.json.message, 'pods "p3" is forbidden: exceeded quota: small, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('concurrent creates cannot share the last unit of a quota', async () => {
    await namespace('rq-burst');
    // One unit goes to the namespace's kube-root-ca.crt.
    await quota('rq-burst', 'burst', { 'count/configmaps': '4' });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => raw(api, 'POST', '/api/v1/namespaces/rq-burst/configmaps', { metadata: { name: `c${i}` } })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 201, 403, 403, 403, 403, 403]);
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces/rq-burst/configmaps')).json.items.length, 4);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 describe quota shows Used and Hard', { skip: kubectl ? false : 'kubectl.1.32 is not installed' }, async () => {
    await namespace('rq-describe');
    await quota('rq-describe', 'team', { pods: '4', 'requests.memory': '2Gi' });
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/rq-describe/pods', pod('web', { memory: '512Mi' }))).status, 201);
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    const out = await k.ok(['describe', 'quota', 'team', '-n', 'rq-describe']);
    const lines = out.split('\n').map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(lines.find((l) => l[0] === 'Resource'), ['Resource', 'Used', 'Hard']);
    assert.deepEqual(lines.find((l) => l[0] === 'pods'), ['pods', '1', '4']);
    assert.deepEqual(lines.find((l) => l[0] === 'requests.memory'), ['requests.memory', '512Mi', '2Gi']);
    const refused = await k.run(['run', 'extra', '-n', 'rq-describe', '--image=busybox', '--overrides', JSON.stringify({ spec: { containers: [{ name: 'extra', image: 'busybox', resources: { requests: { memory: '2Gi' } } }] } })]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Error from server \(Forbidden\): pods "extra" is forbidden: exceeded quota: team, requested: requests\.memory=2Gi, used: requests\.memory=512Mi, limited: requests\.memory=2Gi/);
  });
});

describe('pod sizing for quota', () => {
  it('sidecars run beside the app and later init containers; overhead adds to requests and to set limits only', () => {
    const sized = podCompute({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: {
        overhead: { cpu: '100m', memory: '64Mi' },
        containers: [{ name: 'app', resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1' } } }],
        initContainers: [
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '200m', memory: '128Mi' } } },
          { name: 'migrate', resources: { requests: { cpu: '1', memory: '64Mi' } } },
        ],
      },
    });
    // app + proxy = 700m / 384Mi; migrate runs beside proxy: 1200m / 192Mi; the larger of each, plus overhead.
    assert.deepEqual(listToJson(sized.requests), { cpu: '1300m', memory: '448Mi' });
    assert.deepEqual(listToJson(sized.limits), { cpu: '1100m' });
  });
});
