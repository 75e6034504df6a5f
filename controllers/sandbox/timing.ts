/** Time arithmetic of the sandbox operator: expiry, retry delays and timestamps. */
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';

/** Shortest and longest wait before checking again on a problem that an event may not announce. */
export const MIN_RETRY_MS = 1000;
/** See MIN_RETRY_MS. */
export const MAX_RETRY_MS = 5 * 60_000;

/**
 * When the sandbox expires: its creation plus its TTL. Counting from creation (not from the first
 * reconcile) keeps the expiry stable across operator restarts and TTL edits.
 */
export function expiresAt(sb: Sandbox): Date | undefined {
  const created = Date.parse(sb.metadata?.creationTimestamp ?? '');
  if (Number.isNaN(created) || !sb.spec?.ttl) return undefined;
  return new Date(created + sb.spec.ttl * 1000);
}

/**
 * Delay before retrying a problem that has lasted since `since`: as long as it has already lasted,
 * within [MIN_RETRY_MS, MAX_RETRY_MS], so a persistent failure is polled ever more slowly (the
 * watches bring the fix at once anyway).
 */
export function retryDelay(since: string | undefined, now: Date): number {
  const started = Date.parse(since ?? '');
  const waited = Number.isNaN(started) ? 0 : now.getTime() - started;
  return Math.min(Math.max(waited, MIN_RETRY_MS), MAX_RETRY_MS);
}

/** The smaller of two optional delays. */
export function sooner(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
