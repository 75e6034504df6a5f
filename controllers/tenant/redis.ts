/**
 * The tenant's Redis: a ConfigMap with redis.conf, a headless Service giving each pod a stable DNS
 * name, and a StatefulSet with one data volume per pod.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { DefaultResources, containerResources } from './container-resources.ts';
import { Defaults, childNames, tenantLabels } from './kinds.ts';
import { redisMemory } from './quantity.ts';

/** Pod-template annotation carrying a hash of redis.conf, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = 'neurallog.io/config-hash';

/** Labels selecting the tenant's Redis pods. */
export function redisSelector(tenant: string): Record<string, string> {
  return { app: 'redis', ...tenantLabels(tenant, 'redis') };
}

/** Desired Redis replicas (default 1). */
export function redisReplicas(t: Tenant): number {
  return t.spec?.redis?.replicas ?? 1;
}

/** The data volume size the spec asks for (default 1Gi). */
export function redisStorage(t: Tenant): string {
  return t.spec?.redis?.storage || t.spec?.redis?.resources?.storage?.request || Defaults.redisStorage;
}

/** The data volume size of an existing Redis StatefulSet, if any. */
export function liveRedisStorage(sts: KubeObject | undefined): string | undefined {
  const templates = (sts?.spec as { volumeClaimTemplates?: { metadata?: { name?: string }; spec?: { resources?: { requests?: { storage?: string } } } }[] } | undefined)?.volumeClaimTemplates;
  return templates?.find((v) => v.metadata?.name === 'redis-data')?.spec?.resources?.requests?.storage;
}

/** redis.conf: the operator's settings, then spec.redis.config (which overrides same-named directives). */
export function redisConf(t: Tenant): string {
  const memoryLimit = t.spec?.redis?.resources?.memory?.limit;
  const directives = new Map<string, string>([
    ['bind', '0.0.0.0'],
    // Reachable through the Service only; the namespace's network policies fence it in.
    ['protected-mode', 'no'],
    ['port', String(Defaults.redisPort)],
    ['dir', '/data'],
    ['maxmemory', (memoryLimit && redisMemory(memoryLimit)) || Defaults.redisMaxMemory],
    ['maxmemory-policy', 'allkeys-lru'],
    ['appendonly', 'yes'],
  ]);
  const extra = Object.entries(t.spec?.redis?.config ?? {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [k, v] of extra) directives.set(k, String(v));
  return [...directives].map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

/** ConfigMap `<tenant>-redis-config` holding redis.conf. */
export function redisConfigMap(t: Tenant): KubeObject {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: names.redisConfig, namespace: names.namespace, labels: { app: 'redis', ...tenantLabels(tenant, 'redis') } },
    data: { 'redis.conf': redisConf(t) },
  };
}

/** Headless Service `<tenant>-redis` (the StatefulSet's governing service). */
export function redisService(t: Tenant): KubeObject {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: names.redis, namespace: names.namespace, labels: { app: 'redis', ...tenantLabels(tenant, 'redis') } },
    spec: {
      clusterIP: 'None',
      selector: redisSelector(tenant),
      ports: [{ name: 'redis', port: Defaults.redisPort, targetPort: 'redis', protocol: 'TCP' }],
    },
  };
}

/**
 * StatefulSet `<tenant>-redis`. Volume claim templates cannot change after creation, so an existing
 * StatefulSet keeps its templates (liveStorage) and a changed spec.redis.storage only affects new
 * StatefulSets.
 */
export function redisStatefulSet(t: Tenant, liveStorage?: string): KubeObject {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  const conf = redisConf(t);
  const storage = liveStorage ?? redisStorage(t);
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: names.redis, namespace: names.namespace, labels: { app: 'redis', ...tenantLabels(tenant, 'redis') } },
    spec: {
      serviceName: names.redis,
      replicas: redisReplicas(t),
      selector: { matchLabels: redisSelector(tenant) },
      template: {
        metadata: {
          labels: redisSelector(tenant),
          annotations: { [CONFIG_HASH_ANNOTATION]: createHash('sha256').update(conf).digest('hex').slice(0, 16) },
        },
        spec: {
          containers: [{
            name: 'redis',
            image: t.spec?.redis?.image || Defaults.redisImage,
            command: ['redis-server', '/etc/redis/redis.conf'],
            ports: [{ name: 'redis', containerPort: Defaults.redisPort, protocol: 'TCP' }],
            resources: containerResources(t.spec?.redis?.resources, DefaultResources.redis),
            volumeMounts: [
              { name: 'redis-config', mountPath: '/etc/redis' },
              { name: 'redis-data', mountPath: '/data' },
            ],
            livenessProbe: { tcpSocket: { port: 'redis' }, initialDelaySeconds: 15, periodSeconds: 20 },
            readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, initialDelaySeconds: 5, periodSeconds: 10 },
          }],
          volumes: [{ name: 'redis-config', configMap: { name: names.redisConfig } }],
        },
      },
      volumeClaimTemplates: [{
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { name: 'redis-data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
      }],
    },
  };
}
