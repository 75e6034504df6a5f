/** What should exist for a tenant, in dependency order, and which stale policies go. */
import type { KubeObject, PlanResult } from '../../runtime/index.ts';
import { Components } from './health.ts';
import { COMPONENT_LABEL } from './kinds.ts';
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
    componentOf,
    delete: state.remote.networkPolicies
      .filter((p) => !wanted.has(p.metadata.name))
      .map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.metadata.name, namespace: p.metadata.namespace } })),
  };
}

const componentByLabel: Record<string, string> = { redis: Components.Redis, server: Components.Server, 'network-policy': Components.NetworkPolicies };

/** The health component a child belongs to, from its component label (the namespace has none). */
function componentOf(obj: KubeObject): string | undefined {
  if (obj.kind === 'Namespace') return Components.Namespace;
  return componentByLabel[obj.metadata.labels?.[COMPONENT_LABEL] ?? ''];
}
