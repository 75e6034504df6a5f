/** The API kind this operator reconciles, and the names, labels and defaults it stamps on children. */
import type { KubeObject, Resource } from '../../runtime/index.ts';
import { TenantResource } from '../../generated/clients/tenant.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';

/** neurallog.io/v1 Tenant, cluster-scoped (the generated typed resource). */
export const Tenants: Resource<Tenant> = TenantResource;

/** Name of the CRD that serves Tenants. */
export const TENANT_CRD_NAME = `${Tenants.plural}.${Tenants.group}`;

/** Guards namespace removal before a Tenant disappears. */
export const TENANT_FINALIZER = 'neurallog.io/finalizer';

/** Label naming the owning tenant on every child (also what watches map back from). */
export const TENANT_LABEL = 'neurallog.io/tenant';
/** Label naming the tenant component (redis, server, network-policy). */
export const COMPONENT_LABEL = 'neurallog.io/component';
/** Label marking objects this operator manages. */
export const MANAGED_BY_LABEL = 'neurallog.io/managed-by';
/** Value of MANAGED_BY_LABEL. */
export const MANAGED_BY = 'tenant-operator';
/** Annotation that pauses reconciliation of one tenant when "true". */
export const PAUSED_ANNOTATION = 'neurallog.io/reconciliation-paused';

/** Prefix of tenant namespaces: `tenant-<name>`. */
export const NAMESPACE_PREFIX = 'tenant-';

/** Ports and images the tenant components use unless the spec says otherwise. */
export const Defaults = {
  redisImage: 'redis:7-alpine',
  redisPort: 6379,
  redisStorage: '1Gi',
  redisMaxMemory: '256mb',
  serverImage: 'neurallog/server:latest',
  serverPort: 3030,
  authUrl: 'http://auth:3000',
} as const;

/** Names of everything a tenant gets. */
export function childNames(tenant: string) {
  return {
    namespace: `${NAMESPACE_PREFIX}${tenant}`,
    redisConfig: `${tenant}-redis-config`,
    redis: `${tenant}-redis`,
    server: `${tenant}-server`,
  };
}

/** The tenant a tenant namespace belongs to (undefined for other namespaces). */
export function tenantOfNamespace(namespace: string | undefined): string | undefined {
  return namespace?.startsWith(NAMESPACE_PREFIX) && namespace.length > NAMESPACE_PREFIX.length ? namespace.slice(NAMESPACE_PREFIX.length) : undefined;
}

/** Labels shared by every child of a tenant; the selector labels of a component add `app`. */
export function tenantLabels(tenant: string, component?: string): Record<string, string> {
  return { [TENANT_LABEL]: tenant, [MANAGED_BY_LABEL]: MANAGED_BY, ...(component ? { [COMPONENT_LABEL]: component } : {}) };
}

/** A Tenant viewed as a generic object, with its type meta filled in. */
export function asObject(t: Tenant): KubeObject {
  const obj = t as unknown as KubeObject;
  obj.apiVersion ||= 'neurallog.io/v1';
  obj.kind ||= 'Tenant';
  obj.metadata ??= {};
  return obj;
}
