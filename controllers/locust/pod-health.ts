/**
 * Health of a test's pods, judged from their status after a start-up grace period: scheduling
 * failures, image pulls, container configuration errors (a missing ConfigMap or Secret), crash
 * loops and failed init containers. Native sidecars that the kubelet stops at the end of a pod
 * are not failures.
 */
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { Reason } from './conditions.ts';

/** Aggregated health of a test's pods. */
export interface PodHealth {
  healthy: boolean;
  reason: string;
  message: string;
  /** True while the oldest pod is younger than the grace period. */
  inGracePeriod: boolean;
  /** Time left of the grace period (ms), 0 when over. */
  graceRemainingMs: number;
}

interface PodFailure {
  pod: string;
  type: string;
  message: string;
}

const PRIORITY = [Reason.ConfigurationError, Reason.ImagePullError, Reason.SchedulingError, Reason.CrashLoopBackOff, Reason.InitializationError];

function isNativeSidecar(c: V1Container): boolean {
  return c.restartPolicy === 'Always';
}

function expectedConfigMap(lt: LocustTest): string | undefined {
  return lt.spec?.testFiles?.configMapRef || lt.spec?.testFiles?.libConfigMapRef || undefined;
}

function configErrorMessage(message: string, lt: LocustTest): string {
  const expected = expectedConfigMap(lt);
  const named = /[Cc]onfig[Mm]ap\s+"([^"]+)"/.exec(message)?.[1];
  if (named !== undefined) return expected && named === expected ? `ConfigMap not found (expected: ${expected}). ${message}` : message;
  return expected ? `ConfigMap not found (expected: ${expected}). ${message}` : message;
}

function containerFailure(pod: string, s: V1ContainerStatus, init: boolean, sidecar: boolean, lt: LocustTest): PodFailure | undefined {
  const waiting = s.state?.waiting;
  if (waiting) {
    const reason = waiting.reason ?? '';
    const message = waiting.message ?? '';
    if (reason === 'CreateContainerConfigError') return { pod, type: Reason.ConfigurationError, message: configErrorMessage(message, lt) };
    if (reason.includes('ImagePull')) return { pod, type: Reason.ImagePullError, message };
    if (reason === 'CrashLoopBackOff') return { pod, type: Reason.CrashLoopBackOff, message };
  }
  const term = s.state?.terminated;
  if (!sidecar && term && term.exitCode !== 0) {
    return { pod, type: init ? Reason.InitializationError : Reason.CrashLoopBackOff, message: `Container ${s.name} exited with code ${term.exitCode}: ${term.reason ?? ''}` };
  }
  return undefined;
}

function podFailure(pod: V1Pod, lt: LocustTest): PodFailure | undefined {
  const name = pod.metadata?.name ?? '';
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return { pod: name, type: Reason.SchedulingError, message: unscheduled.message ?? '' };
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter(isNativeSidecar).map((c) => c.name));
  for (const s of pod.status?.initContainerStatuses ?? []) {
    const f = containerFailure(name, s, true, sidecars.has(s.name), lt);
    if (f) return f;
  }
  for (const s of pod.status?.containerStatuses ?? []) {
    const f = containerFailure(name, s, false, false, lt);
    if (f) return f;
  }
  return undefined;
}

/** Judges the pods of a test at time `now`. */
export function assessPodHealth(lt: LocustTest, pods: V1Pod[], graceMs: number, now: number): PodHealth {
  if (!pods.length) return { healthy: true, reason: Reason.PodsStarting, message: 'Waiting for pods to be created', inGracePeriod: false, graceRemainingMs: 0 };
  const oldest = Math.min(...pods.map((p) => Date.parse(String(p.metadata?.creationTimestamp ?? '')) || now));
  const remaining = graceMs - (now - oldest);
  if (remaining > 0) return { healthy: true, reason: Reason.PodsStarting, message: 'Pods are starting up', inGracePeriod: true, graceRemainingMs: remaining };
  const failures = pods.map((p) => podFailure(p, lt)).filter((f): f is PodFailure => f !== undefined);
  if (!failures.length) return { healthy: true, reason: Reason.PodsHealthy, message: 'All pods are healthy', inGracePeriod: false, graceRemainingMs: 0 };
  const type = PRIORITY.find((t) => failures.some((f) => f.type === t)) ?? failures[0]!.type;
  const primary = failures.filter((f) => f.type === type);
  let message = `${type}: ${primary.length} pod(s) affected [${primary.map((f) => f.pod).join(', ')}]: ${primary[0]!.message}`;
  if (type === Reason.ConfigurationError) message += '. Create the ConfigMap and the pods will restart automatically.';
  return { healthy: false, reason: type, message, inGracePeriod: false, graceRemainingMs: 0 };
}
