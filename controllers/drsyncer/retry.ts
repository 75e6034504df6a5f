/**
 * Back-off of failed syncs (NamespaceMapping `retryConfig`) and of failed connectivity checks
 * (ClusterMapping). Pure functions; the reconcilers store the state in status.
 */
import type { RetryConfig, RetryStatus } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { formatDuration, parseDuration } from './schedule.ts';

/** Defaults of RetryConfig, as the CRD declares them. */
export const RETRY_DEFAULTS = { maxRetries: 5, initialBackoffMs: 5_000, maxBackoffMs: 5 * 60_000, backoffMultiplier: 200 } as const;

/**
 * The retry state after one more failure: the first failure waits initialBackoff with maxRetries
 * retries left; each further failure multiplies the wait (capped at maxBackoff) and uses up one.
 */
export function nextRetry(prev: RetryStatus | undefined, cfg: RetryConfig | undefined, now: Date): { status: RetryStatus; delayMs: number; retry: boolean } {
  const max = cfg?.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  const initial = parseDuration(cfg?.initialBackoff) ?? RETRY_DEFAULTS.initialBackoffMs;
  const cap = parseDuration(cfg?.maxBackoff) ?? RETRY_DEFAULTS.maxBackoffMs;
  const factor = (cfg?.backoffMultiplier ?? RETRY_DEFAULTS.backoffMultiplier) / 100;
  let delayMs: number;
  let remaining: number;
  if (!prev) {
    delayMs = initial;
    remaining = max;
  } else {
    delayMs = (parseDuration(prev.backoffDuration) ?? initial) * factor;
    remaining = Math.max(0, prev.retriesRemaining - 1);
  }
  delayMs = Math.min(Math.max(delayMs, 1000), cap);
  const retry = remaining > 0;
  const status: RetryStatus = { backoffDuration: formatDuration(delayMs), retriesRemaining: remaining };
  if (retry) status.nextRetryTime = new Date(now.getTime() + delayMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { status, delayMs, retry };
}

/**
 * ClusterMapping back-off after n consecutive failures: 1 s doubling per failure, ±20 % jitter,
 * at most 5 minutes; none before the first failure.
 */
export function clusterMappingBackoff(consecutiveFailures: number, random: () => number = Math.random): number {
  if (consecutiveFailures <= 0) return 0;
  const base = 1000 * 2 ** Math.min(consecutiveFailures - 1, 30);
  return Math.min(Math.round(base * (0.8 + 0.4 * random())), 5 * 60_000);
}
