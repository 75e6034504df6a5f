/**
 * Service allocations in a dry run, as Kubernetes' dry-run allocators make them: nothing is taken,
 * a requested cluster IP is checked against the range only, a requested node port against the ports
 * in use only, and automatic values are placeholders (the range's network address; node ports
 * counting up from 32769, or from the highest port the service asks for).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'dry';
const PATH = `/api/v1/namespaces/${NS}/services`;
const DRY = '?dryRun=All';

type Port = { name?: string; port: number; nodePort?: number; protocol?: string };
const service = (name: string, spec: Record<string, unknown>) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const nodePorts = (ports: Port[]) => ports.map((p) => p.nodePort);

describe('Service allocations in a dry run', () => {
  let api: RunningApiServer;
  const create = (body: object, query = '') => raw(api, 'POST', `${PATH}${query}`, body);

  before(async () => {
    api = await startApiServer();
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } })).status, 201);
    const holder = await create(service('holder', { type: 'NodePort', clusterIP: '10.96.0.90', ports: [{ port: 80, nodePort: 30090 }] }));
    assert.equal(holder.status, 201, holder.text);
  });
  after(async () => { await api?.stop(); });

  it('automatic values are placeholders, and nothing is stored or taken', async () => {
    const dry = await create(service('auto', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }), DRY);
    assert.equal(dry.status, 201, dry.text);
    assert.equal(dry.json.spec.clusterIP, '10.96.0.0');
    assert.deepEqual(dry.json.spec.clusterIPs, ['10.96.0.0']);
    assert.deepEqual(nodePorts(dry.json.spec.ports), [32769, 32770]);
    assert.equal((await raw(api, 'GET', `${PATH}/auto`)).status, 404);
    const real = await create(service('auto', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    assert.equal(real.status, 201, real.text);
    assert.notEqual(real.json.spec.clusterIP, '10.96.0.0');
    for (const port of nodePorts(real.json.spec.ports)) assert.ok(port! >= 30000 && port! <= 32767, `node port ${port} from the range`);
  });

  it('placeholder node ports count up from the highest one the service asks for, the health check port last', async () => {
    const dry = await create(service('mixed', {
      type: 'LoadBalancer', externalTrafficPolicy: 'Local',
      ports: [{ name: 'a', port: 80, nodePort: 30100 }, { name: 'b', port: 81 }],
    }), DRY);
    assert.equal(dry.status, 201, dry.text);
    assert.deepEqual(nodePorts(dry.json.spec.ports), [30100, 30101]);
    assert.equal(dry.json.spec.healthCheckNodePort, 30102);
  });

  it('a requested cluster IP is checked against the range only', async () => {
    const taken = await create(service('ip-taken', { clusterIP: '10.96.0.90' }), DRY);
    assert.equal(taken.status, 201, taken.text);
    assert.deepEqual(taken.json.spec.clusterIPs, ['10.96.0.90']);
    const far = await create(service('ip-far', { clusterIP: '172.16.0.9' }), DRY);
    assert.equal(far.status, 422, far.text);
    assert.equal(far.json.details.causes[0].field, 'spec.clusterIPs');
    assert.match(far.json.details.causes[0].message, /failed to allocate IP 172\.16\.0\.9: the provided IP \(172\.16\.0\.9\) is not in the valid range/);
    // Without dry run the same IP is refused as taken.
    assert.equal((await create(service('ip-taken', { clusterIP: '10.96.0.90' }))).status, 422);
  });

  it('a requested node port is checked against the ports in use only', async () => {
    const taken = await create(service('port-taken', { type: 'NodePort', ports: [{ port: 80, nodePort: 30090 }] }), DRY);
    assert.equal(taken.status, 422, taken.text);
    assert.equal(taken.json.message, 'Service "port-taken" is invalid: spec.ports[0].nodePort: Invalid value: 30090: provided port is already allocated');
    const outside = await create(service('port-outside', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] }), DRY);
    assert.equal(outside.status, 201, outside.text);
    assert.deepEqual(nodePorts(outside.json.spec.ports), [40000]);
    assert.equal((await create(service('port-outside', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] }))).status, 422);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 create --dry-run=server shows the placeholders', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    const out = await k.ok(['create', 'service', 'nodeport', 'preview', '-n', NS, '--tcp=8080:80', '--dry-run=server', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}']);
    assert.equal(out, '10.96.0.0 32769');
    assert.equal((await raw(api, 'GET', `${PATH}/preview`)).status, 404);
  });
});
