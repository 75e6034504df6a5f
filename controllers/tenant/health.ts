/**
 * Component health of a tenant for the state engine: Namespace, Redis, Server and NetworkPolicies.
 * Spec problems make a component Failed (InvalidSpec); a missing ConfigMap or Secret the server's
 * environment needs leaves the server Pending (ReferenceNotFound) until it appears, holding back
 * only the server's objects.
 */
import { EngineError, type ComponentHealth } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { networkPoliciesEnabled, tenantNetworkPolicies } from './network-policies.ts';
import { redisReplicas } from './redis.ts';
import { serverReplicas } from './server.ts';
import { namespaceTerminating, type TenantState } from './state.ts';
import { workloadReport } from './workload-status.ts';
import type { SpecProblems } from './validation.ts';

/** Component names; the engine turns each into a `<Component>Ready` condition. */
export const Components = { Namespace: 'Namespace', Redis: 'Redis', Server: 'Server', NetworkPolicies: 'NetworkPolicies' } as const;

function invalid(component: keyof SpecProblems, problems: SpecProblems): ComponentHealth | undefined {
  const list = problems[component];
  if (!list.length) return undefined;
  return { component, state: 'Failed', error: new EngineError('InvalidSpec', list.join('; '), { component }) };
}

function namespaceHealth(state: TenantState): ComponentHealth {
  if (!state.remote.namespace) return { component: Components.Namespace, state: 'Pending', reason: 'Creating', message: 'the tenant namespace is being created' };
  if (namespaceTerminating(state)) return { component: Components.Namespace, state: 'Progressing', reason: 'NamespaceTerminating', message: 'the tenant namespace is terminating; it is recreated once gone' };
  return { component: Components.Namespace, state: 'Ready', reason: 'Active', message: `namespace ${state.remote.namespace.metadata.name} is active` };
}

function networkPolicyHealth(t: Tenant, state: TenantState): ComponentHealth {
  if (!networkPoliciesEnabled(t)) return { component: Components.NetworkPolicies, state: 'Ready', reason: 'Disabled', message: 'network policies are disabled' };
  const want = tenantNetworkPolicies(t).map((p) => p.metadata.name!);
  const have = new Set(state.remote.networkPolicies.map((p) => p.metadata.name));
  const present = want.filter((n) => have.has(n)).length;
  if (present === want.length) return { component: Components.NetworkPolicies, state: 'Ready', reason: 'Applied', message: `${present} network policies in place` };
  return { component: Components.NetworkPolicies, state: 'Progressing', reason: 'Creating', message: `${present} of ${want.length} network policies in place` };
}

/** Health of every component. */
export function tenantHealth(t: Tenant, state: TenantState): ComponentHealth[] {
  const { remote, problems } = state;
  const redis = workloadReport('Redis', remote.redisStatefulSet, redisReplicas(t));
  const server = workloadReport('Server', remote.serverDeployment, serverReplicas(t));
  const serverHealth: ComponentHealth = remote.missingReferences.length
    // Only the server needs these references: Redis, the namespace and the policies go on converging.
    ? { component: Components.Server, state: 'Pending', error: new EngineError('MissingUpstreamDependency', `server environment: ${remote.missingReferences.join('; ')}`, { component: Components.Server, scope: 'component' }) }
    : { component: Components.Server, state: server.state, reason: server.reason, message: server.status.message };
  return [
    invalid('Namespace', problems) ?? namespaceHealth(state),
    invalid('Redis', problems) ?? { component: Components.Redis, state: redis.state, reason: redis.reason, message: redis.status.message },
    invalid('Server', problems) ?? serverHealth,
    invalid('NetworkPolicies', problems) ?? networkPolicyHealth(t, state),
  ];
}
