/**
 * Heartbeats of a local workload's agent: the agent stamps an RFC 3339 time into an annotation;
 * the workload is connected while that time is younger than the staleness timeout.
 */

/** Annotation the local agent refreshes with the time of its latest heartbeat. */
export const ANNOTATION_HEARTBEAT = 'sandbox.tsop.dev/heartbeat';
/** Annotation naming the tunnel the local agent opened. */
export const ANNOTATION_TUNNEL_ID = 'sandbox.tsop.dev/tunnel-id';
/** Staleness timeout when the spec gives none. */
export const DEFAULT_STALENESS_TIMEOUT_SECONDS = 30;

/** What the heartbeat annotation says. */
export type Heartbeat =
  | { kind: 'absent' }
  | { kind: 'invalid'; value: string }
  | { kind: 'fresh'; at: Date; staleInMs: number }
  | { kind: 'stale'; at: Date };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time strictly: no other formats Date.parse would accept, and no
 * out-of-range fields it would roll over (February 30th).
 */
export function parseRfc3339(value: string): Date | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Classifies the heartbeat at now. A heartbeat stamped in the future (clock skew) counts as
 * fresh until its time plus the timeout.
 */
export function evaluateHeartbeat(value: string | undefined, timeoutSeconds: number, now: Date): Heartbeat {
  if (value === undefined) return { kind: 'absent' };
  const at = parseRfc3339(value.trim());
  if (!at) return { kind: 'invalid', value };
  const staleInMs = at.getTime() + timeoutSeconds * 1000 - now.getTime();
  return staleInMs > 0 ? { kind: 'fresh', at, staleInMs } : { kind: 'stale', at };
}
