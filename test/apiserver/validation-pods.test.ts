/**
 * Pods and pod templates are refused with the causes a Kubernetes 1.32 cluster answers (same
 * fields, reasons and messages, in the same order), and valid pods, including what kubectl's
 * generators build, are still accepted. Everything goes through the real server over HTTPS; one
 * case runs the pinned kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { validatePodSpec } from '../../apiserver/validation/builtin/pods.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'pods';
type Obj = Record<string, any>;

const REASONS: [string, string][] = [
  ['Invalid value', 'FieldValueInvalid'], ['Required value', 'FieldValueRequired'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'], ['Duplicate value', 'FieldValueDuplicate'], ['Not found', 'FieldValueNotFound'],
];
const DNS_LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const NAME_PART = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
const LABEL_VALUE = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** A container that is valid on its own, with overrides. */
const ctr = (extra: Obj = {}): Obj => ({ name: 'c', image: 'nginx:1.27', ...extra });
let counter = 0;

describe('pods are validated as Kubernetes 1.32 validates them', () => {
  let api: RunningApiServer;

  const post = (spec: Obj, metadata: Obj = {}) => raw(api, 'POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: `pod-${++counter}`, ...metadata }, spec });
  const accepted = async (spec: Obj, metadata: Obj = {}): Promise<Obj> => {
    const res = await post(spec, metadata);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  const assertCauses = (status: Obj, expected: string[]) => {
    assert.equal(status.reason, 'Invalid');
    const causes: Obj[] = status.details.causes;
    assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), expected);
    for (const c of causes) assert.equal(c.reason, REASONS.find(([prefix]) => c.message.startsWith(prefix))?.[1], c.message);
  };
  /** The create is refused with exactly these causes, each written `field: message`. */
  const refused = async (spec: Obj, expected: string[], metadata: Obj = {}): Promise<Obj> => {
    const res = await post(spec, metadata);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, expected);
    return res.json;
  };

  before(async () => {
    api = await startApiServer();
    const ns = await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } });
    assert.equal(ns.status, 201, ns.text);
  });
  after(async () => { await api?.stop(); });

  it('valid pods are accepted, from the minimal one to one using most of the spec', async () => {
    await accepted({ containers: [ctr()] });
    const pod = await accepted({
      initContainers: [ctr({ name: 'init', command: ['true'] }), ctr({ name: 'sidecar', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 'metrics' } } })],
      containers: [ctr({
        ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090, protocol: 'UDP', hostPort: 9090 }],
        env: [
          { name: 'PLAIN', value: 'x' }, { name: 'my.var-1', value: 'y' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
          { name: 'CM', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log.level', optional: true } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        ],
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
        volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'app' }, { name: 'config', mountPath: '/etc/app', readOnly: true }, { name: 'all', mountPath: '/all' }],
        resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi', 'example.com/gpu': '1' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: '1' }] }, initialDelaySeconds: 3 },
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] } },
        startupProbe: { grpc: { port: 9090 }, failureThreshold: 30 },
        lifecycle: { preStop: { sleep: { seconds: 5 } } },
        securityContext: { runAsUser: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      })],
      volumes: [
        { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'config', configMap: { name: 'settings', items: [{ key: 'app.yaml', path: 'conf/app.yaml', mode: 0o600 }] } },
        { name: 'all', projected: { sources: [{ secret: { name: 'creds' } }, { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: "metadata.labels['app']" } }] } }, { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
        { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        { name: 'cache' },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      securityContext: { fsGroup: 2000, supplementalGroups: [3000], sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] },
      dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10', 'fd00::a'], searches: ['svc.cluster.local.'], options: [{ name: 'ndots', value: '2' }] },
      hostname: 'web-0', subdomain: 'web', serviceAccountName: 'builder', activeDeadlineSeconds: 600, restartPolicy: 'OnFailure',
      readinessGates: [{ conditionType: 'example.com/ready' }], hostAliases: [{ ip: '127.0.0.1', hostnames: ['local.test'] }],
    }, { labels: { app: 'web' }, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-10' } });
    // The volume without a source became an emptyDir before validation, as on a cluster.
    assert.deepEqual(pod.spec.volumes[5], { name: 'cache', emptyDir: {} });
  });

  it('containers: required, named, unique, with an image and supported policies', async () => {
    const status = await refused({}, ['spec.containers: Required value']);
    assert.match(status.message, /^Pod "pod-\d+" is invalid: spec\.containers: Required value$/);
    await refused({ containers: [{ image: 'nginx' }, ctr({ name: 'Web_1', image: '' }), ctr({ name: 'web' })], initContainers: [ctr({ name: 'web', image: 'busybox' })] }, [
      'spec.containers[0].name: Required value',
      `spec.containers[1].name: Invalid value: "Web_1": ${DNS_LABEL}`,
      'spec.containers[1].image: Required value',
      'spec.initContainers[0].name: Duplicate value: "web"',
    ]);
    await refused({ containers: [ctr({ imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Logs' }), ctr({ image: ' nginx' })], restartPolicy: 'Sometimes', dnsPolicy: 'Cluster' }, [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[1].name: Duplicate value: "c"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.containers[1].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
    await refused({ containers: [ctr({ restartPolicy: 'Always' })], ephemeralContainers: [{ name: 'debug', image: 'busybox', targetContainerName: 'gone' }] }, [
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "gone"',
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
  });

  it('ports: numbers in range, protocols, IANA names unique in a container, host ports used once', async () => {
    await refused({
      containers: [
        ctr({ ports: [{ containerPort: 70000, hostPort: 70001, protocol: 'HTTP' }, { name: 'Web_Port', hostPort: 80 }, { name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }, { name: '8080', containerPort: 82 }] }),
        ctr({ name: 'other', ports: [{ containerPort: 8080, hostPort: 80 }] }),
      ],
    }, [
      `spec.containers[0].ports[0].containerPort: Invalid value: 70000: ${PORT_RANGE}`,
      `spec.containers[0].ports[0].hostPort: Invalid value: 70001: ${PORT_RANGE}`,
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[1].name: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].containerPort: Required value',
      'spec.containers[0].ports[3].name: Duplicate value: "web"',
      'spec.containers[0].ports[4].name: Invalid value: "8080": must contain at least one letter (a-z)',
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"',
    ]);
  });

  it('env: names, exactly one valueFrom source, and the fields each source needs; envFrom sources and prefixes', async () => {
    await refused({
      containers: [ctr({
        env: [
          { name: 'A=B', value: 'x' }, { value: 'x' }, { name: 'NONE', valueFrom: {} },
          { name: 'BOTH', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' }, secretKeyRef: { name: 's', key: 'k' } } },
          { name: 'SET', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
          { name: 'F1', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } },
          { name: 'F2', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
          { name: 'K', valueFrom: { configMapKeyRef: { name: 'cm' } } },
          { name: 'S', valueFrom: { secretKeyRef: { name: 'Bad', key: 'a/b' } } },
          { name: 'R', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
        ],
        envFrom: [{ prefix: 'P=' , configMapRef: { name: 'cm' } }, {}, { configMapRef: { name: 'cm' }, secretRef: {} }],
      })],
    }, [
      `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      'spec.containers[0].env[1].name: Required value',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not have more than one field specified at a time',
      'spec.containers[0].env[4].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[5].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
      'spec.containers[0].env[6].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[7].valueFrom.configMapKeyRef.key: Required value',
      `spec.containers[0].env[8].valueFrom.secretKeyRef.name: Invalid value: "Bad": ${SUBDOMAIN}`,
      `spec.containers[0].env[8].valueFrom.secretKeyRef.key: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'spec.containers[0].env[9].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
      `spec.containers[0].envFrom[0].prefix: Invalid value: "P=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
      'spec.containers[0].envFrom[2].secretRef.name: Required value',
      'spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
    ]);
  });

  it('volume mounts name a valid volume and a unique path inside it', async () => {
    await refused({
      containers: [ctr({ volumeMounts: [{ name: 'x', mountPath: '/a' }, { name: 'data', mountPath: '/a', subPath: '/abs' }, { name: 'data' }, { name: 'broken', mountPath: '/b', subPath: '../up' }] })],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'broken', persistentVolumeClaim: {} }],
    }, [
      'spec.volumes[1].persistentVolumeClaim.claimName: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: "x"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path',
      'spec.containers[0].volumeMounts[2].mountPath: Required value',
      'spec.containers[0].volumeMounts[3].name: Not found: "broken"',
      `spec.containers[0].volumeMounts.subPath: Invalid value: "../up": must not contain '..'`,
    ]);
  });

  it('resources: container resource names, non-negative amounts, requests within limits', async () => {
    await refused({
      containers: [
        ctr({ resources: { limits: { cpu: '500m', memory: '-1Mi' }, requests: { cpu: '1', memory: '64Mi' } } }),
        // A Pod's missing requests are copied from its limits before validation (hugepages-2Mi here).
        ctr({ name: 'd', resources: { limits: { 'example.com/gpu': '2', 'hugepages-2Mi': '3Mi' }, requests: { 'example.com/gpu': '1', 'example.com/fpga': '1' } } }),
        ctr({ name: 'e', resources: { requests: { gpu: '1', pods: '2', 'ephemeral-storage': '1Gi' } } }),
      ],
    }, [
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      'spec.containers[0].resources.requests: Invalid value: "64Mi": must be less than or equal to memory limit of -1Mi',
      'spec.containers[1].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[1].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
      'spec.containers[1].resources.limits: Required value: Limit must be set for non overcommitable resources',
      'spec.containers[1].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[1].resources: Forbidden: HugePages require cpu or memory',
      'spec.containers[2].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[2].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers',
    ]);
  });

  it('probes and hooks: one handler, sane timings, one success where one must do, none on plain init containers', async () => {
    await refused({
      containers: [ctr({
        livenessProbe: { httpGet: { port: 70000 }, exec: { command: ['true'] }, initialDelaySeconds: -1, successThreshold: 2 },
        readinessProbe: { tcpSocket: { port: 'Bad_Name' }, terminationGracePeriodSeconds: 5 },
        startupProbe: { periodSeconds: 5 },
        lifecycle: { postStart: { exec: {} }, preStop: { sleep: { seconds: 60 } } },
      })],
      initContainers: [ctr({ name: 'init', livenessProbe: { exec: { command: ['true'] } }, lifecycle: { postStart: { exec: { command: ['x'] } } } })],
    }, [
      `spec.containers[0].lifecycle.postStart.exec.command: Required value`,
      'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
      // exec comes first in Kubernetes' order, so the httpGet handler is the extra one and is not checked further.
      'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
      'spec.containers[0].startupProbe: Required value: must specify a handler type',
      'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });

  it('volumes: unique DNS-label names, one source each, and the fields of common sources', async () => {
    await refused({
      containers: [ctr()],
      volumes: [
        { name: 'Data', emptyDir: {} }, { name: 'a', emptyDir: { sizeLimit: '-1Gi' } }, { name: 'a', emptyDir: {} },
        { name: 'two', configMap: { name: 'cm' }, secret: { secretName: 's' } },
        { name: 'cm', configMap: { defaultMode: 0o1000, items: [{ path: '/etc/x' }, { key: 'k', path: '..data' }] } },
        { name: 'sec', secret: {} }, { name: 'host', hostPath: { path: '/x/../y', type: 'Folder' } }, { name: 'nohost', hostPath: {} },
        { name: 'down', downwardAPI: { items: [{ path: 'a' }, { path: 'b', fieldRef: { fieldPath: 'spec.nodeName' } }] } },
        { name: 'proj', projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] }, secret: { name: 's', items: [{ key: 'k', path: 'p' }] } }, { serviceAccountToken: { path: 't', expirationSeconds: 60 } }] } },
      ],
    }, [
      `spec.volumes[0].name: Invalid value: "Data": ${DNS_LABEL}`,
      'spec.volumes[1].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[3].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[4].configMap.name: Required value',
      'spec.volumes[4].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[4].configMap.items[0].key: Required value',
      'spec.volumes[4].configMap.items[0].path: Invalid value: "/etc/x": must be a relative path',
      `spec.volumes[4].configMap.items[1].path: Invalid value: "..data": must not start with '..'`,
      'spec.volumes[5].secret.secretName: Required value',
      `spec.volumes[6].hostPath.path: Invalid value: "/x/../y": must not contain '..'`,
      'spec.volumes[6].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[7].hostPath.path: Required value',
      'spec.volumes[8].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      'spec.volumes[8].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
      'spec.volumes[9].projected: Invalid value: "c": conflicting duplicate paths',
      'spec.volumes[9].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
      'spec.volumes[9].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ]);
    // The second "a" is valid on its own and takes the name: the first, broken one never did.
    const defaulted = { name: 'v', hostPath: { path: '/x' } };
    await accepted({ containers: [ctr({ volumeMounts: [{ name: 'v', mountPath: '/v' }] })], volumes: [defaulted] });
  });

  it('a volume naming no source at all is refused (a request cannot produce one: decoding makes it an emptyDir)', () => {
    const errs = validatePodSpec({ containers: [ctr({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' })], volumes: [{ name: 'v', emptyDir: null }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 }, 'spec');
    assert.deepEqual(errs.map((e) => [e.type, e.field, e.detail]), [['FieldValueRequired', 'spec.volumes[0]', 'must specify a volume type']]);
  });

  it('scheduling, identity and security fields', async () => {
    await refused({
      containers: [ctr({ securityContext: { runAsUser: -1, runAsGroup: 0 } })],
      nodeSelector: { 'bad key': 'ok', zone: 'bad value!' },
      securityContext: { runAsGroup: -5, sysctls: [{ name: 'Bad.Name', value: '1' }] },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } }, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } },
      topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Maybe' }],
      serviceAccountName: 'Builder', hostname: 'web.0', activeDeadlineSeconds: 0,
      tolerations: [{ operator: 'Exists', value: 'x' }, { key: 'k', operator: 'In', effect: 'Sometimes' }, { value: 'v' }, { key: 'k', value: 'bad value!', effect: 'NoSchedule', tolerationSeconds: 5 }],
    }, [
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      `spec.nodeSelector: Invalid value: "bad key": ${NAME_PART}`,
      `spec.nodeSelector: Invalid value: "bad value!": ${LABEL_VALUE}`,
      'spec.securityContext.runAsGroup: Invalid value: -5: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.sysctls[0].name: Invalid value: "Bad.Name": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
      `spec.serviceAccountName: Invalid value: "Builder": ${SUBDOMAIN}`,
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      `spec.hostname: Invalid value: "web.0": ${DNS_LABEL}`,
      `spec.tolerations[0].operator: Invalid value: "x": value must be empty when \`operator\` is 'Exists'`,
      'spec.tolerations[1].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      'spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.tolerations[2].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      `spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      `spec.tolerations[3].operator: Invalid value: "bad value!": ${LABEL_VALUE}`,
    ]);
    await refused({ containers: [ctr()], dnsPolicy: 'None' }, ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
    await refused({
      containers: [ctr()],
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, namespaces: ['Prod'], topologyKey: '' }] } },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, nodeTaintsPolicy: 'Always', labelSelector: { matchLabels: { app: 'bad value!' } } },
        { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    }, [
      "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      `spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Prod": ${DNS_LABEL}`,
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${NAME_PART}`,
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, ScheduleAnyway}"',
      'spec.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
      'spec.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: "Always": supported values: "Honor", "Ignore"',
      `spec.topologySpreadConstraints[0].labelSelector.matchLabels: Invalid value: "bad value!": ${LABEL_VALUE}`,
    ]);
    await refused({
      os: { name: 'windows' }, hostPID: true,
      securityContext: { runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [ctr({ name: 'init', securityContext: { privileged: false } })],
      containers: [ctr({ securityContext: { capabilities: { add: ['NET_ADMIN'] }, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }, [
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.initContainers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
    ]);
    await refused({ os: { name: 'linux' }, containers: [ctr({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })] }, [
      'spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ]);
    await refused({ os: { name: 'darwin' }, containers: [ctr()] }, ['spec.os: Unsupported value: "darwin": supported values: "linux", "windows"']);
    await refused({ containers: [ctr()] }, [
      'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
      `metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]: Invalid value: "web": container not found`,
    ], { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+1', 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' } });
  });

  it('updates validate the new spec; a status write of an unchanged spec is not checked again', async () => {
    const pod = await accepted({ containers: [ctr()] });
    const path = `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`;
    const res = await raw(api, 'PUT', path, { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], image: '' }] } });
    assert.equal(res.status, 422, res.text);
    // Kubernetes checks the image twice on update: once as a container, once as an updated image.
    assertCauses(res.json, ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value']);
    assert.equal(res.json.details.kind, 'Pod');
    const ok = await raw(api, 'PUT', path, { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], image: 'nginx:1.28' }] } });
    assert.equal(ok.status, 200, ok.text);
    const status = await raw(api, 'PUT', `${path}/status`, { ...ok.json, status: { ...ok.json.status, phase: 'Running' } });
    assert.equal(status.status, 200, status.text);
    // Pod annotations are checked on every write, the spec being unchanged or not.
    const annotated = await raw(api, 'PUT', path, { ...status.json, metadata: { ...status.json.metadata, annotations: { 'controller.kubernetes.io/pod-deletion-cost': 'high' } } });
    assert.equal(annotated.status, 422, annotated.text);
    assertCauses(annotated.json, ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "high": must be a 32bit integer']);
  });

  it('pod templates of workloads are checked with their own paths (labels and annotations at the template)', async () => {
    const base = `/apis/apps/v1/namespaces/${NS}/deployments`;
    const deployment = (template: Obj) => ({ metadata: { name: `deploy-${++counter}` }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    const ok = await raw(api, 'POST', base, deployment({ metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } }));
    assert.equal(ok.status, 201, ok.text);
    const res = await raw(api, 'POST', base, deployment({
      metadata: { labels: { app: 'web', 'bad key': 'x' }, annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'strict' } },
      spec: { containers: [ctr({ image: '', ports: [{ containerPort: 0 }] })], volumes: [{ name: 'v', secret: {} }] },
    }));
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, [
      `spec.template.labels: Invalid value: "bad key": ${NAME_PART}`,
      'spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "strict": must be a valid seccomp profile',
      'spec.template.spec.volumes[0].secret.secretName: Required value',
      'spec.template.spec.containers[0].image: Required value',
      'spec.template.spec.containers[0].ports[0].containerPort: Required value',
    ]);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: generated pods are accepted and a refused one prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    await k.ok(['run', 'web', '-n', NS, '--image=nginx:1.27', '--port=8080', '--env=MODE=prod', '--labels=app=web']);
    await k.ok(['run', 'once', '-n', NS, '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'true']);
    await k.ok(['create', 'deployment', 'gen', '-n', NS, '--image=nginx:1.27', '--port=80', '--replicas=2']);
    const dir = mkdtempSync(join(tmpdir(), 'tsop-pods-'));
    const file = join(dir, 'pod.json');
    writeFileSync(file, JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: NS },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }], resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }] },
    }));
    const r = await k.run(['apply', '-f', file]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim(), [
      'The Pod "bad" is invalid: ',
      `* spec.containers[0].ports[0].containerPort: Invalid value: 70000: ${PORT_RANGE}`,
      '* spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ].join('\n'));
  });
});
