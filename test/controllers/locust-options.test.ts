/**
 * The v2 options of a LocustTest as they reach the Jobs on a real API server: resources, env,
 * secret mounts, volumes by target, scheduling, security, image pull settings, labels and
 * annotations, autostart/autoquit/extra args, and OpenTelemetry replacing the metrics sidecar.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Job, V1Service } from '@kubernetes/client-node';
import { ConfigMaps, Jobs, Services } from '../../runtime/index.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { locustTest, scripts, startLocustEnv, tryGet, waitFor, type LocustEnv } from './locust-helpers.ts';

let env: LocustEnv;
const ns = 'default';

before(async () => {
  env = await startLocustEnv();
  await env.startOperator({ config: { defaultRuntimeClassName: 'gvisor', ttlSecondsAfterFinished: 600 } });
});
after(() => env.stop());

async function run(name: string, spec: Record<string, unknown>): Promise<{ master: V1Job; worker: V1Job; service: V1Service }> {
  await env.admin.create(ConfigMaps, scripts(`${name}-scripts`, ns));
  await env.admin.create(ConfigMaps, scripts(`${name}-lib`, ns));
  await env.admin.create(LocustTests, locustTest(name, ns, spec));
  let out: { master?: V1Job; worker?: V1Job; service?: V1Service } = {};
  await waitFor(async () => {
    out = {
      master: await tryGet(env.admin, Jobs, ns, `${name}-master`) as V1Job | undefined,
      worker: await tryGet(env.admin, Jobs, ns, `${name}-worker`) as V1Job | undefined,
      service: await tryGet(env.admin, Services, ns, `${name}-master`) as V1Service | undefined,
    };
    return Boolean(out.master && out.worker && out.service);
  }, `children of ${name}`);
  return out as { master: V1Job; worker: V1Job; service: V1Service };
}

const pod = (j: V1Job) => j.spec!.template.spec!;
const main = (j: V1Job) => pod(j).containers[0]!;

test('defaults: operator resources, metrics sidecar, seccomp, pull policy, TTL, runtime class', async () => {
  const { master, worker } = await run('plain', {});
  assert.deepEqual(main(master).resources, { requests: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '30M' }, limits: { cpu: '1000m', memory: '1024Mi', 'ephemeral-storage': '50M' } });
  assert.equal(main(master).imagePullPolicy, 'IfNotPresent');
  const sidecar = pod(master).initContainers![0]!;
  assert.equal(sidecar.name, 'locust-metrics-exporter');
  assert.equal(sidecar.restartPolicy, 'Always');
  assert.deepEqual(sidecar.env, [{ name: 'LOCUST_EXPORTER_URI', value: 'http://localhost:8089' }, { name: 'LOCUST_EXPORTER_WEB_LISTEN_ADDRESS', value: ':9646' }]);
  assert.equal(pod(worker).initContainers, undefined, 'workers have no exporter');
  assert.deepEqual(pod(master).securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
  assert.equal(pod(master).restartPolicy, 'Never');
  assert.equal(master.spec!.backoffLimit, 0);
  assert.equal(master.spec!.ttlSecondsAfterFinished, 600);
  assert.equal(pod(worker).runtimeClassName, 'gvisor');
  assert.deepEqual(master.spec!.template.metadata!.annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9646' });
  assert.deepEqual(worker.spec!.template.metadata!.annotations ?? {}, {});
  assert.deepEqual(main(master).ports!.map((p) => p.containerPort), [5557, 5558, 8089]);
  assert.deepEqual(main(worker).ports!.map((p) => p.containerPort), [8080]);
  assert.deepEqual(main(master).env!.map((e) => e.name), ['KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_SECURITY_ENABLED', 'KAFKA_SECURITY_PROTOCOL_CONFIG', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_JAAS_CONFIG', 'KAFKA_USERNAME', 'KAFKA_PASSWORD']);
});

test('every v2 option reaches the pods the way upstream applies it', async () => {
  await env.admin.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { MODE: 'soak' } });
  const { master, worker } = await run('full', {
    imagePullPolicy: 'Always',
    imagePullSecrets: [{ name: 'registry' }],
    master: {
      command: '--locustfile /lotest/src/locustfile.py', autostart: false, autoquit: { enabled: true, timeout: 30 }, extraArgs: ['--csv=/tmp/out'],
      labels: { team: 'perf', 'performance-test-pod-name': 'hijack' }, annotations: { 'example.com/a': 'b' },
      resources: { limits: { cpu: '2' } },
    },
    worker: { command: '--locustfile /lotest/src/locustfile.py', replicas: 5, extraArgs: ['--processes', '2'], labels: { role: 'load' } },
    testFiles: { configMapRef: 'full-scripts', libConfigMapRef: 'full-lib', srcMountPath: '/tests', libMountPath: '/libs' },
    env: {
      configMapRefs: [{ name: 'settings', prefix: 'APP_' }], secretRefs: [{ name: 'creds' }],
      variables: [{ name: 'TARGET', value: 'https://example.com' }], secretMounts: [{ name: 'certs', mountPath: '/certs' }],
    },
    volumes: [{ name: 'results', emptyDir: {} }, { name: 'cache', emptyDir: {} }],
    volumeMounts: [{ name: 'results', mountPath: '/results', target: 'master' }, { name: 'cache', mountPath: '/cache' }],
    scheduling: {
      nodeSelector: { pool: 'load' }, runtimeClassName: '',
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['load'] }] }] } } },
    },
    security: { podSecurityContext: { runAsNonRoot: true, runAsUser: 1000 }, containerSecurityContext: { readOnlyRootFilesystem: true } },
  });
  assert.deepEqual(main(master).args!.slice(2), ['--master', '--master-port=5557', '--expect-workers=5', '--autoquit', '30', '--enable-rebalancing', '--only-summary', '--csv=/tmp/out']);
  assert.deepEqual(main(worker).args!.slice(2), ['--worker', '--master-port=5557', '--master-host=full-master', '--processes', '2']);
  assert.equal(worker.spec!.parallelism, 5);
  assert.equal(main(master).imagePullPolicy, 'Always');
  assert.deepEqual(pod(worker).imagePullSecrets, [{ name: 'registry' }]);
  assert.deepEqual(main(master).resources, { limits: { cpu: '2' } }, 'own resources replace the defaults whole');
  assert.equal(main(worker).resources!.requests!.cpu, '250m');
  const labels = master.spec!.template.metadata!.labels!;
  assert.equal(labels.team, 'perf');
  assert.equal(labels['performance-test-pod-name'], 'full-master', 'the Service selector label cannot be overridden');
  assert.equal(worker.spec!.template.metadata!.labels!.role, 'load');
  assert.equal(master.spec!.template.metadata!.annotations!['example.com/a'], 'b');
  assert.deepEqual(main(master).envFrom, [{ prefix: 'APP_', configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' } }]);
  assert.deepEqual(main(master).env!.at(-1), { name: 'TARGET', value: 'https://example.com' });
  const mounts = (j: V1Job) => main(j).volumeMounts!.map((m) => `${m.name}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
  assert.deepEqual(mounts(master), ['full-master:/tests', 'locust-lib:/libs', 'secret-certs:/certs:ro', 'results:/results', 'cache:/cache']);
  assert.deepEqual(mounts(worker), ['full-worker:/tests', 'locust-lib:/libs', 'secret-certs:/certs:ro', 'cache:/cache']);
  assert.deepEqual(pod(master).volumes!.map((v) => v.name), ['full-master', 'locust-lib', 'secret-certs', 'results', 'cache']);
  assert.deepEqual(pod(worker).volumes!.map((v) => v.name), ['full-worker', 'locust-lib', 'secret-certs', 'cache'], 'volumes only where mounted');
  assert.deepEqual(pod(worker).nodeSelector, { pool: 'load' });
  assert.equal(pod(worker).tolerations![0]!.key, 'dedicated');
  assert.equal(pod(worker).affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchExpressions![0]!.key, 'pool');
  assert.equal(pod(master).runtimeClassName, undefined, 'an empty runtimeClassName opts out of the default');
  assert.deepEqual(pod(master).securityContext, { runAsNonRoot: true, runAsUser: 1000 });
  assert.deepEqual(main(worker).securityContext, { readOnlyRootFilesystem: true });
});

test('OpenTelemetry: --otel and OTEL_* env, no exporter sidecar, metrics port or scrape annotations', async () => {
  const { master, worker, service } = await run('traced', {
    observability: { openTelemetry: { enabled: true, endpoint: 'otel-collector:4317', insecure: true, extraEnvVars: { OTEL_SERVICE_NAME: 'load', OTEL_A: 'x' } } },
  });
  assert.ok(main(master).args!.includes('--otel'));
  assert.ok(main(worker).args!.includes('--otel'));
  assert.equal(pod(master).initContainers, undefined);
  assert.equal(pod(master).containers.length, 1);
  assert.deepEqual(service.spec!.ports!.map((p) => p.port), [5557, 5558]);
  assert.equal(master.spec!.template.metadata!.annotations?.['prometheus.io/scrape'], undefined);
  assert.deepEqual(main(worker).env!.filter((e) => e.name.startsWith('OTEL_')), [
    { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' }, { name: 'OTEL_METRICS_EXPORTER', value: 'otlp' },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'otel-collector:4317' }, { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' },
    { name: 'OTEL_EXPORTER_OTLP_INSECURE', value: 'true' }, { name: 'OTEL_A', value: 'x' }, { name: 'OTEL_SERVICE_NAME', value: 'load' },
  ]);
});
