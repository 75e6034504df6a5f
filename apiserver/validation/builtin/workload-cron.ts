/**
 * CronJobs (batch/v1): a schedule the controller can read without a zone of its own (the
 * `timeZone` field carries it), a zone it can load, a known concurrency policy, non-negative
 * deadlines and history limits, a Job template valid as a Job spec whose selector the server
 * will generate, and a name short enough to suffix the Jobs it creates.
 */
import { invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { goLabelSelector } from './go-values.ts';
import { nonNegativeErrors } from './formats.ts';
import { isSet, objAt, stringOf, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { scheduleError, timeZoneError } from './workload-cron-schedule.ts';
import { jobSpecErrors } from './workload-job.ts';

/** A CronJob's Jobs are named `<cronjob>-<11 characters>`, and Job names are DNS labels (63). */
const MAX_NAME = 52;
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * The schedule parses, and names no zone of its own. A CronJob stored with one (from before the
 * rule) may keep it on update as long as it does not also set `timeZone`.
 */
function scheduleErrors(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const schedule = stringOf(spec.schedule);
  if (!schedule) return [requiredError('spec.schedule')];
  const errs: FieldError[] = [];
  const parseError = scheduleError(schedule);
  if (parseError) errs.push(invalidError('spec.schedule', schedule, parseError));
  const allowZone = typeof oldSpec?.schedule === 'string' && oldSpec.schedule.includes('TZ');
  if (schedule.includes('TZ')) {
    if (!allowZone) errs.push(invalidError('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    else if (isSet(spec.timeZone)) errs.push(invalidError('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  }
  return errs;
}

/** validateTimeZone: IANA naming rules, not `Local`, and a zone Go can load. */
function zoneErrors(timeZone: unknown): FieldError[] {
  if (!isSet(timeZone)) return [];
  const zone = String(timeZone);
  const field = 'spec.timeZone';
  if (!zone) return [invalidError(field, zone, 'timeZone must be nil or non-empty string')];
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_PART.test(part)) return [invalidError(field, zone, `unknown time zone ${zone}`)];
  }
  const errs: FieldError[] = [];
  if (zone.toLowerCase() === 'local') errs.push(invalidError(field, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  const loadError = timeZoneError(zone);
  if (loadError) errs.push(invalidError(field, zone, loadError));
  return errs;
}

function concurrencyErrors(policy: unknown): FieldError[] {
  if (!policy) return [requiredError('spec.concurrencyPolicy')];
  return ['Allow', 'Forbid', 'Replace'].includes(String(policy)) ? [] : [notSupportedError('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace'])];
}

/** ValidateJobTemplateSpec: the Job spec rules, and no selector of its own. */
function jobTemplateErrors(jobTemplate: Obj): FieldError[] {
  const spec = objAt(jobTemplate, 'spec');
  const errs = jobSpecErrors(spec, 'spec.jobTemplate.spec');
  if (isSet(spec.selector)) errs.push(invalidError('spec.jobTemplate.spec.selector', { goLiteral: goLabelSelector(spec.selector) }, '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(notSupportedError('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  return errs;
}

/**
 * CronJob: ValidateCronJobCreate / ValidateCronJobUpdate. On update the zone is checked only
 * when it changes and the name length not at all, so CronJobs admitted under older rules can
 * still be edited and deleted.
 */
export const validateCronJob: BuiltinValidator = (obj, old) => {
  const spec = objAt(obj, 'spec');
  const oldSpec = old ? objAt(old, 'spec') : undefined;
  const errs = [
    ...scheduleErrors(spec, oldSpec),
    ...nonNegativeErrors(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'),
    ...(!oldSpec || oldSpec.timeZone !== spec.timeZone ? zoneErrors(spec.timeZone) : []),
    ...concurrencyErrors(spec.concurrencyPolicy),
    ...jobTemplateErrors(objAt(spec, 'jobTemplate')),
    ...nonNegativeErrors(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'),
    ...nonNegativeErrors(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'),
  ];
  const name = obj.metadata.name ?? '';
  if (!old && name.length > MAX_NAME) errs.push(invalidError('metadata.name', name, `must be no more than ${MAX_NAME} characters`));
  return errs;
};
