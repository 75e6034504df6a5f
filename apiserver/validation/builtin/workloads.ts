/** Validation of workload kinds: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs. */
import type { BuiltinValidator } from './types.ts';

/** Validators of the workload kinds, by storage key. */
export const WORKLOAD_VALIDATORS: Record<string, BuiltinValidator> = {};
