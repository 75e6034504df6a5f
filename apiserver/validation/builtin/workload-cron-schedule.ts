/**
 * The CronJob schedule grammar Kubernetes accepts (the standard five-field crontab of the cron
 * library its controller runs, plus `@hourly`-style descriptors and `@every <duration>`), with
 * that library's error texts, which Kubernetes returns verbatim; and IANA time zone names as
 * Go's time package resolves them.
 */

/** One crontab field: its bounds and, for months and weekdays, its names. */
interface FieldBounds { min: number; max: number; names?: Record<string, number> }

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: FieldBounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MAX_INT64 = 9223372036854775807n;

/** Thrown inside the parser; carries the library's message. */
class ScheduleError extends Error {}

/** strconv.Atoi: an optionally signed decimal within int64, with Go's error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new ScheduleError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big > MAX_INT64 || big < -MAX_INT64 - 1n) throw new ScheduleError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(big);
}

function nonNegativeInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (err) {
    throw new ScheduleError(`failed to parse int from ${expr}: ${(err as Error).message}`);
  }
  if (n < 0) throw new ScheduleError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, bounds: FieldBounds): number {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? nonNegativeInt(expr);
}

/** One range of a field: `*`, `?`, `n`, `a-b`, each optionally `/step`. */
function checkRange(expr: string, bounds: FieldBounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    start = intOrName(lowAndHigh[0]!, bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, bounds);
    else throw new ScheduleError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = nonNegativeInt(rangeAndStep[1]!);
    // `n/step` runs from n to the end of the field.
    if (lowAndHigh.length === 1) end = bounds.max;
  } else if (rangeAndStep.length > 2) {
    throw new ScheduleError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new ScheduleError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new ScheduleError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
}

const DURATION_UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** time.ParseDuration's acceptance: `[-+]` then `<number><unit>` pairs, or a bare `0`. */
function checkDuration(text: string): void {
  const invalid = () => new ScheduleError(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text.replace(/^[-+]/, '');
  if (s === '0') return;
  if (!s) throw invalid();
  while (s) {
    const number = /^(\d*)(\.(\d*))?/.exec(s)!;
    if (!number[1] && !number[3]) throw invalid();
    s = s.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (!unit) throw new ScheduleError(`time: missing unit in duration ${JSON.stringify(text)}`);
    if (!DURATION_UNITS.has(unit)) throw new ScheduleError(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    s = s.slice(unit.length);
  }
}

/**
 * The reason the cron library refuses a schedule, or undefined when it accepts it. A leading
 * `TZ=`/`CRON_TZ=` zone is read as the library reads it; whether one is allowed at all is the
 * caller's rule.
 */
export function scheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (!spec) return 'empty spec string';
  try {
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
      const space = spec.indexOf(' ');
      if (space < 0) return undefined;
      const zone = spec.slice(spec.indexOf('=') + 1, space);
      const zoneError = timeZoneError(zone);
      if (zoneError) return `provided bad location ${zone}: ${zoneError}`;
      spec = spec.slice(space).trim();
    }
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.has(spec)) return undefined;
      if (spec.startsWith('@every ')) {
        try {
          checkDuration(spec.slice('@every '.length));
        } catch (err) {
          return `failed to parse duration ${spec}: ${(err as Error).message}`;
        }
        return undefined;
      }
      return `unrecognized descriptor: ${spec}`;
    }
    const fields = spec.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
    fields.forEach((field, i) => {
      // Empty list items are skipped, as the library splits with FieldsFunc.
      for (const expr of field.split(',').filter(Boolean)) checkRange(expr, FIELDS[i]!);
    });
    return undefined;
  } catch (err) {
    if (err instanceof ScheduleError) return err.message;
    throw err;
  }
}

let canonicalZones: Map<string, string> | undefined;

/** Canonical IANA names by their lower-cased spelling. */
function zonesByLowerCase(): Map<string, string> {
  canonicalZones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  return canonicalZones;
}

/**
 * Why Go's time.LoadLocation would not load `zone` (`unknown time zone X`), or undefined when
 * it would. Names are case-sensitive there, as they are file names in the zone database.
 */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return undefined;
  const unknown = `unknown time zone ${zone}`;
  if (!/^[A-Za-z]/.test(zone)) return unknown;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  const canonical = zonesByLowerCase().get(zone.toLowerCase());
  if (canonical !== undefined && canonical !== zone) return unknown;
  // An alias (`US/Pacific`) resolves to its canonical zone; its spelling cannot be checked further.
  return resolved ? undefined : unknown;
}
