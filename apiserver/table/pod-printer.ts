/**
 * The Pod printer: READY counts ready containers (sidecar init containers included), STATUS is
 * the most telling reason among init containers, containers and the pod (`Init:0/2`,
 * `CrashLoopBackOff`, `Completed`, `Terminating`), RESTARTS adds how long ago the last one was.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { humanAge } from './age.ts';
import { ageColumn, column, nameColumn, wide, type BuiltinPrinter, type Obj, type TableRowCondition } from './columns.ts';

interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** Sidecars are init containers that keep running (restartPolicy Always). */
const isSidecar = (c: Obj | undefined) => c?.restartPolicy === 'Always';

function lastRestartTime(cs: Obj): number {
  const finished = cs.lastState?.terminated?.finishedAt;
  const t = typeof finished === 'string' ? Date.parse(finished) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function hasCondition(status: Obj, type: string): boolean {
  return ((status.conditions ?? []) as Obj[]).some((c) => c.type === type && c.status === 'True');
}

function terminatedReason(t: Obj, prefix: string): string {
  if (t.reason) return `${prefix}${t.reason}`;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

/** Computes READY, STATUS and RESTARTS the way kubectl users see them. */
export function summarizePod(pod: Obj, now: Date): PodSummary {
  const spec = (pod.spec ?? {}) as Obj;
  const status = (pod.status ?? {}) as Obj;
  const initSpecs = (spec.initContainers ?? []) as Obj[];
  const initByName = new Map(initSpecs.map((c) => [c.name, c]));
  const total = ((spec.containers ?? []) as Obj[]).length + initSpecs.filter(isSidecar).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestart = 0;
  let reason: string = status.reason || status.phase || '';
  if (((status.conditions ?? []) as Obj[]).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = (status.initContainerStatuses ?? []) as Obj[];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const sidecar = isSidecar(initByName.get(cs.name));
    restarts += cs.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, lastRestartTime(cs));
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = Math.max(lastSidecarRestart, lastRestartTime(cs));
    }
    const state = (cs.state ?? {}) as Obj;
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as Obj[];
    // Walk backwards so the first container's state wins, as kubectl shows it.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      const state = (cs.state ?? {}) as Obj;
      restarts += cs.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, lastRestartTime(cs));
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (cs.ready && state.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(status, 'Ready') ? 'Running' : 'NotReady';
  }

  const phase = status.phase;
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanAge(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

const summaries = new WeakMap<object, { at: number; summary: PodSummary }>();

/** The summary of one pod at one instant, computed once for its three cells. */
function summaryOf(pod: Obj, now: Date): PodSummary {
  const hit = summaries.get(pod);
  if (hit && hit.at === now.getTime()) return hit.summary;
  const summary = summarizePod(pod, now);
  summaries.set(pod, { at: now.getTime(), summary });
  return summary;
}

function readinessGates(pod: Obj): string {
  const gates = (pod.spec?.readinessGates ?? []) as Obj[];
  if (!gates.length) return '<none>';
  const conditions = (pod.status?.conditions ?? []) as Obj[];
  const passing = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passing}/${gates.length}`;
}

function podIP(pod: Obj): string {
  // podIPs mirrors podIP once decoded; older objects may carry only podIP.
  return pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
}

function finishedConditions(pod: KubeObject): TableRowCondition[] | undefined {
  const phase = (pod as Obj).status?.phase;
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

/** Pod columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: BuiltinPrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Ready containers out of all containers (sidecars included).', (o, now) => summaryOf(o, now).ready),
    column('Status', 'string', 'The most telling state of the pod and its containers.', (o, now) => summaryOf(o, now).status),
    column('Restarts', 'string', 'Container restarts, and how long ago the last one happened.', (o, now) => summaryOf(o, now).restarts),
    ageColumn,
    wide('IP', 'string', 'The first IP address of the pod (status.podIPs).', podIP),
    wide('Node', 'string', 'The node the pod is bound to (spec.nodeName).', (o) => o.spec?.nodeName || '<none>'),
    wide('Nominated Node', 'string', 'The node the scheduler nominated for preemption (status.nominatedNodeName).', (o) => o.status?.nominatedNodeName || '<none>'),
    wide('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates.', readinessGates),
  ],
  conditions: finishedConditions,
};
