/**
 * Rate limiters decide how long a failed key waits before it is retried. The default combines a
 * per-key exponential backoff with a global token bucket, taking the longer of the two, so one hot
 * failing key backs off alone while a mass failure cannot exceed the global rate.
 */
import { realClock, type Clock } from './clock.ts';

/** Decides retry delays per key and remembers failure counts until forgotten. */
export interface RateLimiter<K = string> {
  /** Records one more failure of key and returns the delay (ms) before it may be retried. */
  when(key: K): number;
  /** Clears the failure history of key (after a success). */
  forget(key: K): void;
  /** How many times key has failed since it was last forgotten. */
  numRequeues(key: K): number;
}

/** Options of the per-key exponential limiter. */
export interface ExponentialBackoffOptions {
  /** First delay in ms. Default 5. */
  baseDelayMs?: number;
  /** Cap in ms. Default 1 000 000 (1000 s). */
  maxDelayMs?: number;
}

/** Per-key exponential backoff: base * 2^failures, capped. */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  private readonly base: number;
  private readonly max: number;

  constructor(opts: ExponentialBackoffOptions = {}) {
    this.base = opts.baseDelayMs ?? 5;
    this.max = opts.maxDelayMs ?? 1_000_000;
  }

  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    // 2^n overflows to Infinity long before it matters; the cap keeps the result finite.
    return Math.min(this.base * 2 ** n, this.max);
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/** Options of the global token bucket. */
export interface TokenBucketOptions {
  /** Sustained rate in tokens per second. Default 10. */
  qps?: number;
  /** Bucket size. Default 100. */
  burst?: number;
  /** Time source. Default the process clock. */
  clock?: Clock;
}

/**
 * A token bucket shared by all keys. Every call reserves a token, possibly in the future, and
 * returns how long until that reservation matures; so N calls in a burst beyond capacity get
 * delays spaced 1/qps apart.
 */
export class TokenBucketRateLimiter<K = string> implements RateLimiter<K> {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions = {}) {
    this.qps = opts.qps ?? 10;
    this.burst = opts.burst ?? 100;
    this.clock = opts.clock ?? realClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

/** Combines limiters: the delay is the longest any of them asks for. */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(key: K): number {
    let delay = 0;
    // Every limiter must see the failure (and the bucket must spend its token) even if another wins.
    for (const l of this.limiters) delay = Math.max(delay, l.when(key));
    return delay;
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(key)));
  }
}

/** Options of the default controller rate limiter. */
export interface DefaultRateLimiterOptions extends ExponentialBackoffOptions, TokenBucketOptions {}

/**
 * The controller default: max(per-key exponential 5 ms..1000 s, global bucket 10 qps burst 100).
 */
export function defaultControllerRateLimiter<K = string>(opts: DefaultRateLimiterOptions = {}): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(opts), new TokenBucketRateLimiter<K>(opts));
}
