/**
 * Decoding defaults where the details matter: Kubernetes replaces empty strings and zero numbers
 * as it would absent fields, turns a volume without a source into an emptyDir, gives host ports
 * to Pods (not templates) on the host network, and clears a Service's type-dependent fields when
 * its type changes. Everything goes through the real server over HTTPS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

const NS = 'decoding';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;
const MERGE = { 'Content-Type': 'application/merge-patch+json' };

describe('decoding defaults replace empty and zero values as Kubernetes does', () => {
  let api: RunningApiServer;
  const created = async (path: string, body: object) => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  const refused = async (res: Promise<{ status: number; text: string; json: any }>, message: string) => {
    const r = await res;
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.message, message);
  };

  before(async () => {
    api = await startApiServer();
    await created('/api/v1/namespaces', { metadata: { name: NS } });
  });
  after(async () => { await api?.stop(); });

  it('probes: explicit zero timings and empty HTTP paths or schemes take the defaults, in lifecycle hooks too', async () => {
    const pod = await created(PODS, {
      metadata: { name: 'zeros' },
      spec: {
        containers: [{
          name: 'c', image: 'nginx:1.27', terminationMessagePolicy: '', terminationMessagePath: '',
          ports: [{ containerPort: 80, protocol: '' }],
          livenessProbe: { httpGet: { port: 80, path: '', scheme: '' }, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, successThreshold: 2 },
          lifecycle: { preStop: { httpGet: { port: 80 } } },
        }],
      },
    });
    const c = pod.spec.containers[0];
    assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(c.readinessProbe, { tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 2, failureThreshold: 3 });
    assert.deepEqual(c.lifecycle.preStop.httpGet, { port: 80, path: '/', scheme: 'HTTP' });
    assert.deepEqual([c.terminationMessagePolicy, c.terminationMessagePath, c.ports[0].protocol], ['File', '/dev/termination-log', 'TCP']);

    // What defaulting cannot fill is still judged: a liveness probe needs exactly one success.
    await refused(raw(api, 'POST', PODS, { metadata: { name: 'twice' }, spec: { containers: [{ name: 'c', image: 'nginx', livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } }] } }),
      'Pod "twice" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
  });

  it('pull policy: a tag before a digest still decides; a digest alone is pulled when missing', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pod = await created(PODS, {
      metadata: { name: 'pulls' },
      spec: { containers: [{ name: 'a', image: `nginx:latest@${digest}` }, { name: 'b', image: `nginx@${digest}` }, { name: 'c', image: 'localhost:5000/nginx' }, { name: 'd', image: 'nginx:1.27' }] },
    });
    assert.deepEqual(pod.spec.containers.map((c: { imagePullPolicy: string }) => c.imagePullPolicy), ['Always', 'IfNotPresent', 'Always', 'IfNotPresent']);
  });

  it('volumes: a volume whose only source is null becomes an emptyDir', async () => {
    const pod = await created(PODS, {
      metadata: { name: 'volumes' },
      spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'a', secret: null }, { name: 'b', emptyDir: null }, { name: 'c' }, { name: 'd', configMap: { name: 'x' }, secret: null }] },
    });
    // The ServiceAccount admission plugin appends the API access volume after them.
    const access = pod.spec.volumes.at(-1);
    assert.match(access.name, /^kube-api-access-/);
    assert.deepEqual(pod.spec.volumes, [
      { name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }, { name: 'c', emptyDir: {} }, { name: 'd', configMap: { name: 'x', defaultMode: 420 } }, access,
    ]);
  });

  it('host network: Pods take host ports from container ports, templates do not', async () => {
    const ports = () => [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 0 }];
    const pod = await created(PODS, {
      metadata: { name: 'host' },
      spec: { hostNetwork: true, initContainers: [{ name: 'init', image: 'busybox', ports: [{ containerPort: 7070 }] }], containers: [{ name: 'c', image: 'nginx', ports: ports() }] },
    });
    assert.deepEqual(pod.spec.containers[0].ports.map((p: { hostPort: number }) => p.hostPort), [8080, 9090]);
    assert.equal(pod.spec.initContainers[0].ports[0].hostPort, 7070);

    const dep = await created(DEPLOYMENTS, {
      metadata: { name: 'host' },
      spec: { selector: { matchLabels: { app: 'h' } }, template: { metadata: { labels: { app: 'h' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'nginx', ports: ports() }] } } },
    });
    assert.deepEqual(dep.spec.template.spec.containers[0].ports, [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, hostPort: 0, protocol: 'TCP' }]);
  });

  it('Service defaults: affinity config only with ClientIP, external traffic policy wherever outside traffic arrives', async () => {
    const svc = await created(SERVICES, {
      metadata: { name: 'outside' }, spec: { externalIPs: ['192.0.2.10'], sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] },
    });
    assert.deepEqual([svc.spec.externalTrafficPolicy, svc.spec.sessionAffinityConfig], ['Cluster', undefined]);
    const sticky = await created(SERVICES, { metadata: { name: 'sticky' }, spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: {}, ports: [{ port: 80 }] } });
    assert.deepEqual(sticky.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  });

  it('a load balancer with a Local policy gets a health check port even without node ports; ports sharing a number share a node port', async () => {
    const lb = await created(SERVICES, { metadata: { name: 'direct' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: false, ports: [{ port: 443 }] } });
    assert.equal(lb.spec.ports[0].nodePort, undefined);
    assert.ok(lb.spec.healthCheckNodePort >= 30000 && lb.spec.healthCheckNodePort <= 32767, JSON.stringify(lb.spec));
    // The allocated port is kept when an update leaves it out.
    const { healthCheckNodePort, ...rest } = lb.spec;
    const put = await raw(api, 'PUT', `${SERVICES}/direct`, { ...lb, spec: rest });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.spec.healthCheckNodePort, healthCheckNodePort);

    const dns = await created(SERVICES, { metadata: { name: 'dns' }, spec: { type: 'NodePort', ports: [{ name: 'tcp', port: 53 }, { name: 'udp', port: 53, protocol: 'UDP' }] } });
    assert.equal(dns.spec.ports[0].nodePort, dns.spec.ports[1].nodePort);
  });

  it('leaving NodePort or LoadBalancer clears node ports, health check port, policies, class and load balancer status', async () => {
    const lb = await created(SERVICES, {
      metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerClass: 'example.com/lb', selector: { app: 'x' }, ports: [{ name: 'https', port: 443 }] },
    });
    const nodePort = lb.spec.ports[0].nodePort;
    const status = await raw(api, 'PUT', `${SERVICES}/lb/status`, { ...lb, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } });
    assert.equal(status.status, 200, status.text);

    // Local to Cluster: the health check port goes, the node ports stay.
    const cluster = await raw(api, 'PUT', `${SERVICES}/lb`, { ...status.json, spec: { ...status.json.spec, externalTrafficPolicy: 'Cluster' } });
    assert.equal(cluster.status, 200, cluster.text);
    assert.deepEqual([cluster.json.spec.healthCheckNodePort, cluster.json.spec.ports[0].nodePort], [undefined, nodePort]);

    const moved = await raw(api, 'PUT', `${SERVICES}/lb`, { ...cluster.json, spec: { ...cluster.json.spec, type: 'ClusterIP' } });
    assert.equal(moved.status, 200, moved.text);
    const spec = moved.json.spec;
    assert.deepEqual(
      [spec.ports[0].nodePort, spec.externalTrafficPolicy, spec.allocateLoadBalancerNodePorts, spec.loadBalancerClass, spec.internalTrafficPolicy],
      [undefined, undefined, undefined, undefined, 'Cluster'],
    );
    assert.deepEqual(moved.json.status, { loadBalancer: {} });
    // The node port is free again.
    const reuse = await created(SERVICES, { metadata: { name: 'reuse' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort }] } });
    assert.equal(reuse.spec.ports[0].nodePort, nodePort);

    // A node port the client adds while changing the type is its own: validation judges it.
    const np = await created(SERVICES, { metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    const changed = { ...np, spec: { ...np.spec, type: 'ClusterIP', ports: [{ ...np.spec.ports[0], nodePort: 31234 }] } };
    await refused(raw(api, 'PUT', `${SERVICES}/np`, changed), 'Service "np" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'');

    // Node ports are cleared only when the update keeps exactly the old set: dropping one of two keeps the other.
    const two = await created(SERVICES, { metadata: { name: 'two' }, spec: { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] } });
    const kept = { ...two, spec: { ...two.spec, type: 'ClusterIP', ports: [two.spec.ports[0]] } };
    await refused(raw(api, 'PUT', `${SERVICES}/two`, kept), 'Service "two" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'');
  });

  it('source ranges are not cleared by a change of type: a load balancer becomes a ClusterIP service only without them', async () => {
    const lb = await created(SERVICES, { metadata: { name: 'ranged' }, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], selector: { app: 'x' }, ports: [{ port: 80 }] } });
    await refused(raw(api, 'PUT', `${SERVICES}/ranged`, { ...lb, spec: { ...lb.spec, type: 'ClusterIP' } }),
      'Service "ranged" is invalid: spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is \'LoadBalancer\'');
    const { loadBalancerSourceRanges, ...rest } = lb.spec;
    assert.deepEqual(loadBalancerSourceRanges, ['10.0.0.0/8']);
    const moved = await raw(api, 'PUT', `${SERVICES}/ranged`, { ...lb, spec: { ...rest, type: 'ClusterIP' } });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual([moved.json.spec.loadBalancerSourceRanges, moved.json.spec.ports[0].nodePort, moved.json.spec.allocateLoadBalancerNodePorts], [undefined, undefined, undefined]);
  });

  it('a load balancer turning Local gets a health check port on update, so the required port is never missing', async () => {
    const lb = await created(SERVICES, { metadata: { name: 'turning' }, spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] } });
    assert.equal(lb.spec.healthCheckNodePort, undefined);
    const local = await raw(api, 'PUT', `${SERVICES}/turning`, { ...lb, spec: { ...lb.spec, externalTrafficPolicy: 'Local' } });
    assert.equal(local.status, 200, local.text);
    assert.ok(local.json.spec.healthCheckNodePort >= 30000 && local.json.spec.healthCheckNodePort <= 32767, JSON.stringify(local.json.spec));
    // From ClusterIP straight to a Local load balancer too.
    await created(SERVICES, { metadata: { name: 'grows' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    const grown = await raw(api, 'PATCH', `${SERVICES}/grows`, { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' } }, MERGE);
    assert.equal(grown.status, 200, grown.text);
    assert.ok(grown.json.spec.healthCheckNodePort > 0 && grown.json.spec.ports[0].nodePort > 0, JSON.stringify(grown.json.spec));
  });

  it('ExternalName: entering it drops the cluster addresses, leaving it allocates new ones, a clusterIP alone still counts', async () => {
    await created(SERVICES, { metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } });
    const external = await raw(api, 'PATCH', `${SERVICES}/db`, { spec: { type: 'ExternalName', externalName: 'db.example.com' } }, MERGE);
    assert.equal(external.status, 200, external.text);
    const spec = external.json.spec;
    assert.deepEqual([spec.clusterIP, spec.clusterIPs, spec.ipFamilies, spec.ipFamilyPolicy, spec.internalTrafficPolicy], [undefined, undefined, undefined, undefined, 'Cluster']);

    const back = await raw(api, 'PATCH', `${SERVICES}/db`, { spec: { type: 'ClusterIP', externalName: null } }, MERGE);
    assert.equal(back.status, 200, back.text);
    assert.match(back.json.spec.clusterIP, /^10\.96\./);
    assert.deepEqual([back.json.spec.clusterIPs, back.json.spec.ipFamilies, back.json.spec.ipFamilyPolicy], [[back.json.spec.clusterIP], ['IPv4'], 'SingleStack']);

    // An old client's clusterIP fills clusterIPs, which an ExternalName service may not have.
    await refused(raw(api, 'POST', SERVICES, { metadata: { name: 'alias' }, spec: { type: 'ExternalName', externalName: 'x.example.com', clusterIP: '10.96.200.1' } }),
      'Service "alias" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services');
    const alias = await created(SERVICES, { metadata: { name: 'alias' }, spec: { type: 'ExternalName', externalName: 'x.example.com', clusterIP: '' } });
    assert.deepEqual(alias.spec, { type: 'ExternalName', externalName: 'x.example.com', sessionAffinity: 'None' });
  });

  it('a load balancer ingress point with an IP reads as a VIP unless it says otherwise, on status writes too', async () => {
    const lb = await created(SERVICES, { metadata: { name: 'vip' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    const ingress = [{ ip: '192.0.2.1' }, { ip: '192.0.2.2', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }];
    const status = await raw(api, 'PUT', `${SERVICES}/vip/status`, { ...lb, status: { loadBalancer: { ingress } } });
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(status.json.status.loadBalancer.ingress, [{ ip: '192.0.2.1', ipMode: 'VIP' }, { ip: '192.0.2.2', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }]);
  });
});
