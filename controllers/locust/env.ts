/**
 * Environment of the Locust containers: the Kafka settings the operator always passes, the
 * OpenTelemetry variables when enabled, then the user's variables; envFrom for ConfigMaps and
 * Secrets imported whole.
 */
import type { V1EnvFromSource, V1EnvVar } from '@kubernetes/client-node';
import type { LocustTest, OpenTelemetryConfig } from '../../apis/locust/v2/locusttest_types.ts';
import type { LocustOperatorConfig } from './config.ts';

/** The OpenTelemetry settings when they are enabled, else undefined. */
export function enabledOtel(lt: LocustTest): OpenTelemetryConfig | undefined {
  const otel = lt.spec?.observability?.openTelemetry;
  return otel?.enabled ? otel : undefined;
}

/** OTEL_* variables for Locust's --otel mode; extra variables sorted by name for stable output. */
export function otelEnv(lt: LocustTest): V1EnvVar[] {
  const otel = enabledOtel(lt);
  if (!otel) return [];
  const out: V1EnvVar[] = [
    { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' },
    { name: 'OTEL_METRICS_EXPORTER', value: 'otlp' },
  ];
  if (otel.endpoint) out.push({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: otel.endpoint });
  out.push({ name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: otel.protocol || 'grpc' });
  if (otel.insecure) out.push({ name: 'OTEL_EXPORTER_OTLP_INSECURE', value: 'true' });
  for (const key of Object.keys(otel.extraEnvVars ?? {}).sort()) out.push({ name: key, value: otel.extraEnvVars![key] });
  return out;
}

/** The Kafka connection settings every Locust container receives. */
export function kafkaEnv(cfg: LocustOperatorConfig): V1EnvVar[] {
  const k = cfg.kafka;
  return [
    { name: 'KAFKA_BOOTSTRAP_SERVERS', value: k.bootstrapServers },
    { name: 'KAFKA_SECURITY_ENABLED', value: String(k.securityEnabled) },
    { name: 'KAFKA_SECURITY_PROTOCOL_CONFIG', value: k.securityProtocol },
    { name: 'KAFKA_SASL_MECHANISM', value: k.saslMechanism },
    { name: 'KAFKA_SASL_JAAS_CONFIG', value: k.saslJaasConfig },
    { name: 'KAFKA_USERNAME', value: k.username },
    { name: 'KAFKA_PASSWORD', value: k.password },
  ];
}

/** All env entries of a Locust container, in the order the operator has always emitted them. */
export function containerEnv(lt: LocustTest, cfg: LocustOperatorConfig): V1EnvVar[] {
  return [...kafkaEnv(cfg), ...otelEnv(lt), ...structuredClone(lt.spec?.env?.variables ?? [])];
}

/** envFrom entries: ConfigMaps first, then Secrets, each with its optional prefix. */
export function containerEnvFrom(lt: LocustTest): V1EnvFromSource[] | undefined {
  const env = lt.spec?.env;
  const out: V1EnvFromSource[] = [
    ...(env?.configMapRefs ?? []).map((r) => ({ ...(r.prefix ? { prefix: r.prefix } : {}), configMapRef: { name: r.name } })),
    ...(env?.secretRefs ?? []).map((r) => ({ ...(r.prefix ? { prefix: r.prefix } : {}), secretRef: { name: r.name } })),
  ];
  return out.length ? out : undefined;
}
