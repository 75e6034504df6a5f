/**
 * Keyed token buckets with lazy refill: the spam filter of the event recorder. Each key starts
 * full (`burst` tokens) and regains one token per `refillIntervalMs`.
 */

interface Bucket {
  tokens: number;
  updated: number;
}

/** Token buckets per key, bounded in number (least recently used keys are forgotten). */
export class TokenBuckets {
  readonly #burst: number;
  readonly #refillMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(burst: number, refillIntervalMs: number, maxKeys: number, now: () => number = Date.now) {
    this.#burst = burst;
    this.#refillMs = refillIntervalMs;
    this.#max = maxKeys;
    this.#now = now;
  }

  /** Takes a token for the key; false when the key is out of tokens. */
  take(key: string): boolean {
    const now = this.#now();
    let b = this.#buckets.get(key);
    if (b) {
      this.#buckets.delete(key);
      const refill = this.#refillMs > 0 ? Math.floor((now - b.updated) / this.#refillMs) : this.#burst;
      if (refill > 0) b = { tokens: Math.min(this.#burst, b.tokens + refill), updated: b.updated + refill * this.#refillMs };
    } else {
      b = { tokens: this.#burst, updated: now };
    }
    this.#buckets.set(key, b);
    if (this.#buckets.size > this.#max) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}
