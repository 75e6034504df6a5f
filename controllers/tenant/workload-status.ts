/**
 * Rollout state of a StatefulSet or Deployment, reported both as the Tenant's ComponentStatus
 * (Pending, Provisioning, Degraded, Running) and as the engine's component state.
 */
import type { ComponentState, KubeObject } from '../../runtime/index.ts';
import type { ComponentStatus } from '../../apis/neurallog/v1/tenant_types.ts';

/** A workload's status for the Tenant plus the engine's view of it. */
export interface WorkloadReport {
  status: ComponentStatus;
  state: ComponentState;
  reason: string;
}

interface WorkloadStatusFields {
  observedGeneration?: number;
  readyReplicas?: number;
  replicas?: number;
}

/** Reports on `live` (undefined while not created) against the desired replica count. */
export function workloadReport(label: string, live: KubeObject | undefined, desired: number): WorkloadReport {
  if (!live) {
    return { state: 'Progressing', reason: 'Creating', status: { phase: 'Pending', message: `${label} is being created`, readyReplicas: 0, totalReplicas: 0 } };
  }
  const st = (live.status ?? {}) as WorkloadStatusFields;
  const ready = st.readyReplicas ?? 0;
  const total = st.replicas ?? 0;
  const base = { readyReplicas: ready, totalReplicas: total };
  const generation = live.metadata.generation;
  if (st.observedGeneration !== undefined && generation !== undefined && st.observedGeneration < generation) {
    return { state: 'Progressing', reason: 'RollingOut', status: { ...base, phase: 'Provisioning', message: `${label} is rolling out a new revision` } };
  }
  if (desired > 0 && ready === 0) {
    return { state: 'Progressing', reason: 'Provisioning', status: { ...base, phase: 'Provisioning', message: `${label} is being provisioned` } };
  }
  if (ready < desired) {
    return { state: 'Progressing', reason: 'ReplicasNotReady', status: { ...base, phase: 'Degraded', message: `${label} is degraded: ${ready}/${desired} replicas ready` } };
  }
  return { state: 'Ready', reason: 'Running', status: { ...base, phase: 'Running', message: `${label} is running: ${ready}/${desired} replicas ready` } };
}
