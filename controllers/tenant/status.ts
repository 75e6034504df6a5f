/** Tenant status fields besides conditions and the phase (which the state engine writes). */
import type { ComponentHealth, ComponentState } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { liveRedisStorage, redisReplicas, redisStorage } from './redis.ts';
import { serverReplicas } from './server.ts';
import type { TenantState } from './state.ts';
import { workloadReport } from './workload-status.ts';

/** Tenant phases. */
export const TenantPhase = { Pending: 'Pending', Provisioning: 'Provisioning', Running: 'Running', Failed: 'Failed', Terminating: 'Terminating' } as const;

/** How the engine's overall state reads as a Tenant phase. */
export const phaseOfState: Record<ComponentState, string> = {
  Ready: TenantPhase.Running,
  Progressing: TenantPhase.Provisioning,
  Pending: TenantPhase.Pending,
  NotAvailable: TenantPhase.Failed,
  Degraded: TenantPhase.Failed,
  Failed: TenantPhase.Failed,
};

/** Writes namespace, redisStatus and serverStatus. */
export function decorateTenantStatus(t: Tenant, state: TenantState, health: ComponentHealth[]): void {
  const status = (t.status ??= {});
  const { remote } = state;
  if (remote.namespace) status.namespace = remote.namespace.metadata.name;
  status.redisStatus = workloadReport('Redis', remote.redisStatefulSet, redisReplicas(t)).status;
  status.serverStatus = workloadReport('Server', remote.serverDeployment, serverReplicas(t)).status;
  const live = liveRedisStorage(remote.redisStatefulSet);
  if (live && live !== redisStorage(t)) {
    status.redisStatus.message = `${status.redisStatus.message}; volumes stay at ${live}: spec.redis.storage ${redisStorage(t)} applies only when the StatefulSet is recreated`;
  }
  // A failed component's status says why, rather than how its (stale) workload looks.
  for (const [component, key] of [['Redis', 'redisStatus'], ['Server', 'serverStatus']] as const) {
    const h = health.find((x) => x.component === component);
    if (h?.error) status[key] = { ...status[key], phase: h.state === 'Failed' ? 'Failed' : 'Pending', message: h.error.message };
  }
}
