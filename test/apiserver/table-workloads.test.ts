import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { checkTableCase, FRESH, startTableServer, TABLE, type TableCase } from './table-cases.ts';

const NS = 'workloads';

/** An RFC3339 time `seconds` before now. */
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');


const meta = (name: string) => ({ name, namespace: NS });
const labels = { app: 'web' };
const template = (...containers: [string, string][]) => ({ metadata: { labels }, spec: { containers: containers.map(([name, image]) => ({ name, image })) } });
const WORKLOAD_WIDE = ['Age', '+Containers', '+Images', '+Selector'];
const DAEMON_TYPES = { Desired: 'integer', Current: 'integer', Ready: 'integer', 'Up-to-date': 'integer', Available: 'integer' };

const CASES: TableCase[] = [
  {
    title: 'Deployment', path: `/apis/apps/v1/namespaces/${NS}/deployments`,
    body: { metadata: meta('web'), spec: { replicas: 3, selector: { matchLabels: labels, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }] }, template: template(['web', 'nginx:1.27'], ['proxy', 'envoy:1.30']) } },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    columns: ['Name', 'Ready', 'Up-to-date', 'Available', ...WORKLOAD_WIDE], cells: ['web', '2/3', 3, 2, FRESH, 'web,proxy', 'nginx:1.27,envoy:1.30', 'app=web,tier notin (cache,db)'],
  },
  {
    title: 'StatefulSet READY is readyReplicas/replicas', path: `/apis/apps/v1/namespaces/${NS}/statefulsets`,
    body: { metadata: meta('db'), spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: labels }, template: template(['pg', 'postgres:17']) } },
    status: { replicas: 3, readyReplicas: 2 }, columns: ['Name', 'Ready', 'Age', '+Containers', '+Images'], cells: ['db', '2/3', FRESH, 'pg', 'postgres:17'],
  },
  {
    title: 'StatefulSet with no status yet', path: `/apis/apps/v1/namespaces/${NS}/statefulsets`,
    body: { metadata: meta('cache'), spec: { serviceName: 'cache', selector: { matchLabels: labels }, template: template(['redis', 'redis:7']) } },
    columns: ['Name', 'Ready', 'Age', '+Containers', '+Images'], cells: ['cache', '0/1', FRESH, 'redis', 'redis:7'],
  },
  {
    title: 'DaemonSet', path: `/apis/apps/v1/namespaces/${NS}/daemonsets`,
    body: { metadata: meta('agent'), spec: { selector: { matchLabels: labels }, template: { ...template(['agent', 'fluent-bit:3']), spec: { nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' }, containers: [{ name: 'agent', image: 'fluent-bit:3' }] } } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberMisscheduled: 0 },
    columns: ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', ...WORKLOAD_WIDE], types: DAEMON_TYPES,
    cells: ['agent', 3, 3, 2, 1, 2, 'disk=ssd,kubernetes.io/os=linux', FRESH, 'agent', 'fluent-bit:3', 'app=web'],
  },
  {
    title: 'ReplicaSet', path: `/apis/apps/v1/namespaces/${NS}/replicasets`,
    body: { metadata: meta('web-5d9c'), spec: { replicas: 4, selector: { matchLabels: labels }, template: template(['web', 'nginx:1.27']) } },
    status: { replicas: 3, readyReplicas: 1 },
    columns: ['Name', 'Desired', 'Current', 'Ready', ...WORKLOAD_WIDE], types: { Desired: 'integer', Current: 'integer', Ready: 'integer' }, cells: ['web-5d9c', 4, 3, 1, FRESH, 'web', 'nginx:1.27', 'app=web'],
  },
  {
    title: 'running parallel Job', path: `/apis/batch/v1/namespaces/${NS}/jobs`,
    body: { metadata: meta('crunch'), spec: { parallelism: 3, manualSelector: true, selector: { matchLabels: labels }, template: { ...template(['crunch', 'busybox:1.36']), spec: { restartPolicy: 'Never', containers: [{ name: 'crunch', image: 'busybox:1.36' }] } } } },
    status: { startTime: ago(3600), active: 2, succeeded: 1 },
    columns: ['Name', 'Status', 'Completions', 'Duration', ...WORKLOAD_WIDE], cells: ['crunch', 'Running', '1/1 of 3', /^6\dm$/, FRESH, 'crunch', 'busybox:1.36', 'app=web'],
  },
  {
    title: 'complete Job', path: `/apis/batch/v1/namespaces/${NS}/jobs`,
    body: { metadata: meta('once'), spec: { completions: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox:1.36' }] } } } },
    status: { startTime: '2025-01-01T10:00:00Z', completionTime: '2025-01-01T10:01:35Z', succeeded: 2, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] },
    columns: ['Name', 'Status', 'Completions', 'Duration', ...WORKLOAD_WIDE], cells: (o) => ['once', 'Complete', '2/2', '95s', FRESH, 'once', 'busybox:1.36', `batch.kubernetes.io/controller-uid=${o.metadata.uid}`],
  },
  {
    title: 'CronJob', path: `/apis/batch/v1/namespaces/${NS}/cronjobs`,
    body: { metadata: meta('nightly'), spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'backup', image: 'restic:0.17' }] } } } } } },
    status: { active: [{ kind: 'Job', name: 'nightly-1', namespace: NS }], lastScheduleTime: ago(1800) },
    columns: ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', ...WORKLOAD_WIDE], types: { Suspend: 'boolean', Active: 'integer' },
    cells: ['nightly', '0 3 * * *', 'Europe/Paris', 'False', 1, /^3\dm$/, FRESH, 'backup', 'restic:0.17', '<none>'],
  },
  {
    title: 'Pod with a sidecar, a crash-looping container and restarts', path: `/api/v1/namespaces/${NS}/pods`,
    body: {
      metadata: meta('web-0'),
      spec: {
        nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/ready' }, { conditionType: 'example.com/synced' }],
        initContainers: [{ name: 'migrate', image: 'app:1' }, { name: 'mesh', image: 'envoy:1.30', restartPolicy: 'Always' }],
        containers: [{ name: 'app', image: 'app:1' }, { name: 'log', image: 'busybox:1.36' }],
      },
    },
    status: {
      phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' }, { type: 'example.com/ready', status: 'True' }],
      initContainerStatuses: [
        { name: 'migrate', ready: false, restartCount: 0, image: 'app:1', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'mesh', ready: true, started: true, restartCount: 0, image: 'envoy:1.30', imageID: '', state: { running: { startedAt: ago(7200) } } },
      ],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 3, image: 'app:1', imageID: '', state: { running: { startedAt: ago(600) } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(1800) } } },
        { name: 'log', ready: false, restartCount: 1, image: 'busybox:1.36', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    },
    columns: ['Name', 'Ready', 'Status', 'Restarts', 'Age', '+IP', '+Node', '+Nominated Node', '+Readiness Gates'],
    cells: ['web-0', '2/3', 'CrashLoopBackOff', /^4 \(3\dm ago\)$/, FRESH, '10.244.0.5', 'node-1', '<none>', '1/2'],
  },
  {
    title: 'Pod waiting on an init container', path: `/api/v1/namespaces/${NS}/pods`,
    body: { metadata: meta('init-wait'), spec: { initContainers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }], containers: [{ name: 'c', image: 'c' }] } },
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'a', ready: false, restartCount: 0, image: 'a', imageID: '', state: { terminated: { exitCode: 0 } } },
        { name: 'b', ready: false, restartCount: 0, image: 'b', imageID: '', state: { running: {} } },
      ],
    },
    columns: ['Name', 'Ready', 'Status', 'Restarts', 'Age', '+IP', '+Node', '+Nominated Node', '+Readiness Gates'], cells: ['init-wait', '0/1', 'Init:1/2', '0', FRESH, '<none>', '<none>', '<none>', '<none>'],
  },
  {
    title: 'finished Pod carries the Completed row condition', path: `/api/v1/namespaces/${NS}/pods`,
    body: { metadata: meta('done'), spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'c' }] } },
    status: { phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'c', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    columns: ['Name', 'Ready', 'Status', 'Restarts', 'Age', '+IP', '+Node', '+Nominated Node', '+Readiness Gates'], cells: ['done', '0/1', 'Completed', '0', FRESH, '<none>', '<none>', '<none>', '<none>'],
    conditions: [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }],
  },
];

