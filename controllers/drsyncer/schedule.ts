/** Cron schedules of the Scheduled mode (standard five-field expressions, evaluated in UTC). */
import { CronExpressionParser } from 'cron-parser';
import { DEFAULT_SCHEDULE } from './kinds.ts';

/** Time after which a mapping with an unusable schedule syncs again. */
export const INVALID_SCHEDULE_INTERVAL_MS = 5 * 60_000;

/** Why schedule is not a five-field cron expression, or undefined when it is. */
export function validateSchedule(schedule: string): string | undefined {
  if (schedule.trim().split(/\s+/).length !== 5) return `invalid cron schedule "${schedule}": expected 5 fields`;
  try {
    CronExpressionParser.parse(schedule, { tz: 'UTC' });
    return undefined;
  } catch (err) {
    return `invalid cron schedule "${schedule}": ${(err as Error).message}`;
  }
}

/** The first tick of schedule (default every five minutes) after `after`; +5 minutes when invalid. */
export function nextSyncTime(schedule: string | undefined, after: Date): Date {
  const expr = schedule || DEFAULT_SCHEDULE;
  if (validateSchedule(expr)) return new Date(after.getTime() + INVALID_SCHEDULE_INTERVAL_MS);
  return CronExpressionParser.parse(expr, { currentDate: after, tz: 'UTC' }).next().toDate();
}

/** Parses Go-style durations of the API (`1h`, `30m`, `5s`, `1h30m`); undefined when malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** Formats milliseconds as the API's duration pattern (`1h2m3s`, `0s`). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
  return out;
}
