/**
 * Pods are refused with the causes a Kubernetes 1.32 cluster answers for their containers (same
 * fields, reasons and messages, in the same order): names, images, policies, ports, environment,
 * mounts, resources, probes and hooks, on create and on update. Valid pods, including what
 * kubectl's generators build, are still accepted. Everything goes through the real server over
 * HTTPS; one case runs the pinned kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { assertCauses, ctr, DNS_LABEL, podSuite, PORT_RANGE, SUBDOMAIN } from './validation-pods-helpers.ts';

const NS = 'pods';

describe('pod containers are validated as Kubernetes 1.32 validates them', () => {
  const { api, pods } = podSuite(NS);

  it('valid pods are accepted, from the minimal one to one using most of the spec', async () => {
    await pods.accepted({ containers: [ctr()] });
    // Empty values decoding fills in are not refused as missing.
    await pods.accepted({ containers: [ctr({ terminationMessagePolicy: '', ports: [{ containerPort: 80, protocol: '' }], readinessProbe: { httpGet: { port: 80, path: '', scheme: '' } } })] });
    // The ServiceAccount admission plugin requires the account the pod names.
    assert.equal((await raw(api(), 'POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'builder' } })).status, 201);
    const pod = await pods.accepted({
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
    const status = await pods.refused({}, ['spec.containers: Required value']);
    assert.match(status.message, /^Pod "pod-\d+" is invalid: spec\.containers: Required value$/);
    await pods.refused({ containers: [{ image: 'nginx' }, ctr({ name: 'Web_1', image: '' }), ctr({ name: 'web' })], initContainers: [ctr({ name: 'web', image: 'busybox' })] }, [
      'spec.containers[0].name: Required value',
      `spec.containers[1].name: Invalid value: "Web_1": ${DNS_LABEL}`,
      'spec.containers[1].image: Required value',
      'spec.initContainers[0].name: Duplicate value: "web"',
    ]);
    await pods.refused({ containers: [ctr({ imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Logs' }), ctr({ image: ' nginx' })], restartPolicy: 'Sometimes', dnsPolicy: 'Cluster' }, [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[1].name: Duplicate value: "c"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.containers[1].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
    await pods.refused({ containers: [ctr({ restartPolicy: 'Always' })], ephemeralContainers: [{ name: 'debug', image: 'busybox', targetContainerName: 'gone' }] }, [
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "gone"',
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
  });

  it('ports: numbers in range, protocols, IANA names unique in a container, host ports used once', async () => {
    await pods.refused({
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
    await pods.refused({
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
    await pods.refused({
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
    await pods.refused({
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
    await pods.refused({
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

  it('updates validate the new spec; a status write of an unchanged spec is not checked again', async () => {
    const pod = await pods.accepted({ containers: [ctr()] });
    const path = `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`;
    const res = await raw(api(), 'PUT', path, { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], image: '' }] } });
    assert.equal(res.status, 422, res.text);
    // Kubernetes checks the image twice on update: once as a container, once as an updated image.
    assertCauses(res.json, ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value']);
    assert.equal(res.json.details.kind, 'Pod');
    const ok = await raw(api(), 'PUT', path, { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], image: 'nginx:1.28' }] } });
    assert.equal(ok.status, 200, ok.text);
    const status = await raw(api(), 'PUT', `${path}/status`, { ...ok.json, status: { ...ok.json.status, phase: 'Running' } });
    assert.equal(status.status, 200, status.text);
    // Pod annotations are checked on every write, the spec being unchanged or not.
    const annotated = await raw(api(), 'PUT', path, { ...status.json, metadata: { ...status.json.metadata, annotations: { 'controller.kubernetes.io/pod-deletion-cost': 'high' } } });
    assert.equal(annotated.status, 422, annotated.text);
    assertCauses(annotated.json, ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "high": must be a 32bit integer']);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: generated pods are accepted and a refused one prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api().kubeconfigPath);
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
