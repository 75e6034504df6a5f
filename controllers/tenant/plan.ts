/** What should exist for a tenant, in dependency order, and which stale policies go. */
import type { PlanResult } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { tenantNamespace } from './namespace.ts';
import { tenantNetworkPolicies } from './network-policies.ts';
import { liveRedisStorage, redisConfigMap, redisService, redisStatefulSet } from './redis.ts';
import { serverDeployment, serverService } from './server.ts';
import { namespaceTerminating, type TenantState } from './state.ts';

/**
 * The namespace first (its children need it), then Redis, then the server that connects to it,
 * then the policies. Nothing is planned into a terminating namespace: writes there are refused.
 */
export function planTenant(t: Tenant, state: TenantState): PlanResult {
  if (namespaceTerminating(state)) return { apply: [] };
  const policies = tenantNetworkPolicies(t);
  const wanted = new Set(policies.map((p) => p.metadata.name));
  return {
    apply: [
      tenantNamespace(t.metadata!.name!),
      redisConfigMap(t),
      redisService(t),
      redisStatefulSet(t, liveRedisStorage(state.remote.redisStatefulSet)),
      serverService(t),
      serverDeployment(t),
      ...policies,
    ],
    delete: state.remote.networkPolicies
      .filter((p) => !wanted.has(p.metadata.name))
      .map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.metadata.name, namespace: p.metadata.namespace } })),
  };
}
