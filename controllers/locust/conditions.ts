/** Condition types, reasons and phases of LocustTest status, as the upstream API defines them. */

/** Where a test is in its lifecycle. */
export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** Condition types. */
export const Cond = {
  Ready: 'Ready',
  WorkersConnected: 'WorkersConnected',
  TestCompleted: 'TestCompleted',
  PodsHealthy: 'PodsHealthy',
  SpecDrifted: 'SpecDrifted',
} as const;

/** Condition reasons. */
export const Reason = {
  ResourcesCreating: 'ResourcesCreating',
  ResourcesCreated: 'ResourcesCreated',
  ResourcesFailed: 'ResourcesFailed',
  ConfigMapNotFound: 'ConfigMapNotFound',
  WaitingForWorkers: 'WaitingForWorkers',
  AllWorkersConnected: 'AllWorkersConnected',
  WorkersMissing: 'WorkersMissing',
  TestInProgress: 'TestInProgress',
  TestSucceeded: 'TestSucceeded',
  TestFailed: 'TestFailed',
  SpecChangeIgnored: 'SpecChangeIgnored',
  PodsStarting: 'PodsStarting',
  PodsHealthy: 'PodsHealthy',
  ImagePullError: 'ImagePullError',
  ConfigurationError: 'ConfigurationError',
  SchedulingError: 'SchedulingError',
  CrashLoopBackOff: 'CrashLoopBackOff',
  InitializationError: 'InitializationError',
} as const;

/** True for phases after which nothing is recreated or re-derived. */
export function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
