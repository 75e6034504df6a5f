/**
 * Service cluster IPs as Kubernetes 1.32's allocator hands them out, over HTTP against a real
 * server: a requested IP another service holds is refused with the allocator's 422, so is one
 * outside the service range (10.96.0.0/12, without its network and broadcast addresses); automatic
 * allocation takes no held IP and stays above the addresses kept for requests; headless services
 * hold nothing; a deleted service's IP is free again; an update that gives a service its first
 * cluster IP is judged like a create. kubectl 1.32 prints the refusal as it would from a cluster.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw, type RawResponse } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'addresses';
const PATH = `/api/v1/namespaces/${NS}/services`;
const RANGE = '10.96.0.0/12';
const TAKEN = 'provided IP is already allocated';
const outOfRange = (ip: string) => `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${RANGE}`;

const service = (name: string, spec: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const ipNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const ipText = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');

/** Asserts the allocator's 422: one cause on spec.clusterIPs naming the IPs the service asked for. */
function assertRefused(res: RawResponse, name: string, ips: string[], detail: string): void {
  assert.equal(res.status, 422, res.text);
  assert.equal(res.json.reason, 'Invalid');
  const message = `Invalid value: []string{${ips.map((ip) => `"${ip}"`).join(', ')}}: failed to allocate IP ${ips[0]}: ${detail}`;
  assert.equal(res.json.message, `Service "${name}" is invalid: spec.clusterIPs: ${message}`);
  assert.deepEqual([res.json.details.name, res.json.details.kind], [name, 'Service']);
  assert.deepEqual(res.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message }]);
}

