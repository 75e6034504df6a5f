/**
 * Node ports belong to one service in the whole cluster: a port another service holds, a port
 * outside 30000-32767 and a port repeated for one protocol are refused as Kubernetes 1.32 refuses
 * them (422 Invalid with the field and the allocator's words; a requested health check port, 500),
 * through the HTTP API and kubectl. Writes in flight: service-node-port-race.test.ts.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

type Port = { name?: string; port: number; nodePort?: number; protocol?: string };

const service = (name: string, ports: Port[], type = 'NodePort') =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type, selector: { app: name }, ports } });

describe('node ports are checked like the Kubernetes allocator checks them', () => {
  let api: RunningApiServer;
  const create = (ns: string, body: object) => raw(api, 'POST', `/api/v1/namespaces/${ns}/services`, body);
  const nodePorts = (svc: { spec: { ports: Port[] } }) => svc.spec.ports.map((p) => p.nodePort);

  before(async () => {
    api = await startApiServer();
    for (const name of ['blue', 'green']) await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name } });
  });
  after(async () => { await api?.stop(); });

  it('a port held by a service in any namespace is refused until that service is gone', async () => {
    const first = await create('blue', service('web', [{ port: 80, nodePort: 30080 }]));
    assert.equal(first.status, 201, first.text);
    const taken = await create('green', service('web-dup', [{ port: 80, nodePort: 30080 }]));
    assert.equal(taken.status, 422, taken.text);
    assert.equal(taken.json.reason, 'Invalid');
    assert.equal(taken.json.message, 'Service "web-dup" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    assert.deepEqual(taken.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.ports[0].nodePort', message: 'Invalid value: 30080: provided port is already allocated' }]);
    const balancer = await create('green', service('lb-dup', [{ name: 'https', port: 443 }, { name: 'http', port: 80, nodePort: 30080 }], 'LoadBalancer'));
    assert.equal(balancer.status, 422, balancer.text);
    assert.equal(balancer.json.message, 'Service "lb-dup" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated');
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces/green/services/lb-dup')).status, 404);

    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/blue/services/web')).status, 200);
    const freed = await create('green', service('web-dup', [{ port: 80, nodePort: 30080 }]));
    assert.equal(freed.status, 201, freed.text);
    assert.deepEqual(nodePorts(freed.json), [30080]);
  });

  it('updates keep their own ports and cannot take another service\'s', async () => {
    const owner = await create('blue', service('owner', [{ port: 80, nodePort: 30100 }]));
    assert.equal(owner.status, 201, owner.text);
    const other = await create('blue', service('other', [{ port: 80 }]));
    assert.equal(other.status, 201, other.text);

    const relabelled = { ...owner.json, metadata: { ...owner.json.metadata, labels: { tier: 'front' } } };
    const kept = await raw(api, 'PUT', '/api/v1/namespaces/blue/services/owner', relabelled);
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(nodePorts(kept.json), [30100]);

    const grab = structuredClone(other.json);
    grab.spec.ports[0].nodePort = 30100;
    const refused = await raw(api, 'PUT', '/api/v1/namespaces/blue/services/other', grab);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.json.message, 'Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30100: provided port is already allocated');
    const unchanged = await raw(api, 'GET', '/api/v1/namespaces/blue/services/other');
    assert.deepEqual(nodePorts(unchanged.json), nodePorts(other.json));
  });

  it('ports outside the range and ports repeated for one protocol are refused; TCP and UDP may share one', async () => {
    const outside = await create('blue', service('outside', [{ port: 80, nodePort: 29999 }]));
    assert.equal(outside.status, 422, outside.text);
    assert.equal(outside.json.message, 'Service "outside" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767');

    const twice = await create('blue', service('twice', [{ name: 'http', port: 80, nodePort: 30200 }, { name: 'alt', port: 81, nodePort: 30200 }]));
    assert.equal(twice.status, 422, twice.text);
    assert.equal(twice.json.message, 'Service "twice" is invalid: spec.ports[1].nodePort: Duplicate value: 30200');

    const dns = await create('blue', service('dns', [{ name: 'dns-tcp', port: 53, nodePort: 30053 }, { name: 'dns-udp', port: 53, protocol: 'UDP', nodePort: 30053 }]));
    assert.equal(dns.status, 201, dns.text);
    assert.deepEqual(nodePorts(dns.json), [30053, 30053]);
  });

  it('a single-stack server refuses RequireDualStack and IPv6, except for selectorless headless services', async () => {
    const spec = (extra: object) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'fam' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...extra } });
    const dual = await create('green', spec({ ipFamilyPolicy: 'RequireDualStack' }));
    assert.equal(dual.status, 422, dual.text);
    assert.equal(dual.json.message, 'Service "fam" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
    const v6 = await create('green', spec({ ipFamilies: ['IPv6'] }));
    assert.equal(v6.json.message, 'Service "fam" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster');
    const prefer = await create('green', spec({ ipFamilyPolicy: 'PreferDualStack' }));
    assert.equal(prefer.status, 201, prefer.text);
    assert.deepEqual([prefer.json.spec.ipFamilies, prefer.json.spec.clusterIPs.length], [['IPv4'], 1]);
    const headless = await create('green', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'endpoints-by-hand' }, spec: { clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] } });
    assert.equal(headless.status, 201, headless.text);
    assert.deepEqual(headless.json.spec.ipFamilies, ['IPv4', 'IPv6']);
  });

  it('allocation leaves alone the ports the same service asks for', async () => {
    const probe = await create('green', service('probe', [{ port: 80 }]));
    assert.equal(probe.status, 201, probe.text);
    // The port after the one just allocated is the allocator's next candidate.
    const wanted = probe.json.spec.ports[0].nodePort + 1;
    const mixed = await create('green', service('mixed', [{ name: 'http', port: 80 }, { name: 'alt', port: 81, nodePort: wanted }]));
    assert.equal(mixed.status, 201, mixed.text);
    const [allocated, requested] = nodePorts(mixed.json);
    assert.equal(requested, wanted);
    assert.ok(allocated !== wanted && allocated! >= 30000 && allocated! <= 32767, String(allocated));
  });

  it('a requested health check port must be free and in range; Kubernetes answers 500 for it', async () => {
    const local = (name: string, healthCheckNodePort: number, ports: Port[] = [{ port: 80 }]) => {
      const balancer = service(name, ports, 'LoadBalancer');
      return { ...balancer, spec: { ...balancer.spec, externalTrafficPolicy: 'Local', healthCheckNodePort } };
    };
    const first = await create('blue', local('health', 30400));
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.spec.healthCheckNodePort, 30400);
    const taken = await create('green', local('health-dup', 30400));
    assert.equal(taken.status, 500, taken.text);
    assert.equal(taken.json.reason, 'InternalError');
    assert.equal(taken.json.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 30400: provided port is already allocated');
    assert.deepEqual(taken.json.details.causes, [{ message: 'failed to allocate requested HealthCheck NodePort 30400: provided port is already allocated' }]);
    // A node port of the same service counts as taken too: node ports are allocated first.
    const own = await create('green', local('health-own', 30401, [{ port: 80, nodePort: 30401 }]));
    assert.equal(own.json.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 30401: provided port is already allocated');
    const outside = await create('green', local('health-outside', 29000));
    assert.equal(outside.status, 500, outside.text);
    assert.equal(outside.json.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 29000: provided port is not in the valid range. The range of valid ports is 30000-32767');
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces/green/services/health-dup')).status, 404);
  });

  it('kubectl 1.32 shows the refusal of a taken port', { skip: !pinnedKubectl('1.32') && 'kubectl.1.32 is not installed' }, async () => {
    const kubectl = new Kubectl(pinnedKubectl('1.32')!, api.kubeconfigPath);
    await kubectl.ok(['create', 'service', 'nodeport', 'kube-web', '--tcp=80:8080', '--node-port=30300', '-n', 'blue']);
    const created = await kubectl.run(['create', 'service', 'nodeport', 'kube-web', '--tcp=80:8080', '--node-port=30300', '-n', 'green']);
    assert.notEqual(created.code, 0);
    assert.equal(created.stderr.trim(), 'error: failed to create NodePort service: Service "kube-web" is invalid: spec.ports[0].nodePort: Invalid value: 30300: provided port is already allocated');

    const file = join(kubectl.home, 'dup.yaml');
    writeFileSync(file, stringify({ ...service('kube-dup', [{ port: 80, nodePort: 30300 }]), metadata: { name: 'kube-dup', namespace: 'green' } }));
    const applied = await kubectl.run(['apply', '-f', file]);
    assert.notEqual(applied.code, 0);
    assert.match(applied.stderr, /The Service "kube-dup" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 30300: provided port is already allocated/);
  });

  it('when the range runs out, allocation fails as Kubernetes fails it, with a 500, and takes nothing', async () => {
    const span = 32767 - 30000 + 1;
    const all = await create('blue', service('all', Array.from({ length: span }, (_, i) => ({ name: `p${i}`, port: 1000 + i }))));
    assert.equal(all.status, 500, all.text.slice(0, 300));
    assert.equal(all.json.reason, 'InternalError');
    assert.equal(all.json.message, 'Internal error occurred: failed to allocate a nodePort: range is full');
    assert.deepEqual(all.json.details.causes, [{ message: 'failed to allocate a nodePort: range is full' }]);

    // Fill exactly what is free, then a health check port has nowhere to go either.
    const listed = await raw(api, 'GET', '/api/v1/services');
    const held = new Set<number>();
    for (const svc of listed.json.items) {
      for (const p of svc.spec.ports ?? []) if (p.nodePort) held.add(p.nodePort);
      if (svc.spec.healthCheckNodePort) held.add(svc.spec.healthCheckNodePort);
    }
    const rest = await create('blue', service('rest', Array.from({ length: span - held.size }, (_, i) => ({ name: `p${i}`, port: 1000 + i }))));
    assert.equal(rest.status, 201, rest.text.slice(0, 300));
    const balancer = service('no-room', [{ port: 80 }], 'LoadBalancer');
    const local = await create('blue', { ...balancer, spec: { ...balancer.spec, externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: false } });
    assert.equal(local.status, 500, local.text);
    assert.equal(local.json.message, 'Internal error occurred: failed to allocate a HealthCheck NodePort 0: range is full');

    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/blue/services/rest')).status, 200);
    const after = await create('blue', service('after-full', [{ port: 80 }]));
    assert.equal(after.status, 201, after.text);
  });
});
