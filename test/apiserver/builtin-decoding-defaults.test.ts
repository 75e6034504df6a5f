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
    assert.deepEqual(pod.spec.volumes, [
      { name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }, { name: 'c', emptyDir: {} }, { name: 'd', configMap: { name: 'x', defaultMode: 420 } },
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
});