describe('explicit Service cluster IPs are handed out once, from the service range', () => {
  let api: RunningApiServer;
  const create = (body: object) => raw(api, 'POST', PATH, body);

  before(async () => {
    api = await startApiServer();
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } })).status, 201);
  });
  after(() => api?.stop());

  it('a requested IP another service holds is refused, however the second one asks for it', async () => {
    const first = await create(service('first', { clusterIP: '10.96.0.50' }));
    assert.equal(first.status, 201, first.text);
    assert.deepEqual([first.json.spec.clusterIP, first.json.spec.clusterIPs], ['10.96.0.50', ['10.96.0.50']]);
    assertRefused(await create(service('second', { clusterIP: '10.96.0.50' })), 'second', ['10.96.0.50'], TAKEN);
    assertRefused(await create(service('third', { clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] })), 'third', ['10.96.0.50'], TAKEN);
    // Kubernetes 1.32 reads leading zeros as decimal: the same address.
    assertRefused(await create(service('zeros', { clusterIP: '10.96.0.050' })), 'zeros', ['10.96.0.050'], TAKEN);
    // The refusal comes before the node ports are looked at, and takes none of them.
    assertRefused(await create(service('fourth', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ port: 80, nodePort: 30950 }] })), 'fourth', ['10.96.0.50'], TAKEN);
    const np = await create(service('fifth', { type: 'NodePort', ports: [{ port: 80, nodePort: 30950 }] }));
    assert.equal(np.status, 201, np.text);
    const list = await raw(api, 'GET', PATH);
    assert.deepEqual(list.json.items.filter((s: any) => s.spec.clusterIP === '10.96.0.50').map((s: any) => s.metadata.name), ['first']);
  });

  it('an automatic allocation takes no held IP and leaves the first addresses of the range to requests', async () => {
    const probe = await create(service('auto-a'));
    assert.equal(probe.status, 201, probe.text);
    const auto = ipNumber(probe.json.spec.clusterIP);
    assert.deepEqual(probe.json.spec.clusterIPs, [probe.json.spec.clusterIP]);
    // Kubernetes keeps min(max(16, size/16), 256) addresses after the network address for requests.
    assert.ok(auto > ipNumber('10.96.1.0') && auto < ipNumber('10.112.0.0'), probe.json.spec.clusterIP);
    const next = ipText(auto + 1);
    assert.equal((await create(service('asks-next', { clusterIP: next }))).status, 201);
    const after = await create(service('auto-b'));
    assert.equal(after.status, 201, after.text);
    assert.notEqual(after.json.spec.clusterIP, next);
    assert.notEqual(after.json.spec.clusterIP, probe.json.spec.clusterIP);
    assertRefused(await create(service('asks-auto', { clusterIP: after.json.spec.clusterIP })), 'asks-auto', [after.json.spec.clusterIP], TAKEN);
  });

  it('an IP outside the range, or its network or broadcast address, is refused; its last usable address is not', async () => {
    assertRefused(await create(service('far', { clusterIP: '1.1.1.1' })), 'far', ['1.1.1.1'], outOfRange('1.1.1.1'));
    assertRefused(await create(service('network', { clusterIP: '10.96.0.0' })), 'network', ['10.96.0.0'], outOfRange('10.96.0.0'));
    assertRefused(await create(service('broadcast', { clusterIP: '10.111.255.255' })), 'broadcast', ['10.111.255.255'], outOfRange('10.111.255.255'));
    const last = await create(service('last', { clusterIP: '10.111.255.254' }));
    assert.equal(last.status, 201, last.text);
  });

  it('an IPv6 address is refused as a family this cluster lacks', async () => {
    const res = await create(service('six', { clusterIP: 'fd00::10' }));
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster' }]);
  });

  it('headless services hold no IP, with or without a selector', async () => {
    for (const [name, selector] of [['headless-a', { app: 'a' }], ['headless-b', { app: 'a' }], ['headless-c', undefined], ['headless-d', undefined]] as const) {
      const res = await create(service(name, { clusterIP: 'None', selector }));
      assert.equal(res.status, 201, res.text);
      assert.deepEqual([res.json.spec.clusterIP, res.json.spec.clusterIPs], ['None', ['None']]);
    }
  });

  it('a deleted service gives its IP back', async () => {
    assert.equal((await create(service('short-lived', { clusterIP: '10.96.0.60' }))).status, 201);
    assertRefused(await create(service('waiting', { clusterIP: '10.96.0.60' })), 'waiting', ['10.96.0.60'], TAKEN);
    assert.equal((await raw(api, 'DELETE', `${PATH}/short-lived`)).status, 200);
    const res = await create(service('waiting', { clusterIP: '10.96.0.60' }));
    assert.equal(res.status, 201, res.text);
  });

  it('an update that gives an ExternalName service its first cluster IP is judged as a create; other updates keep theirs', async () => {
    assert.equal((await create(service('holder', { clusterIP: '10.96.0.70' }))).status, 201);
    const ext = await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    assert.equal(ext.status, 201, ext.text);
    const toClusterIP = (clusterIP: string) => ({ spec: { type: 'ClusterIP', externalName: null, clusterIP, selector: { app: 'ext' }, ports: [{ port: 80 }] } });
    const patch = (body: object) => raw(api, 'PATCH', `${PATH}/ext`, body, { 'Content-Type': 'application/merge-patch+json' });
    assertRefused(await patch(toClusterIP('10.96.0.70')), 'ext', ['10.96.0.70'], TAKEN);
    assertRefused(await patch(toClusterIP('192.168.0.1')), 'ext', ['192.168.0.1'], outOfRange('192.168.0.1'));
    const moved = await patch(toClusterIP('10.96.0.71'));
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(moved.json.spec.clusterIPs, ['10.96.0.71']);
    const relabelled = await raw(api, 'PATCH', `${PATH}/holder`, { metadata: { labels: { tier: 'db' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(relabelled.status, 200, relabelled.text);
    assert.equal(relabelled.json.spec.clusterIP, '10.96.0.70');
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 prints the refusal as it does from a cluster', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    await k.ok(['create', 'service', 'clusterip', 'dns', '-n', NS, '--clusterip=10.96.0.10', '--tcp=53:53']);
    const again = await k.run(['create', 'service', 'clusterip', 'dns-copy', '-n', NS, '--clusterip=10.96.0.10', '--tcp=53:53']);
    assert.notEqual(again.code, 0);
    assert.equal(again.stderr.trim(), 'error: failed to create ClusterIP service: Service "dns-copy" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    const far = await k.run(['create', 'service', 'clusterip', 'far-away', '-n', NS, '--clusterip=172.16.0.10', '--tcp=80:80']);
    assert.equal(far.stderr.trim(), `error: failed to create ClusterIP service: Service "far-away" is invalid: spec.clusterIPs: Invalid value: []string{"172.16.0.10"}: failed to allocate IP 172.16.0.10: ${outOfRange('172.16.0.10')}`);
  });
});
