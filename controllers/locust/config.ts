/**
 * Operator-wide settings of the LocustTest controller, read from the same environment variables
 * the upstream operator's Helm chart sets, with the chart's defaults.
 */

/** CPU, memory and ephemeral-storage amounts; empty strings mean "not set". */
export interface ResourceAmounts {
  cpu: string;
  memory: string;
  ephemeralStorage: string;
}

/** Requests and limits of a container. */
export interface ResourceDefaults {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/** Settings applied to every LocustTest the controller reconciles. */
export interface LocustOperatorConfig {
  /** ttlSecondsAfterFinished of both Jobs; undefined leaves the field unset. */
  ttlSecondsAfterFinished?: number;
  /** Defaults of the Locust containers when the test sets no resources. */
  podResources: ResourceDefaults;
  /** Role-specific defaults; each empty field falls back to podResources. */
  masterResources: ResourceDefaults;
  workerResources: ResourceDefaults;
  metricsExporter: { image: string; port: number; pullPolicy: string; resources: ResourceDefaults };
  kafka: {
    bootstrapServers: string; securityEnabled: boolean; securityProtocol: string;
    username: string; password: string; saslMechanism: string; saslJaasConfig: string;
  };
  /** Whether spec.scheduling.affinity reaches the pods. */
  enableAffinityInjection: boolean;
  /** Whether spec.scheduling.tolerations reach the pods. */
  enableTolerationsInjection: boolean;
  /** runtimeClassName of pods whose test does not set one. */
  defaultRuntimeClassName: string;
  /** How long pods may take to start before unhealthy states count (ms). */
  podStartupGraceMs: number;
}

type Env = Record<string, string | undefined>;

const str = (env: Env, key: string, def: string): string => env[key] || def;

function bool(env: Env, key: string, def: boolean): boolean {
  const v = env[key]?.toLowerCase();
  if (v === undefined || v === '') return def;
  if (['1', 't', 'true'].includes(v)) return true;
  if (['0', 'f', 'false'].includes(v)) return false;
  return def;
}

function int(env: Env, key: string): number | undefined {
  const v = env[key];
  if (!v || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

function amounts(env: Env, prefix: string, kind: 'REQUEST' | 'LIMIT', def: ResourceAmounts): ResourceAmounts {
  return {
    cpu: str(env, `${prefix}CPU_${kind}`, def.cpu),
    memory: str(env, `${prefix}MEM_${kind}`, def.memory),
    ephemeralStorage: str(env, `${prefix}EPHEMERAL_${kind}`, def.ephemeralStorage),
  };
}

const none: ResourceAmounts = { cpu: '', memory: '', ephemeralStorage: '' };

/** Reads the configuration from environment variables (process.env by default). */
export function loadLocustConfig(env: Env = process.env): LocustOperatorConfig {
  const exporterDefaults: ResourceDefaults = {
    requests: { cpu: '100m', memory: '64Mi', ephemeralStorage: '30M' },
    limits: { cpu: '250m', memory: '128Mi', ephemeralStorage: '50M' },
  };
  return {
    ttlSecondsAfterFinished: int(env, 'JOB_TTL_SECONDS_AFTER_FINISHED'),
    podResources: {
      requests: amounts(env, 'POD_', 'REQUEST', { cpu: '250m', memory: '128Mi', ephemeralStorage: '30M' }),
      limits: amounts(env, 'POD_', 'LIMIT', { cpu: '1000m', memory: '1024Mi', ephemeralStorage: '50M' }),
    },
    masterResources: { requests: amounts(env, 'MASTER_POD_', 'REQUEST', none), limits: amounts(env, 'MASTER_POD_', 'LIMIT', none) },
    workerResources: { requests: amounts(env, 'WORKER_POD_', 'REQUEST', none), limits: amounts(env, 'WORKER_POD_', 'LIMIT', none) },
    metricsExporter: {
      image: str(env, 'METRICS_EXPORTER_IMAGE', 'containersol/locust_exporter:v0.5.0'),
      port: int(env, 'METRICS_EXPORTER_PORT') ?? 9646,
      pullPolicy: str(env, 'METRICS_EXPORTER_IMAGE_PULL_POLICY', 'IfNotPresent'),
      resources: {
        requests: amounts(env, 'METRICS_EXPORTER_', 'REQUEST', exporterDefaults.requests),
        limits: amounts(env, 'METRICS_EXPORTER_', 'LIMIT', exporterDefaults.limits),
      },
    },
    kafka: {
      bootstrapServers: str(env, 'KAFKA_BOOTSTRAP_SERVERS', 'localhost:9092'),
      securityEnabled: bool(env, 'KAFKA_SECURITY_ENABLED', false),
      securityProtocol: str(env, 'KAFKA_SECURITY_PROTOCOL_CONFIG', 'SASL_PLAINTEXT'),
      username: str(env, 'KAFKA_USERNAME', ''),
      password: str(env, 'KAFKA_PASSWORD', ''),
      saslMechanism: str(env, 'KAFKA_SASL_MECHANISM', 'SCRAM-SHA-512'),
      saslJaasConfig: str(env, 'KAFKA_SASL_JAAS_CONFIG', ''),
    },
    enableAffinityInjection: bool(env, 'ENABLE_AFFINITY_CR_INJECTION', true),
    enableTolerationsInjection: bool(env, 'ENABLE_TAINT_TOLERATIONS_CR_INJECTION', true),
    defaultRuntimeClassName: str(env, 'DEFAULT_RUNTIME_CLASS_NAME', ''),
    podStartupGraceMs: 120_000,
  };
}
