/**
 * The LocalWorkload status: Pending until the first heartbeat, Connected while heartbeats are
 * fresh, Disconnected once they are stale, Failed when the heartbeat is unreadable or the sandbox
 * or its service does not exist. Connected follows the heartbeat; Ready adds that the sandbox is ready.
 */
import type { LocalWorkload, LocalWorkloadStatus } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { findStatusCondition, rfc3339Now, setStatusCondition, type Condition } from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, ANNOTATION_TUNNEL_ID, type Heartbeat } from './heartbeat.ts';
import { effectiveRoutingKey } from './naming.ts';

/** An event the status change calls for. */
export interface WorkloadEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

/** What the reconcile found. */
export interface WorkloadObservation {
  sandbox: Sandbox | undefined;
  heartbeat: Heartbeat;
  timeoutSeconds: number;
}

type Phase = NonNullable<LocalWorkloadStatus['phase']>;

/** Writes phase, connection fields and conditions into status; returns the events to record. */
export function applyWorkloadObservation(lw: LocalWorkload, status: LocalWorkloadStatus, obs: WorkloadObservation, now: Date): WorkloadEvent[] {
  const conditions: Condition[] = (status.conditions ??= []) as Condition[];
  const g = { observedGeneration: lw.metadata?.generation };
  const set = (type: string, ok: boolean, reason: string, message: string) =>
    setStatusCondition(conditions, { ...g, type, status: ok ? 'True' : 'False', reason, message }, now);
  const before: Phase = status.phase ?? 'Pending';
  const events: WorkloadEvent[] = [];
  status.observedGeneration = lw.metadata?.generation;
  const tunnel = lw.metadata?.annotations?.[ANNOTATION_TUNNEL_ID];
  if (tunnel) status.tunnelID = tunnel;
  else delete status.tunnelID;

  const fail = (reason: string, message: string): WorkloadEvent[] => {
    const priorMessage = findStatusCondition(conditions, 'Ready')?.message;
    status.phase = 'Failed';
    delete status.connectedAt;
    set('Connected', false, reason, message);
    set('Ready', false, reason, message);
    if (before !== 'Failed' || priorMessage !== message) events.push({ type: 'Warning', reason, message });
    return events;
  };

  const sandboxName = lw.spec.sandboxRef.name;
  if (!obs.sandbox) return fail('SandboxNotFound', `Sandbox "${sandboxName}" not found`);
  status.routingKey = obs.sandbox.status?.routingKey || effectiveRoutingKey(obs.sandbox);
  if (!obs.sandbox.spec?.services?.some((s) => s.name === lw.spec.service.name)) {
    return fail('ServiceNotFound', `Sandbox "${sandboxName}" has no service "${lw.spec.service.name}"`);
  }

  const hb = obs.heartbeat;
  if (hb.kind === 'invalid') return fail('InvalidHeartbeat', `annotation ${ANNOTATION_HEARTBEAT} "${hb.value}" is not an RFC 3339 time`);
  if (hb.kind === 'absent') {
    status.phase = 'Pending';
    set('Connected', false, 'AwaitingHeartbeat', 'no heartbeat from the local agent yet');
    set('Ready', false, 'AwaitingHeartbeat', 'no heartbeat from the local agent yet');
    return events;
  }
  status.lastHeartbeat = rfc3339Now(hb.at);
  if (hb.kind === 'stale') {
    status.phase = 'Disconnected';
    delete status.connectedAt;
    const message = `last heartbeat at ${status.lastHeartbeat} is older than the ${obs.timeoutSeconds}s staleness timeout`;
    set('Connected', false, 'HeartbeatStale', message);
    set('Ready', false, 'HeartbeatStale', message);
    if (before !== 'Disconnected') events.push({ type: 'Warning', reason: 'Disconnected', message });
    return events;
  }
  status.phase = 'Connected';
  if (before !== 'Connected' || !status.connectedAt) status.connectedAt = rfc3339Now(hb.at);
  set('Connected', true, 'HeartbeatReceived', `heartbeats arrive within the ${obs.timeoutSeconds}s staleness timeout`);
  const sandboxReady = findStatusCondition(obs.sandbox.status?.conditions, 'Ready')?.status === 'True';
  if (sandboxReady) set('Ready', true, 'Connected', `connected to sandbox "${sandboxName}"`);
  else set('Ready', false, 'SandboxNotReady', `Sandbox "${sandboxName}" is not ready`);
  if (before !== 'Connected') events.push({ type: 'Normal', reason: 'Connected', message: `local agent connected${tunnel ? ` through tunnel ${tunnel}` : ''}` });
  return events;
}
