/**
 * The Sandbox status: phase, the Ready condition and the per-service states, derived from what the
 * reconcile found. Pending while forks roll out, Running once every fork is available, Failed
 * while a service cannot be forked (its baseline is missing, its name is unusable or taken).
 */
import type { SandboxServiceStatus, SandboxStatus } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { findStatusCondition, setStatusCondition, type Condition } from '../../runtime/index.ts';

/** Condition types of a Sandbox. */
export const SandboxCondition = { Ready: 'Ready' } as const;

/** Reasons of the Ready condition (also the reasons of the matching events). */
export const SandboxReason = {
  ServicesReady: 'ServicesReady',
  ServicesNotReady: 'ServicesNotReady',
  BaselineNotFound: 'BaselineNotFound',
  InvalidForkName: 'InvalidForkName',
  ForkNameTaken: 'ForkNameTaken',
  Terminating: 'Terminating',
} as const;

/** A service that could not be forked. */
export interface ForkProblem {
  service: string;
  reason: typeof SandboxReason.BaselineNotFound | typeof SandboxReason.InvalidForkName | typeof SandboxReason.ForkNameTaken;
  message: string;
}

/** What the reconcile observed about the forks. */
export interface ForkObservation {
  services: SandboxServiceStatus[];
  problems: ForkProblem[];
  generation: number | undefined;
}

/** Whether the Ready condition just turned True. */
export interface StatusChange {
  becameReady: boolean;
}

/** Writes phase, services and Ready into status from the observation. */
export function applyForkObservation(status: SandboxStatus, obs: ForkObservation, now: Date): StatusChange {
  const conditions: Condition[] = (status.conditions ??= []) as Condition[];
  const wasReady = findStatusCondition(conditions, SandboxCondition.Ready)?.status === 'True';
  status.services = obs.services;
  const base = { type: SandboxCondition.Ready, observedGeneration: obs.generation };
  if (obs.problems.length) {
    status.phase = 'Failed';
    const reasons = new Set(obs.problems.map((p) => p.reason));
    const reason = reasons.size === 1 ? obs.problems[0]!.reason : 'ForkFailed';
    setStatusCondition(conditions, { ...base, status: 'False', reason, message: obs.problems.map((p) => p.message).join('; ') }, now);
    return { becameReady: false };
  }
  const waiting = obs.services.filter((s) => !s.ready).map((s) => s.name);
  if (waiting.length) {
    status.phase = 'Pending';
    setStatusCondition(conditions, { ...base, status: 'False', reason: SandboxReason.ServicesNotReady, message: `waiting for forked services to become available: ${waiting.join(', ')}` }, now);
    return { becameReady: false };
  }
  status.phase = 'Running';
  setStatusCondition(conditions, { ...base, status: 'True', reason: SandboxReason.ServicesReady, message: `all ${obs.services.length} forked services are available` }, now);
  return { becameReady: !wasReady };
}

/** Marks the sandbox as going away. */
export function markTerminating(status: SandboxStatus, now: Date): void {
  status.phase = 'Terminating';
  setStatusCondition((status.conditions ??= []) as Condition[], { type: SandboxCondition.Ready, status: 'False', reason: SandboxReason.Terminating, message: 'the sandbox is being deleted' }, now);
}
