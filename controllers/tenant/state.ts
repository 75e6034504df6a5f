/** The composed state the planner and health checks work from. */
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import type { TenantRemoteState } from './remote-state.ts';
import { validateTenant, type SpecProblems } from './validation.ts';

/** Live objects plus the spec's problems. */
export interface TenantState {
  remote: TenantRemoteState;
  problems: SpecProblems;
}

/** Combines the live state with the spec checks. */
export function composeTenantState(t: Tenant, remote: TenantRemoteState): TenantState {
  return { remote, problems: validateTenant(t) };
}

/** True when the tenant's namespace is being deleted. */
export function namespaceTerminating(state: TenantState): boolean {
  const ns = state.remote.namespace;
  return !!ns && (!!ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating');
}
