/**
 * The LocustTest status state machine: initial status, the phase derived from the master Job,
 * worker connection, pod health and spec drift. Pure functions over a status copy; they return
 * the events the transition deserves, which the reconciler records once the status is written.
 */
import type { V1Job } from '@kubernetes/client-node';
import type { LocustTest, LocustTestStatus } from '../../apis/locust/v2/locusttest_types.ts';
import { rfc3339Now, setStatusCondition } from '../../runtime/index.ts';
import { Cond, isTerminal, Reason, type Phase } from './conditions.ts';
import type { PodHealth } from './pod-health.ts';

/** An event to record about the test. */
export interface PendingEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Sets a condition stamped with the test's generation. */
export function setCondition(status: LocustTestStatus, lt: LocustTest, type: string, ok: boolean, reason: string, message: string, now: Date): void {
  status.conditions ??= [];
  setStatusCondition(status.conditions, { type, status: ok ? 'True' : 'False', reason, message, observedGeneration: lt.metadata?.generation }, now);
}

/** The status of a test seen for the first time. */
export function initializeStatus(status: LocustTestStatus, lt: LocustTest, now: Date): void {
  status.phase = 'Pending';
  status.expectedWorkers = lt.spec?.worker.replicas ?? 0;
  status.connectedWorkers = 0;
  setCondition(status, lt, Cond.Ready, false, Reason.ResourcesCreating, 'Creating resources', now);
  setCondition(status, lt, Cond.WorkersConnected, false, Reason.WaitingForWorkers, 'Waiting for workers to connect', now);
  setCondition(status, lt, Cond.TestCompleted, false, Reason.TestInProgress, 'Test has not started', now);
  setCondition(status, lt, Cond.PodsHealthy, true, Reason.PodsStarting, 'Waiting for pods to start', now);
}

function jobCondition(job: V1Job | undefined, type: string): boolean {
  return job?.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/** The phase a master Job implies: Complete -> Succeeded, Failed -> Failed, active pods -> Running. */
export function phaseFromMasterJob(job: V1Job | undefined): Phase {
  if (jobCondition(job, 'Complete')) return 'Succeeded';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if ((job?.status?.active ?? 0) > 0) return 'Running';
  return 'Pending';
}

/** What the reconciler observed about a test whose children exist. */
export interface Observation {
  masterJob: V1Job | undefined;
  workerJob: V1Job | undefined;
  podHealth: PodHealth;
}

/** Moves the phase (with its event, timestamps and conditions) from what the Jobs and pods show. */
export function applyObservation(status: LocustTestStatus, lt: LocustTest, obs: Observation, now: Date): PendingEvent[] {
  const events: PendingEvent[] = [];
  let phase = phaseFromMasterJob(obs.masterJob);
  if (phase === 'Pending' && status.phase === 'Running') phase = 'Running';
  if (!obs.podHealth.healthy && !obs.podHealth.inGracePeriod && !isTerminal(phase)) phase = 'Failed';
  if (status.phase !== phase) {
    status.phase = phase;
    if (phase === 'Running') events.push({ type: 'Normal', reason: 'TestStarted', message: 'Load test execution started' });
    if (phase === 'Succeeded') events.push({ type: 'Normal', reason: 'TestCompleted', message: 'Load test completed successfully' });
    if (phase === 'Failed') events.push({ type: 'Warning', reason: 'TestFailed', message: 'Load test execution failed' });
    if (phase !== 'Pending') status.startTime ??= rfc3339Now(now);
    if (isTerminal(phase)) {
      status.completionTime = rfc3339Now(now);
      if (phase === 'Succeeded') setCondition(status, lt, Cond.TestCompleted, true, Reason.TestSucceeded, 'Test completed successfully', now);
      else {
        setCondition(status, lt, Cond.TestCompleted, true, Reason.TestFailed, 'Test failed', now);
        setCondition(status, lt, Cond.Ready, false, Reason.ResourcesFailed, 'Test failed', now);
      }
    }
  }
  if (obs.workerJob) {
    const connected = obs.workerJob.status?.active ?? 0;
    const expected = status.expectedWorkers ?? 0;
    status.connectedWorkers = connected;
    const text = `${connected}/${expected} workers connected`;
    if (connected >= expected) setCondition(status, lt, Cond.WorkersConnected, true, Reason.AllWorkersConnected, text, now);
    else setCondition(status, lt, Cond.WorkersConnected, false, status.phase === 'Pending' ? Reason.WaitingForWorkers : Reason.WorkersMissing, text, now);
  }
  const h = obs.podHealth;
  setCondition(status, lt, Cond.PodsHealthy, h.healthy, h.reason, h.message, now);
  if (!h.healthy) events.push({ type: 'Warning', reason: 'PodFailure', message: h.message });
  return events;
}

/**
 * Marks a spec change made after the children were built from generation `builtFrom`. Tests are
 * immutable, so nothing else happens; the event fires once per ignored generation.
 */
export function markSpecDrift(status: LocustTestStatus, lt: LocustTest, builtFrom: number, now: Date): PendingEvent[] {
  const generation = lt.metadata?.generation ?? 0;
  if (generation <= builtFrom) return [];
  const existing = status.conditions?.find((c) => c.type === Cond.SpecDrifted);
  const alreadyReported = existing?.status === 'True' && existing.observedGeneration === generation;
  const message = `Spec changes after creation are ignored (children were built from generation ${builtFrom}). Delete and recreate the LocustTest to apply changes.`;
  setCondition(status, lt, Cond.SpecDrifted, true, Reason.SpecChangeIgnored, message, now);
  if (alreadyReported) return [];
  return [{ type: 'Warning', reason: 'SpecDrifted', message: `Spec change to generation ${generation} ignored: a LocustTest cannot be changed after its test has been created` }];
}
