/**
 * Jittered exponential backoff for reconnect loops. Grows on consecutive failures, forgets them
 * after a quiet period so a long-lived watch that fails once retries quickly.
 */

/** Backoff tuning, in milliseconds. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay added at random (0..1) so many clients do not reconnect in lockstep. */
  jitter?: number;
  /** A failure more than this long after the previous one starts again from initialMs. */
  resetAfterMs?: number;
}

/** Stateful delay generator: `next()` after each failure, `reset()` after a success. */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #resetAfter: number;
  #current = 0;
  #lastFailure = 0;

  constructor(opts: BackoffOptions = {}) {
    this.#initial = opts.initialMs ?? 800;
    this.#max = opts.maxMs ?? 30_000;
    this.#factor = opts.factor ?? 2;
    this.#jitter = opts.jitter ?? 1;
    this.#resetAfter = opts.resetAfterMs ?? 120_000;
  }

  /** The delay before the next attempt. */
  next(): number {
    const now = Date.now();
    if (this.#current === 0 || now - this.#lastFailure > this.#resetAfter) this.#current = this.#initial;
    else this.#current = Math.min(this.#current * this.#factor, this.#max);
    this.#lastFailure = now;
    return Math.min(this.#current * (1 + Math.random() * this.#jitter), this.#max * (1 + this.#jitter));
  }

  /** Forgets past failures. */
  reset(): void {
    this.#current = 0;
  }
}

/** Resolves after `ms`, or early (without rejecting) when the signal aborts. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
