/**
 * Built-in kinds read back the way a Kubernetes 1.32 cluster returns them: the defaults applied
 * when objects are decoded (on create and on update), the fields the registry sets (job
 * selectors, service addresses and node ports), and the status a new object starts with, whatever
 * the client sent. Everything goes through the real server over HTTPS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

const NS = 'defaults';
const container = (name: string, image: string, extra: Record<string, unknown> = {}) => ({ name, image, ...extra });
const template = (labels: Record<string, string> | undefined, containers: object[], extra: Record<string, unknown> = {}) =>
  ({ metadata: labels ? { labels } : {}, spec: { containers, ...extra } });

/** The defaults of a pod spec with one container `c` pulled with `pull`. */
const podSpecDefaults = (pull: string, restartPolicy = 'Always') => ({
  dnsPolicy: 'ClusterFirst', restartPolicy, schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
  containers: [{ name: 'c', image: '', imagePullPolicy: pull, resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
});

describe('built-in kinds get Kubernetes defaults and a fresh status on create', () => {
  let api: RunningApiServer;
  const post = async (path: string, body: object, expect = 201) => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, expect, res.text);
    return res.json;
  };

  before(async () => {
    api = await startApiServer();
    await post('/api/v1/namespaces', { metadata: { name: NS } });
  });
  after(async () => { await api?.stop(); });

  it('Deployment: rolling update, history, deadline, pod template defaults; status reset', async () => {
    const dep = await post(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, [container('c', 'nginx:1.27', { ports: [{ containerPort: 80 }] })]) },
      status: { replicas: 7, readyReplicas: 7 },
    });
    assert.equal(dep.spec.replicas, 1);
    assert.deepEqual(dep.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(dep.spec.revisionHistoryLimit, 10);
    assert.equal(dep.spec.progressDeadlineSeconds, 600);
    const want = podSpecDefaults('IfNotPresent');
    assert.deepEqual(dep.spec.template.spec, { ...want, containers: [{ ...want.containers[0], image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] });
    assert.deepEqual(dep.status, {});
    assert.equal(dep.metadata.generation, 1);

    // An update that drops the defaulted fields gets them back and leaves the generation alone.
    const bare = structuredClone(dep);
    delete bare.spec.strategy;
    delete bare.spec.revisionHistoryLimit;
    delete bare.spec.template.spec.dnsPolicy;
    const put = await raw(api, 'PUT', `/apis/apps/v1/namespaces/${NS}/deployments/web`, bare);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.spec, dep.spec);
    assert.equal(put.json.metadata.generation, 1);

    // Recreate has no rolling parameters; explicit values are kept.
    const recreate = await post(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      metadata: { name: 'batch' },
      spec: { replicas: 0, revisionHistoryLimit: 2, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'b' } }, template: template({ app: 'b' }, [container('c', 'busybox')]) },
    });
    assert.deepEqual([recreate.spec.replicas, recreate.spec.revisionHistoryLimit, recreate.spec.strategy], [0, 2, { type: 'Recreate' }]);
    assert.equal(recreate.spec.template.spec.containers[0].imagePullPolicy, 'Always', 'an untagged image is pulled every time');

    // Status still changes through /status.
    const status = await raw(api, 'PUT', `/apis/apps/v1/namespaces/${NS}/deployments/web/status`, { ...put.json, status: { replicas: 1, observedGeneration: 1 } });
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(status.json.status, { replicas: 1, observedGeneration: 1 });
  });

  it('StatefulSet, DaemonSet and ReplicaSet: strategies, retention, history; counters start at zero', async () => {
    const sts = await post(`/apis/apps/v1/namespaces/${NS}/statefulsets`, {
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }, [container('c', 'postgres@sha256:' + 'a'.repeat(64))]),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.deepEqual([sts.spec.replicas, sts.spec.revisionHistoryLimit], [1, 10]);
    assert.equal(sts.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
    assert.equal(sts.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent', 'a digest pins the image');
    assert.deepEqual(sts.status, { replicas: 0, availableReplicas: 0 });

    const onDelete = await post(`/apis/apps/v1/namespaces/${NS}/statefulsets`, {
      metadata: { name: 'db2' },
      spec: { serviceName: 'db', updateStrategy: { type: 'OnDelete' }, selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }, [container('c', 'postgres')]) },
    });
    assert.deepEqual(onDelete.spec.updateStrategy, { type: 'OnDelete' });

    const ds = await post(`/apis/apps/v1/namespaces/${NS}/daemonsets`, {
      metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }, [container('c', 'agent:latest')], { hostNetwork: true }) },
    });
    assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(ds.spec.revisionHistoryLimit, 10);
    assert.equal(ds.spec.template.spec.containers[0].imagePullPolicy, 'Always', 'the latest tag is pulled every time');
    assert.deepEqual(ds.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });

    const rs = await post(`/apis/apps/v1/namespaces/${NS}/replicasets`, {
      metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'rs' } }, template: template({ app: 'rs' }, [container('c', 'busybox')]) }, status: { replicas: 3 },
    });
    assert.equal(rs.spec.replicas, 1);
    assert.deepEqual(rs.status, { replicas: 0 });
  });

  it('Job: single completion, back-off, modes, generated selector and pod labels', async () => {
    const job = await post(`/apis/batch/v1/namespaces/${NS}/jobs`, {
      metadata: { name: 'once' }, spec: { template: template({ team: 'a' }, [container('c', 'busybox:1.36')], { restartPolicy: 'Never' }) }, status: { succeeded: 1 },
    });
    const uid = job.metadata.uid;
    const { template: tpl, selector, ...rest } = job.spec;
    assert.deepEqual(rest, { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, podReplacementPolicy: 'TerminatingOrFailed' });
    assert.deepEqual(selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    const generated = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'once', 'controller-uid': uid, 'job-name': 'once' };
    assert.deepEqual(tpl.metadata.labels, { team: 'a', ...generated });
    // The Job had no labels: it takes its template's, including the generated ones.
    assert.deepEqual(job.metadata.labels, { team: 'a', ...generated });
    assert.equal(tpl.spec.restartPolicy, 'Never');
    assert.deepEqual(job.status, {});

    const labelled = await post(`/apis/batch/v1/namespaces/${NS}/jobs`, {
      metadata: { name: 'labelled', labels: { own: 'yes' } },
      spec: { parallelism: 3, backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 3, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: template(undefined, [container('c', 'busybox')], { restartPolicy: 'Never' }) },
    });
    assert.deepEqual(labelled.metadata.labels, { own: 'yes' });
    assert.deepEqual([labelled.spec.completions, labelled.spec.parallelism, labelled.spec.backoffLimit, labelled.spec.podReplacementPolicy], [3, 3, 2147483647, 'Failed']);
    assert.equal(labelled.spec.template.metadata.labels['batch.kubernetes.io/job-name'], 'labelled');

    const manual = await post(`/apis/batch/v1/namespaces/${NS}/jobs`, {
      metadata: { name: 'manual' },
      spec: { manualSelector: true, parallelism: 2, selector: { matchLabels: { pick: 'me' } }, template: template({ pick: 'me' }, [container('c', 'busybox')], { restartPolicy: 'Never' }) },
    });
    assert.deepEqual(manual.spec.selector, { matchLabels: { pick: 'me' } });
    assert.deepEqual(manual.spec.template.metadata.labels, { pick: 'me' });
    assert.equal(manual.spec.completions, undefined, 'only parallelism was set: completions stay unset');

    // Updates keep the generated selector and default again.
    const bare = structuredClone(job);
    delete bare.spec.suspend;
    const put = await raw(api, 'PUT', `/apis/batch/v1/namespaces/${NS}/jobs/once`, bare);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.spec, job.spec);
  });

  it('CronJob: concurrency, suspension and history; the job template keeps only pod defaults', async () => {
    const cj = await post(`/apis/batch/v1/namespaces/${NS}/cronjobs`, {
      metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: template(undefined, [container('c', 'busybox')], { restartPolicy: 'OnFailure' }) } } },
    });
    const { jobTemplate, ...rest } = cj.spec;
    assert.deepEqual(rest, { schedule: '0 3 * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    assert.deepEqual(Object.keys(jobTemplate.spec), ['template'], 'Job defaults belong to Jobs, not to templates of them');
    assert.equal(jobTemplate.spec.template.spec.schedulerName, 'default-scheduler');
    assert.deepEqual(cj.status, {});
  });

  it('Pod: requests from limits, service links, probes, volumes, env field refs, QoS class', async () => {
    const guaranteed = await post(`/api/v1/namespaces/${NS}/pods`, {
      metadata: { name: 'g' },
      spec: {
        containers: [container('c', 'busybox', {
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
          readinessProbe: { httpGet: { port: 8080 } },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        })],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch' }, { name: 'host', hostPath: { path: '/tmp' } }],
      },
      status: { phase: 'Running' },
    });
    const c = guaranteed.spec.containers[0];
    assert.deepEqual(c.resources, { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    assert.deepEqual(c.readinessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
    // The ServiceAccount admission plugin appends the API access volume after them.
    const access = guaranteed.spec.volumes.at(-1);
    assert.match(access.name, /^kube-api-access-/);
    assert.deepEqual(guaranteed.spec.volumes, [
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } }, { name: 'scratch', emptyDir: {} }, { name: 'host', hostPath: { path: '/tmp', type: '' } }, access,
    ]);
    assert.equal(guaranteed.spec.enableServiceLinks, true);
    assert.deepEqual(guaranteed.status, { phase: 'Pending', qosClass: 'Guaranteed' });

    const burstable = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'b' }, spec: { containers: [container('c', 'busybox', { resources: { requests: { memory: '64Mi' } } })] } });
    assert.equal(burstable.status.qosClass, 'Burstable');
    const bestEffort = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'e' }, spec: { containers: [container('c', 'busybox')] } });
    assert.equal(bestEffort.status.qosClass, 'BestEffort');
  });

  it('Pod admission: priority from the class, node tolerations, service account', async () => {
    const plain = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'plain' }, spec: { containers: [container('c', 'busybox')] } });
    assert.deepEqual([plain.spec.priority, plain.spec.preemptionPolicy, plain.spec.priorityClassName], [0, 'PreemptLowerPriority', undefined]);
    assert.deepEqual([plain.spec.serviceAccountName, plain.spec.serviceAccount], ['default', 'default']);
    assert.deepEqual(plain.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const everything = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'tolerant' }, spec: { tolerations: [{ operator: 'Exists' }], containers: [container('c', 'busybox')] } });
    assert.deepEqual(everything.spec.tolerations, [{ operator: 'Exists' }], 'a pod tolerating every taint gets nothing more');

    await post('/apis/scheduling.k8s.io/v1/priorityclasses', { metadata: { name: 'never-preempt' }, value: 50, preemptionPolicy: 'Never' });
    await post(`/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'robot' } });
    const classy = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'classy' }, spec: { priorityClassName: 'never-preempt', serviceAccountName: 'robot', containers: [container('c', 'busybox')] } });
    assert.deepEqual([classy.spec.priority, classy.spec.preemptionPolicy, classy.spec.serviceAccount], [50, 'Never', 'robot']);
    const missing = await raw(api, 'POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'lost' }, spec: { priorityClassName: 'nope', containers: [container('c', 'busybox')] } });
    assert.equal(missing.status, 403, missing.text);
    assert.match(missing.json.message, /no PriorityClass with name nope was found/);
    const critical = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'critical' }, spec: { priorityClassName: 'system-node-critical', containers: [container('c', 'busybox')] } });
    assert.equal(critical.spec.priority, 2000001000);

    await post('/apis/scheduling.k8s.io/v1/priorityclasses', { metadata: { name: 'everyone' }, value: 7, globalDefault: true });
    const second = await raw(api, 'POST', '/apis/scheduling.k8s.io/v1/priorityclasses', { metadata: { name: 'everyone-else' }, value: 8, globalDefault: true });
    assert.equal(second.status, 403, second.text);
    assert.match(second.json.message, /PriorityClass everyone is already marked as default/);
    const defaulted = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'defaulted' }, spec: { containers: [container('c', 'busybox')] } });
    assert.deepEqual([defaulted.spec.priorityClassName, defaulted.spec.priority], ['everyone', 7]);
    assert.equal((await raw(api, 'DELETE', '/apis/scheduling.k8s.io/v1/priorityclasses/everyone')).status, 200);

    // Templates mirror the deprecated serviceAccount field too, but get no admission.
    const dep = await post(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      metadata: { name: 'sa' }, spec: { selector: { matchLabels: { app: 'sa' } }, template: template({ app: 'sa' }, [container('c', 'busybox')], { serviceAccountName: 'robot' }) },
    });
    assert.equal(dep.spec.template.spec.serviceAccount, 'robot');
    assert.equal(dep.spec.template.spec.tolerations, undefined);
  });

  it('Service: traffic policies, node ports allocated once and kept, ports outside the range or taken refused', async () => {
    const np = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'np' }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] } });
    const ports = np.spec.ports.map((p: { nodePort: number }) => p.nodePort);
    assert.ok(ports.every((p: number) => p >= 30000 && p <= 32767) && ports[0] !== ports[1], JSON.stringify(ports));
    assert.deepEqual([np.spec.externalTrafficPolicy, np.spec.internalTrafficPolicy, np.spec.sessionAffinity], ['Cluster', 'Cluster', 'None']);
    assert.deepEqual(np.spec.ports.map((p: { targetPort: number; protocol: string }) => [p.targetPort, p.protocol]), [[80, 'TCP'], [53, 'UDP']]);
    assert.deepEqual(np.status, { loadBalancer: {} });

    const bare = structuredClone(np);
    for (const p of bare.spec.ports) delete p.nodePort;
    const put = await raw(api, 'PUT', `/api/v1/namespaces/${NS}/services/np`, bare);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.spec.ports.map((p: { nodePort: number }) => p.nodePort), ports);

    const outside = await raw(api, 'POST', `/api/v1/namespaces/${NS}/services`, { metadata: { name: 'outside' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] } });
    assert.equal(outside.status, 422, outside.text);
    assert.match(outside.json.message, /provided port is not in the valid range/);
    const taken = await raw(api, 'POST', `/api/v1/namespaces/${NS}/services`, { metadata: { name: 'taken' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: ports[1] }] } });
    assert.equal(taken.status, 422, taken.text);
    assert.equal(taken.json.message, `Service "taken" is invalid: spec.ports[0].nodePort: Invalid value: ${ports[1]}: provided port is already allocated`);
    const fixed = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'fixed' }, spec: { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30500 }, { name: 'alt', port: 81 }] } });
    assert.equal(fixed.spec.ports[0].nodePort, 30500);
    assert.ok(!ports.includes(fixed.spec.ports[1].nodePort) && fixed.spec.ports[1].nodePort !== 30500, 'allocation skips ports in use');

    const lb = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 443 }] } });
    assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
    assert.ok(lb.spec.ports[0].nodePort >= 30000 && lb.spec.healthCheckNodePort >= 30000 && lb.spec.healthCheckNodePort !== lb.spec.ports[0].nodePort);

    const ext = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    assert.deepEqual(ext.spec, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });

    const headless = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'headless' }, spec: { clusterIP: 'None', selector: { app: 'db' } } });
    assert.deepEqual([headless.spec.clusterIPs, headless.spec.ipFamilies, headless.spec.ipFamilyPolicy], [['None'], ['IPv4'], 'SingleStack']);
    const manual = await post(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'manual' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } });
    assert.deepEqual([manual.spec.clusterIPs, manual.spec.ipFamilies, manual.spec.ipFamilyPolicy], [['None'], ['IPv4', 'IPv6'], 'RequireDualStack']);
  });

  it('PVC, Ingress and PodDisruptionBudget start with the status Kubernetes gives them', async () => {
    const pvc = await post(`/api/v1/namespaces/${NS}/persistentvolumeclaims`, {
      metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Bound' },
    });
    assert.equal(pvc.spec.volumeMode, 'Filesystem');
    assert.deepEqual(pvc.status, { phase: 'Pending' });
    const ing = await post(`/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`, {
      metadata: { name: 'ing' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    });
    assert.deepEqual(ing.status, { loadBalancer: {} });
    const pdb = await post(`/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`, { metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }, status: { currentHealthy: 3 } });
    assert.deepEqual(pdb.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    const read = await raw(api, 'GET', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/pdb`);
    assert.deepEqual(read.json.status, pdb.status);
  });

  it('a dry run returns the defaulted object without storing it', async () => {
    const res = await raw(api, 'POST', `/apis/batch/v1/namespaces/${NS}/jobs?dryRun=All`, { metadata: { name: 'dry' }, spec: { template: template(undefined, [container('c', 'busybox')], { restartPolicy: 'Never' }) } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.spec.backoffLimit, 6);
    assert.equal(res.json.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], res.json.metadata.uid);
    assert.equal((await raw(api, 'GET', `/apis/batch/v1/namespaces/${NS}/jobs/dry`)).status, 404);
  });
});
