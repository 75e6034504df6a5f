/**
 * Printers of the workload groups: apps/v1 (deployments, stateful sets, daemon sets, replica
 * sets) and batch/v1 (jobs, cron jobs).
 */
import { humanAge, humanDuration } from './age.ts';
import { ageColumn, column, nameColumn, printer, wide, type BuiltinColumn, type BuiltinPrinter, type Obj } from './columns.ts';
import { containerCells, formatLabels, formatSelector, selectorText } from './format.ts';

/** Wide Containers and Images columns of the pod template at `template(o)`. */
function templateColumns(template: (o: Obj) => Obj | undefined): BuiltinColumn[] {
  return [
    wide('Containers', 'string', 'Names of the containers in the pod template.', (o) => containerCells(template(o)?.spec)[0]),
    wide('Images', 'string', 'Images of the containers in the pod template.', (o) => containerCells(template(o)?.spec)[1]),
  ];
}

const podTemplate = (o: Obj) => o.spec?.template;
const selectorColumn = (selector: (o: Obj) => unknown) => wide('Selector', 'string', 'The label selector of the pods.', (o) => formatSelector(selector(o)));
/** spec.replicas, which v1 defaulting sets to 1. */
const desired = (o: Obj) => Number(o.spec?.replicas ?? 1);
const num = (v: unknown) => Number(v ?? 0);

function jobStatus(job: Obj): string {
  const conditions = (job.status?.conditions ?? []) as Obj[];
  // The first condition of a type decides, as Kubernetes reads it.
  const holds = (type: string) => conditions.find((c) => c.type === type)?.status === 'True';
  if (holds('Complete')) return 'Complete';
  if (holds('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (holds('Suspended')) return 'Suspended';
  if (holds('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Obj): string {
  const succeeded = num(job.status?.succeeded);
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = num(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  if (!end) return humanAge(start, now);
  return humanDuration(Date.parse(end) - Date.parse(start));
}

/** Printers of apps/v1 kinds, by kind. */
export const appsPrinters: Record<string, BuiltinPrinter> = {
  Deployment: printer(
    nameColumn,
    column('Ready', 'string', 'Ready pods out of desired replicas.', (o) => `${num(o.status?.readyReplicas)}/${desired(o)}`),
    column('Up-to-date', 'string', 'Pods running the latest pod template.', (o) => num(o.status?.updatedReplicas)),
    column('Available', 'string', 'Pods available to serve (ready for minReadySeconds).', (o) => num(o.status?.availableReplicas)),
    ageColumn,
    ...templateColumns(podTemplate),
    // An empty selector prints as nothing here, not <none>.
    wide('Selector', 'string', 'The label selector of the pods.', (o) => selectorText(o.spec?.selector) ?? '<invalid>'),
  ),
  StatefulSet: printer(
    nameColumn,
    column('Ready', 'string', 'Ready pods out of desired replicas.', (o) => `${num(o.status?.readyReplicas)}/${desired(o)}`),
    ageColumn,
    ...templateColumns(podTemplate),
  ),
  DaemonSet: printer(
    nameColumn,
    column('Desired', 'integer', 'Nodes that should run the daemon pod.', (o) => num(o.status?.desiredNumberScheduled)),
    column('Current', 'integer', 'Nodes running at least one daemon pod.', (o) => num(o.status?.currentNumberScheduled)),
    column('Ready', 'integer', 'Nodes whose daemon pod is ready.', (o) => num(o.status?.numberReady)),
    column('Up-to-date', 'integer', 'Nodes running the latest pod template.', (o) => num(o.status?.updatedNumberScheduled)),
    column('Available', 'integer', 'Nodes whose daemon pod is available.', (o) => num(o.status?.numberAvailable)),
    column('Node Selector', 'string', 'The node selector of the pod template.', (o) => formatLabels(o.spec?.template?.spec?.nodeSelector)),
    ageColumn,
    ...templateColumns(podTemplate),
    selectorColumn((o) => o.spec?.selector),
  ),
  ReplicaSet: printer(
    nameColumn,
    column('Desired', 'integer', 'Desired replicas.', desired),
    column('Current', 'integer', 'Replicas created.', (o) => num(o.status?.replicas)),
    column('Ready', 'integer', 'Ready replicas.', (o) => num(o.status?.readyReplicas)),
    ageColumn,
    ...templateColumns(podTemplate),
    selectorColumn((o) => o.spec?.selector),
  ),
};

/** Printers of batch/v1 kinds, by kind. */
export const batchPrinters: Record<string, BuiltinPrinter> = {
  Job: printer(
    nameColumn,
    column('Status', 'string', 'Complete, Failed, Terminating, Suspended, FailureTarget or Running.', jobStatus),
    column('Completions', 'string', 'Succeeded pods out of required completions.', jobCompletions),
    column('Duration', 'string', 'How long the job ran (or has been running).', jobDuration),
    ageColumn,
    ...templateColumns(podTemplate),
    selectorColumn((o) => o.spec?.selector),
  ),
  CronJob: printer(
    nameColumn,
    column('Schedule', 'string', 'The cron schedule.', (o) => o.spec?.schedule ?? ''),
    column('Timezone', 'string', 'The time zone of the schedule.', (o) => o.spec?.timeZone ?? '<none>'),
    // v1 defaulting sets suspend to false; Kubernetes prints the boolean as True/False text.
    column('Suspend', 'boolean', 'Whether new runs are suspended.', (o) => (o.spec?.suspend === true ? 'True' : 'False')),
    column('Active', 'integer', 'Jobs currently running.', (o) => (o.status?.active ?? []).length),
    column('Last Schedule', 'string', 'Time since a job was last scheduled.', (o, now) => (o.status?.lastScheduleTime ? humanAge(o.status.lastScheduleTime, now) : '<none>')),
    ageColumn,
    ...templateColumns((o) => o.spec?.jobTemplate?.spec?.template),
    selectorColumn((o) => o.spec?.jobTemplate?.spec?.selector),
  ),
};
