/**
 * Every kind kubectl 1.32's `create` generators make (and LimitRange beside ResourceQuota) is
 * served: discovery with its Kubernetes names, verbs and subresources, OpenAPI v3 and v2 schemas,
 * tables, and the PriorityClass rules the API enforces.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const binary = pinnedKubectl('1.32');

interface DiscoveredResource { name: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[]; categories?: string[] }

/** The discovery entries of group version `path` (`/api/v1`, `/apis/g/v`), by resource name. */
async function discovered(api: RunningApiServer, path: string): Promise<Map<string, DiscoveredResource>> {
  const res = await raw(api, 'GET', path);
  assert.equal(res.status, 200, res.text);
  return new Map((res.json.resources as DiscoveredResource[]).map((r) => [r.name, r]));
}

const STANDARD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('kinds kubectl create makes are served', () => {
  let api: RunningApiServer;
  before(async () => { api = await startApiServer(); });
  after(async () => { await api?.stop(); });

  it('discovery lists them with Kubernetes names, scope, verbs and status subresources', async () => {
    const core = await discovered(api, '/api/v1');
    const quota = core.get('resourcequotas');
    assert.deepEqual({ ...quota, verbs: [...quota!.verbs].sort() }, { ...quota, kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'], verbs: STANDARD });
    assert.deepEqual(core.get('resourcequotas/status')?.verbs.sort(), ['get', 'patch', 'update']);
    const limits = core.get('limitranges');
    assert.equal(limits?.kind, 'LimitRange');
    assert.deepEqual(limits?.shortNames, ['limits']);
    assert.equal(limits?.namespaced, true);
    assert.equal(core.has('limitranges/status'), false);
    const scheduling = await discovered(api, '/apis/scheduling.k8s.io/v1');
    const pc = scheduling.get('priorityclasses');
    assert.equal(pc?.kind, 'PriorityClass');
    assert.equal(pc?.namespaced, false);
    assert.deepEqual(pc?.shortNames, ['pc']);
    assert.deepEqual([...pc!.verbs].sort(), STANDARD);
    const policy = await discovered(api, '/apis/policy/v1');
    assert.deepEqual(policy.get('poddisruptionbudgets')?.shortNames, ['pdb']);
    assert.ok(policy.has('poddisruptionbudgets/status'));
    const groups = (await raw(api, 'GET', '/apis')).json.groups as { name: string; preferredVersion: { version: string } }[];
    assert.equal(groups.find((g) => g.name === 'scheduling.k8s.io')?.preferredVersion.version, 'v1');
  });

  it('OpenAPI v3 and v2 describe them', async () => {
    const index = (await raw(api, 'GET', '/openapi/v3')).json.paths as Record<string, { serverRelativeURL: string }>;
    assert.ok(index['apis/scheduling.k8s.io/v1'], Object.keys(index).join(' '));
    const scheduling = (await raw(api, 'GET', index['apis/scheduling.k8s.io/v1']!.serverRelativeURL)).json;
    const pcSchema = scheduling.components.schemas['io.k8s.api.scheduling.v1.PriorityClass'];
    assert.deepEqual(pcSchema['x-kubernetes-group-version-kind'], [{ group: 'scheduling.k8s.io', kind: 'PriorityClass', version: 'v1' }]);
    assert.ok(pcSchema.properties.preemptionPolicy && pcSchema.properties.value);
    assert.ok(scheduling.paths['/apis/scheduling.k8s.io/v1/priorityclasses/{name}']);
    const core = (await raw(api, 'GET', index['api/v1']!.serverRelativeURL)).json;
    for (const kind of ['ResourceQuota', 'LimitRange']) assert.ok(core.components.schemas[`io.k8s.api.core.v1.${kind}`], kind);
    assert.ok(core.paths['/api/v1/namespaces/{namespace}/resourcequotas/{name}/status']);
    assert.ok(core.paths['/api/v1/namespaces/{namespace}/limitranges']);
    const v2 = (await raw(api, 'GET', '/openapi/v2')).json;
    for (const def of ['io.k8s.api.scheduling.v1.PriorityClass', 'io.k8s.api.core.v1.ResourceQuota', 'io.k8s.api.core.v1.LimitRange']) assert.ok(v2.definitions[def], def);
    assert.ok(v2.paths['/apis/scheduling.k8s.io/v1/priorityclasses']);
  });

  it('PriorityClass: preemption policy defaulted, system range and names reserved, value and policy immutable', async () => {
    const path = '/apis/scheduling.k8s.io/v1/priorityclasses';
    const created = await raw(api, 'POST', path, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch-low' }, value: 100 });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.preemptionPolicy, 'PreemptLowerPriority');
    assert.equal(created.json.metadata.generation, undefined);
    const tooHigh = await raw(api, 'POST', path, { metadata: { name: 'too-high' }, value: 1_000_000_001 });
    assert.equal(tooHigh.status, 422);
    assert.match(tooHigh.json.message, /maximum allowed value of a user defined priority is 1000000000/);
    const reserved = await raw(api, 'POST', path, { metadata: { name: 'system-mine' }, value: 1 });
    assert.equal(reserved.status, 422);
    assert.equal(reserved.json.details.causes[0].field, 'metadata.name');
    const badPolicy = await raw(api, 'POST', path, { metadata: { name: 'bad-policy' }, value: 1, preemptionPolicy: 'Sometimes' });
    assert.equal(badPolicy.status, 422);
    const changed = await raw(api, 'PUT', `${path}/batch-low`, { ...created.json, value: 101 });
    assert.equal(changed.status, 422);
    assert.deepEqual(changed.json.details.causes.map((c: { field: string }) => c.field), ['value']);
    const described = await raw(api, 'PUT', `${path}/batch-low`, { ...created.json, description: 'batch work' });
    assert.equal(described.status, 200, described.text);
    assert.equal(described.json.preemptionPolicy, 'PreemptLowerPriority');
  });

  it('ResourceQuota and LimitRange round-trip with their defaults', async () => {
    await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'quotas' } });
    const quota = await raw(api, 'POST', '/api/v1/namespaces/quotas/resourcequotas', { metadata: { name: 'q' }, spec: { hard: { pods: '2' } }, status: { hard: { pods: '9' } } });
    assert.equal(quota.status, 201, quota.text);
    assert.deepEqual(quota.json.status, {});
    // The quota controller fills the status right after the create, as on a cluster.
    const counted = await eventually(async () => {
      const q = (await raw(api, 'GET', '/api/v1/namespaces/quotas/resourcequotas/q')).json;
      return q?.status?.used ? q : undefined;
    }, 5000, 'quota status');
    assert.deepEqual(counted.status, { hard: { pods: '2' }, used: { pods: '0' } });
    const statusWrite = await raw(api, 'PUT', '/api/v1/namespaces/quotas/resourcequotas/q/status', { ...counted, status: { hard: { pods: '2' }, used: { pods: '1' } } });
    assert.equal(statusWrite.status, 200, statusWrite.text);
    assert.deepEqual(statusWrite.json.status, { hard: { pods: '2' }, used: { pods: '1' } });
    const mainWrite = await raw(api, 'PUT', '/api/v1/namespaces/quotas/resourcequotas/q', { ...statusWrite.json, status: {} });
    assert.deepEqual(mainWrite.json.status, { hard: { pods: '2' }, used: { pods: '1' } }, 'status changes only through /status');
    const limits = await raw(api, 'POST', '/api/v1/namespaces/quotas/limitranges', {
      metadata: { name: 'l' },
      spec: { limits: [{ type: 'Container', max: { cpu: '2', memory: '1Gi' }, default: { memory: '512Mi' }, min: { cpu: '100m' } }, { type: 'Pod', max: { cpu: '4' } }] },
    });
    assert.equal(limits.status, 201, limits.text);
    assert.deepEqual(limits.json.spec.limits, [
      { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m' }, default: { cpu: '2', memory: '512Mi' }, defaultRequest: { cpu: '2', memory: '512Mi' } },
      { type: 'Pod', max: { cpu: '4' } },
    ]);
  });
});

describe('kubectl 1.32 creates, lists, describes and explains them', { skip: binary ? false : 'kubectl.1.32 is not installed' }, () => {
  let api: RunningApiServer;
  let k: Kubectl;
  before(async () => {
    api = await startApiServer();
    k = new Kubectl(binary!, api.kubeconfigPath);
  });
  after(async () => { await api?.stop(); });

  it('create priorityclass, quota and poddisruptionbudget, then get them by short name', async () => {
    await k.ok(['create', 'priorityclass', 'urgent', '--value=1000', '--description=urgent work', '--preemption-policy=Never']);
    await k.ok(['create', 'quota', 'compute', '--hard=cpu=1,limits.memory=1Gi,pods=3']);
    await k.ok(['create', 'pdb', 'web', '--selector=app=web', '--max-unavailable=1']);
    const pc = JSON.parse(await k.ok(['get', 'pc', 'urgent', '-o', 'json']));
    assert.deepEqual([pc.value, pc.preemptionPolicy, pc.description], [1000, 'Never', 'urgent work']);
    const table = await k.ok(['get', 'pc', 'urgent']);
    assert.match(table, /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n/);
    assert.match(table, /\nurgent\s+1000\s+false\s+\d+s\s+Never\n/);
    const quotas = (await eventually(async () => { const t = await k.ok(['get', 'quota']); return /pods: 0\/3/.test(t) ? t : undefined; }, 10_000, 'quota usage'))!;
    assert.match(quotas, /^NAME\s+REQUEST\s+LIMIT\s+AGE\n/);
    assert.match(quotas, /\ncompute\s+cpu: 0\/1, pods: 0\/3\s+limits\.memory: 0\/1Gi\s+\d+s\n/);
    const pdb = await k.ok(['get', 'pdb', 'web']);
    assert.match(pdb, /\nweb\s+N\/A\s+1\s+0\s+\d+s\n/);
    const limits = await k.run(['get', 'limits']);
    assert.equal(limits.code, 0, limits.stderr);
    assert.match(limits.stderr, /No resources found in default namespace/);
  });

  it('describe shows the defaults and generated fields a cluster would', async () => {
    await k.ok(['create', 'deployment', 'web', '--image=nginx:1.27']);
    const deployment = await k.ok(['describe', 'deployment', 'web']);
    assert.match(deployment, /StrategyType:\s+RollingUpdate\n/);
    assert.match(deployment, /RollingUpdateStrategy:\s+25% max unavailable, 25% max surge\n/);
    await k.ok(['create', 'job', 'once', '--image=busybox', '--', 'true']);
    const job = await k.ok(['describe', 'job', 'once']);
    assert.match(job, /Selector:\s+batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}\n/);
    assert.match(job, /Parallelism:\s+1\n\s*Completions:\s+1\n\s*Completion Mode:\s+NonIndexed\n\s*Suspend:\s+false\n\s*Backoff Limit:\s+6\n/);
    await k.ok(['create', 'service', 'nodeport', 'edge', '--tcp=80:8080']);
    const service = await k.ok(['describe', 'service', 'edge']);
    assert.match(service, /NodePort:\s+80-8080\s+3\d{4}\/TCP\n/);
    assert.match(service, /External Traffic Policy:\s+Cluster\n/);
  });

  it('explain reads the new kinds from OpenAPI', async () => {
    const pc = await k.ok(['explain', 'priorityclass.preemptionPolicy']);
    assert.match(pc, /GROUP:\s+scheduling\.k8s\.io/);
    assert.match(pc, /FIELD: preemptionPolicy <string>/);
    const quota = await k.ok(['explain', 'resourcequota.spec.scopeSelector']);
    assert.match(quota, /KIND:\s+ResourceQuota/);
    const limits = await k.ok(['explain', 'limits.spec.limits.defaultRequest']);
    assert.match(limits, /KIND:\s+LimitRange/);
  });
});
