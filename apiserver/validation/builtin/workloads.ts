/** Validation of workload kinds: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs. */
import type { BuiltinValidator } from './types.ts';
import { validateDeployment, validateReplicaSet } from './workload-apps.ts';
import { validateCronJob } from './workload-cron.ts';
import { validateDaemonSet } from './workload-daemonset.ts';
import { validateJob } from './workload-job.ts';
import { validateStatefulSet } from './workload-statefulset.ts';

/** Validators of the workload kinds, by storage key. */
export const WORKLOAD_VALIDATORS: Record<string, BuiltinValidator> = {
  'apps/deployments': validateDeployment,
  'apps/replicasets': validateReplicaSet,
  'apps/statefulsets': validateStatefulSet,
  'apps/daemonsets': validateDaemonSet,
  'batch/jobs': validateJob,
  'batch/cronjobs': validateCronJob,
};
