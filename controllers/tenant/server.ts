/** The tenant's NeuralLog server: a Deployment and a ClusterIP Service on port 3030. */
import type { KubeObject } from '../../runtime/index.ts';
import type { EnvVar, Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { DefaultResources, containerResources } from './container-resources.ts';
import { Defaults, childNames, tenantLabels } from './kinds.ts';

/** Labels selecting the tenant's server pods. */
export function serverSelector(tenant: string): Record<string, string> {
  return { app: 'neurallog-server', ...tenantLabels(tenant, 'server') };
}

/** Desired server replicas (default 1). */
export function serverReplicas(t: Tenant): number {
  return t.spec?.server?.replicas ?? 1;
}

/** core/v1 EnvVar of a spec variable (value or a ConfigMap/Secret key). */
function containerEnv(e: EnvVar): Record<string, unknown> {
  if (!e.valueFrom) return { name: e.name, value: e.value ?? '' };
  const cm = e.valueFrom.configMapKeyRef;
  const sec = e.valueFrom.secretKeyRef;
  const ref = (r: { name: string; key: string; optional?: boolean }) => ({ name: r.name, key: r.key, ...(r.optional !== undefined ? { optional: r.optional } : {}) });
  return { name: e.name, valueFrom: cm ? { configMapKeyRef: ref(cm) } : { secretKeyRef: ref(sec!) } };
}

/** The server's environment: the operator's variables, overridden or extended by spec.server.env. */
export function serverEnv(t: Tenant): unknown[] {
  const tenant = t.metadata!.name!;
  const env = new Map<string, unknown>([
    ['NODE_ENV', { name: 'NODE_ENV', value: 'production' }],
    ['PORT', { name: 'PORT', value: String(Defaults.serverPort) }],
    ['REDIS_URL', { name: 'REDIS_URL', value: `redis://${childNames(tenant).redis}:${Defaults.redisPort}` }],
    ['LOG_LEVEL', { name: 'LOG_LEVEL', value: 'info' }],
    ['TENANT_ID', { name: 'TENANT_ID', value: tenant }],
    ['AUTH_URL', { name: 'AUTH_URL', value: Defaults.authUrl }],
  ]);
  for (const e of t.spec?.server?.env ?? []) env.set(e.name, containerEnv(e));
  return [...env.values()];
}

/** Service `<tenant>-server` (3030 → the pods' "http" port). */
export function serverService(t: Tenant): KubeObject {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: names.server, namespace: names.namespace, labels: serverSelector(tenant) },
    spec: {
      type: 'ClusterIP',
      selector: serverSelector(tenant),
      ports: [{ name: 'http', port: Defaults.serverPort, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** Deployment `<tenant>-server`. */
export function serverDeployment(t: Tenant): KubeObject {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  const probe = (initialDelaySeconds: number) => ({ httpGet: { path: '/health', port: 'http' }, initialDelaySeconds, periodSeconds: 10 });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: names.server, namespace: names.namespace, labels: serverSelector(tenant) },
    spec: {
      replicas: serverReplicas(t),
      selector: { matchLabels: serverSelector(tenant) },
      template: {
        metadata: { labels: serverSelector(tenant) },
        spec: {
          containers: [{
            name: 'server',
            image: t.spec?.server?.image || Defaults.serverImage,
            ports: [{ name: 'http', containerPort: Defaults.serverPort, protocol: 'TCP' }],
            env: serverEnv(t),
            resources: containerResources(t.spec?.server?.resources, DefaultResources.server),
            readinessProbe: probe(5),
            livenessProbe: probe(15),
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

/** ConfigMaps and Secrets the server's environment requires (optional references excluded). */
export function requiredEnvReferences(t: Tenant): { kind: 'ConfigMap' | 'Secret'; name: string; key: string }[] {
  const out: { kind: 'ConfigMap' | 'Secret'; name: string; key: string }[] = [];
  for (const e of t.spec?.server?.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm && !cm.optional) out.push({ kind: 'ConfigMap', name: cm.name, key: cm.key });
    if (sec && !sec.optional) out.push({ kind: 'Secret', name: sec.name, key: sec.key });
  }
  return out;
}
