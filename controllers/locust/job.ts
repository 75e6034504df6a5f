/**
 * The master and worker Jobs. Both run one Locust container per pod, never restart (a load test
 * that died is a failed test), and carry the test's image, environment, files, scheduling and
 * security settings; the master adds the metrics exporter as a native sidecar.
 */
import type { V1Container, V1ContainerPort, V1Job, V1PodSecurityContext } from '@kubernetes/client-node';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { masterArgs, workerArgs } from './command.ts';
import type { LocustOperatorConfig } from './config.ts';
import { containerEnv, containerEnvFrom, enabledOtel } from './env.ts';
import { MASTER_BIND_PORT, MASTER_PORT, METRICS_EXPORTER_CONTAINER, WEB_UI_PORT, WORKER_PORT, nodeName, podLabels, type NodeMode } from './naming.ts';
import { locustResources, requirementsOf } from './resources.ts';
import { containerMounts, podVolumes } from './volumes.ts';

/** Job `<test>-master`: one pod running `locust --master ...`. */
export function buildMasterJob(lt: LocustTest, cfg: LocustOperatorConfig): V1Job {
  const spec = lt.spec!;
  return buildJob(lt, cfg, 'master', masterArgs(spec.master, spec.worker.replicas, Boolean(enabledOtel(lt))));
}

/** Job `<test>-worker`: worker.replicas pods running `locust --worker --master-host=<test>-master ...`. */
export function buildWorkerJob(lt: LocustTest, cfg: LocustOperatorConfig): V1Job {
  const spec = lt.spec!;
  const masterHost = nodeName(lt.metadata?.name ?? '', 'master');
  return buildJob(lt, cfg, 'worker', workerArgs(spec.worker.command, masterHost, Boolean(enabledOtel(lt)), spec.worker.extraArgs));
}

function podAnnotations(lt: LocustTest, cfg: LocustOperatorConfig, mode: NodeMode): Record<string, string> {
  const out: Record<string, string> = {};
  if (mode === 'master' && !enabledOtel(lt)) {
    out['prometheus.io/scrape'] = 'true';
    out['prometheus.io/path'] = '/metrics';
    out['prometheus.io/port'] = String(cfg.metricsExporter.port);
  }
  Object.assign(out, mode === 'master' ? lt.spec?.master.annotations : lt.spec?.worker.annotations);
  return out;
}

function ports(mode: NodeMode): V1ContainerPort[] {
  return (mode === 'master' ? [MASTER_PORT, MASTER_BIND_PORT, WEB_UI_PORT] : [WORKER_PORT]).map((containerPort) => ({ containerPort }));
}

function locustContainer(lt: LocustTest, cfg: LocustOperatorConfig, mode: NodeMode, name: string, args: string[]): V1Container {
  const spec = lt.spec!;
  const c: V1Container = {
    name,
    image: spec.image,
    imagePullPolicy: spec.imagePullPolicy || 'IfNotPresent',
    args,
    ports: ports(mode),
    resources: locustResources(lt, cfg, mode),
    env: containerEnv(lt, cfg),
  };
  const envFrom = containerEnvFrom(lt);
  if (envFrom) c.envFrom = envFrom;
  const mounts = containerMounts(lt, name, mode);
  if (mounts) c.volumeMounts = mounts;
  if (spec.security?.containerSecurityContext) c.securityContext = structuredClone(spec.security.containerSecurityContext);
  return c;
}

/** The exporter that turns Locust's web API into Prometheus metrics; exits with the pod (restartPolicy Always). */
function metricsExporter(cfg: LocustOperatorConfig): V1Container {
  const m = cfg.metricsExporter;
  return {
    name: METRICS_EXPORTER_CONTAINER,
    image: m.image,
    imagePullPolicy: m.pullPolicy,
    restartPolicy: 'Always',
    ports: [{ containerPort: m.port }],
    resources: requirementsOf(m.resources),
    env: [
      { name: 'LOCUST_EXPORTER_URI', value: `http://localhost:${WEB_UI_PORT}` },
      { name: 'LOCUST_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${m.port}` },
    ],
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
  };
}

/**
 * runtimeClassName: the test's value; an explicit empty string opts out of the operator default;
 * absent falls back to the operator default.
 */
function runtimeClassName(lt: LocustTest, cfg: LocustOperatorConfig): string | undefined {
  const own = lt.spec?.scheduling?.runtimeClassName;
  if (own !== undefined) return own || undefined;
  return cfg.defaultRuntimeClassName || undefined;
}

function podSecurityContext(lt: LocustTest): V1PodSecurityContext {
  const own = lt.spec?.security?.podSecurityContext;
  return own ? structuredClone(own) : { seccompProfile: { type: 'RuntimeDefault' } };
}

function buildJob(lt: LocustTest, cfg: LocustOperatorConfig, mode: NodeMode, args: string[]): V1Job {
  const spec = lt.spec!;
  const name = nodeName(lt.metadata?.name ?? '', mode);
  const scheduling = spec.scheduling;
  const pod: NonNullable<V1Job['spec']>['template']['spec'] = {
    restartPolicy: 'Never',
    containers: [locustContainer(lt, cfg, mode, name, args)],
    securityContext: podSecurityContext(lt),
  };
  if (spec.imagePullSecrets?.length) pod.imagePullSecrets = structuredClone(spec.imagePullSecrets);
  if (mode === 'master' && !enabledOtel(lt)) pod.initContainers = [metricsExporter(cfg)];
  const volumes = podVolumes(lt, name, mode);
  if (volumes) pod.volumes = volumes;
  if (cfg.enableAffinityInjection && scheduling?.affinity) pod.affinity = structuredClone(scheduling.affinity);
  if (cfg.enableTolerationsInjection && scheduling?.tolerations) pod.tolerations = structuredClone(scheduling.tolerations);
  if (scheduling?.nodeSelector && Object.keys(scheduling.nodeSelector).length) pod.nodeSelector = { ...scheduling.nodeSelector };
  const rc = runtimeClassName(lt, cfg);
  if (rc) pod.runtimeClassName = rc;
  const job: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: lt.metadata?.namespace },
    spec: {
      parallelism: mode === 'master' ? 1 : spec.worker.replicas,
      backoffLimit: 0,
      template: { metadata: { labels: podLabels(lt, mode), annotations: podAnnotations(lt, cfg, mode) }, spec: pod },
    },
  };
  if (cfg.ttlSecondsAfterFinished !== undefined) job.spec!.ttlSecondsAfterFinished = cfg.ttlSecondsAfterFinished;
  return job;
}