const EVENT_COLUMNS = ['Last Seen', 'Type', 'Reason', 'Object', '+Subobject', '+Source', 'Message', '+First Seen', '+Count', '+Name'];

const EVENT_CASES: TableCase[] = [
  {
    title: 'core Event', path: `/api/v1/namespaces/${NS}/events`,
    body: {
      metadata: meta('web-0.1'), involvedObject: { kind: 'Pod', name: 'web-0', namespace: NS, fieldPath: 'spec.containers{log}' }, reason: 'BackOff', type: 'Warning',
      message: ' Back-off restarting failed container\n', source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: ago(5 * 3600), lastTimestamp: ago(600), count: 7,
    },
    columns: EVENT_COLUMNS, cells: [/^10m$|^10m\ds$/, 'Warning', 'BackOff', 'pod/web-0', 'spec.containers{log}', 'kubelet, node-1', 'Back-off restarting failed container', '5h', 7, 'web-0.1'],
  },
  {
    title: 'events.k8s.io Event reads the newer field names', path: `/apis/events.k8s.io/v1/namespaces/${NS}/events`,
    body: {
      metadata: meta('web.2'), eventTime: new Date(Date.now() - 300_000).toISOString().replace('Z', '000Z'), regarding: { kind: 'Deployment', name: 'web', namespace: NS },
      reason: 'ScalingReplicaSet', type: 'Normal', note: 'Scaled up replica set web-5d9c to 3', action: 'Scale', reportingController: 'deployment-controller', reportingInstance: 'cm-1',
    },
    columns: EVENT_COLUMNS, cells: [/^5m$|^5m\ds$/, 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, cm-1', 'Scaled up replica set web-5d9c to 3', /^5m$|^5m\ds$/, 1, 'web.2'],
  },
];


describe('Table columns of workloads, pods and events over HTTP', () => {
  let api: RunningApiServer;
  before(async () => { api = await startTableServer(NS); });
  after(() => api.stop());

  for (const c of [...CASES, ...EVENT_CASES]) it(c.title, () => checkTableCase(api, c));

  it('a Deployment without status counts nothing ready', async () => {
    const res = await raw(api, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, { metadata: meta('idle'), spec: { selector: { matchLabels: labels }, template: template(['web', 'nginx']) } });
    assert.equal(res.status, 201, res.text);
    const t = await raw(api, 'GET', `/apis/apps/v1/namespaces/${NS}/deployments/idle`, undefined, TABLE);
    assert.deepEqual(t.json.rows[0].cells.slice(0, 4), ['idle', '0/1', 0, 0]);
  });
});
