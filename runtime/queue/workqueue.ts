/**
 * The controller work queue: a deduplicating FIFO of keys with the client-go guarantees. A key is
 * in at most one of "queued" or "being processed" plus a dirty mark, so it is never handed to two
 * workers at once; a key added while processed is queued again when its worker calls done().
 * Delayed and rate-limited adds sit in a waiting set until their deadline.
 */
import { realClock, type Clock, type TimerHandle } from './clock.ts';
import { Fifo } from './fifo.ts';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

/** Callbacks the queue fires so a metrics provider can keep workqueue_* series. */
export interface WorkQueueMetrics {
  /** A key was accepted (not a duplicate). */
  added(): void;
  /** A key was handed to a worker after waiting queuedMs. */
  started(queuedMs: number): void;
  /** A worker finished a key after workMs. */
  finished(workMs: number): void;
  /** A key was re-added through the rate limiter. */
  retried(): void;
  /** n accepted keys were discarded unstarted by a shutdown. */
  dropped?(n: number): void;
}

/** Options of a work queue. */
export interface WorkQueueOptions<K> {
  /** Name used in metrics and logs. */
  name?: string;
  /** Retry policy for addRateLimited. Default: max(exponential 5 ms..1000 s, bucket 10 qps/100). */
  rateLimiter?: RateLimiter<K>;
  /** Time source. Default the process clock. */
  clock?: Clock;
  /** Metrics callbacks. Default none. */
  metrics?: WorkQueueMetrics;
}

/** A deduplicating, rate-limited, delaying work queue. */
export class WorkQueue<K = string> {
  readonly name: string;
  private readonly queue = new Fifo<K>();
  private readonly dirty = new Set<K>();
  private readonly processing = new Map<K, number>();
  private readonly addedAt = new Map<K, number>();
  private readonly waiting = new Map<K, { at: number; timer: TimerHandle }>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly limiter: RateLimiter<K>;
  private readonly clock: Clock;
  private metrics: WorkQueueMetrics | undefined;
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions<K> = {}) {
    this.name = opts.name ?? '';
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>({ clock: this.clock });
    this.metrics = opts.metrics;
  }

  /** Installs metrics callbacks (a provider may need the queue itself to sample in-flight work). */
  setMetrics(metrics: WorkQueueMetrics): void {
    this.metrics = metrics;
  }

  /** Queues key unless it is already queued; a key being processed is re-queued on done(). */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    this.metrics?.added();
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /**
   * Queues key after delayMs. A key already queued is left alone (it runs sooner anyway); if key is
   * already waiting, the earlier deadline wins.
   */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    if (this.dirty.has(key)) return;
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing) {
      if (existing.at <= at) return;
      this.clock.clearTimeout(existing.timer);
    }
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.waiting.set(key, { at, timer });
  }

  /** Queues key after the delay the rate limiter assigns to its next failure. */
  addRateLimited(key: K): void {
    if (this.shuttingDown) return;
    this.metrics?.retried();
    this.addAfter(key, this.limiter.when(key));
  }

  /** Clears key's failure history so its next failure starts from the base delay. */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** How many rate-limited retries key has had since it was last forgotten. */
  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /** Waits for the next key; undefined once the queue is shut down. Call done(key) when finished. */
  get(): Promise<K | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.queue.length > 0) return Promise.resolve(this.take());
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks key finished; if it was added meanwhile, it is queued again now. */
  done(key: K): void {
    const started = this.processing.get(key);
    if (started === undefined) return;
    this.processing.delete(key);
    this.metrics?.finished(this.clock.now() - started);
    if (this.shuttingDown) {
      if (this.processing.size === 0) this.drainWaiters.splice(0).forEach((w) => w());
      return;
    }
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    }
  }

  /** Keys waiting to be handed out (excludes delayed and in-flight keys). */
  len(): number {
    return this.queue.length;
  }

  /** Keys currently handed to workers. */
  inFlight(): number {
    return this.processing.size;
  }

  /** Keys scheduled for a later add. */
  delayed(): number {
    return this.waiting.size;
  }

  /** True after shutDown. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Seconds of work done so far by in-flight keys (workqueue_unfinished_work_seconds). */
  unfinishedWorkSeconds(): number {
    const now = this.clock.now();
    let total = 0;
    for (const started of this.processing.values()) total += now - started;
    return total / 1000;
  }

  /** Seconds the longest-running in-flight key has been processed. */
  longestRunningSeconds(): number {
    const now = this.clock.now();
    let longest = 0;
    for (const started of this.processing.values()) longest = Math.max(longest, now - started);
    return longest / 1000;
  }

  /** Stops intake and hand-out: queued and delayed keys are dropped, waiting get() calls resolve undefined. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const w of this.waiting.values()) this.clock.clearTimeout(w.timer);
    this.waiting.clear();
    this.queue.clear();
    if (this.dirty.size > 0) this.metrics?.dropped?.(this.dirty.size);
    this.dirty.clear();
    this.addedAt.clear();
    for (const g of this.getters.splice(0)) g(undefined);
    if (this.processing.size === 0) this.drainWaiters.splice(0).forEach((w) => w());
  }

  /** Shuts down, then resolves once every in-flight key has been marked done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private take(): K {
    const key = this.queue.shift()!;
    const now = this.clock.now();
    this.processing.set(key, now);
    this.dirty.delete(key);
    const addedAt = this.addedAt.get(key);
    this.addedAt.delete(key);
    this.metrics?.started(addedAt === undefined ? 0 : now - addedAt);
    return key;
  }

  private dispatch(): void {
    while (this.getters.length > 0 && this.queue.length > 0) this.getters.shift()!(this.take());
  }
}
