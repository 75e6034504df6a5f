/**
 * The controller loop: sources fill a work queue; N workers take keys and run reconcile, never two
 * on the same key. Errors requeue with backoff, TerminalError stops retrying, requeueAfter resets
 * backoff and schedules a revisit. Nothing a reconcile does (throw, reject, hang past its timeout)
 * takes the process or the other workers down.
 */
import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../log/logger.ts';
import type { Clock } from '../queue/clock.ts';
import type { RateLimiter } from '../queue/rate-limiter.ts';
import { WorkQueue, type WorkQueueMetrics } from '../queue/workqueue.ts';
import { isTerminalError, requestFromKey, requestKey, toReconcileFunc, type ReconcileFunc, type Reconciler, type Request, type Result } from './reconcile.ts';
import type { RequestQueue, Source } from './source.ts';

/** Result label values of controller_runtime_reconcile_total. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Callbacks a metrics provider implements to keep controller_runtime_* series. */
export interface ControllerMetrics {
  /** Sets controller_runtime_max_concurrent_reconciles. */
  maxConcurrent(n: number): void;
  /** Adds delta to controller_runtime_active_workers. */
  activeWorkers(delta: number): void;
  /** One reconcile finished with outcome after seconds. */
  reconciled(outcome: ReconcileOutcome, seconds: number): void;
  /** A reconcile failed; terminal when the error was a TerminalError; panic when it was not an Error. */
  failed(terminal: boolean, panic: boolean): void;
}

/** Options of a controller. */
export interface ControllerOptions {
  /** Unique name: metrics label, log field, queue name. */
  name: string;
  /** Workers, i.e. reconciles that may run at once (on different keys). Default 1. */
  maxConcurrentReconciles?: number;
  /** Retry policy. Default max(exponential 5 ms..1000 s, bucket 10 qps burst 100). */
  rateLimiter?: RateLimiter<string>;
  /** Aborts a reconcile's signal after this many ms. Default none. */
  reconcileTimeoutMs?: number;
  /** How long start() waits for sources to sync before failing. Default 120 000. */
  cacheSyncTimeoutMs?: number;
  /** Logger; the controller adds its own fields. Default silent. */
  logger?: Logger;
  /** Extra base log fields (controllerGroup, controllerKind). */
  logFields?: Record<string, unknown>;
  /** Time source for the queue. Default the process clock. */
  clock?: Clock;
  /** Controller metrics callbacks. */
  metrics?: ControllerMetrics;
  /** Builds queue metrics callbacks for each fresh queue. */
  queueMetrics?: (queue: WorkQueue<string>) => WorkQueueMetrics | undefined;
}

/** A running or startable controller. Start may be called again after a stop (leadership regained). */
export class Controller {
  readonly name: string;
  private readonly reconcileFn: ReconcileFunc;
  private readonly opts: ControllerOptions;
  private readonly logger: Logger;
  private readonly sources: Source[] = [];
  private readonly inFlight = new Map<string, AbortController>();
  private current: WorkQueue<string> | undefined;
  private running = false;

  constructor(reconciler: Reconciler | ReconcileFunc, opts: ControllerOptions) {
    this.name = opts.name;
    this.reconcileFn = toReconcileFunc(reconciler);
    this.opts = opts;
    this.logger = (opts.logger ?? silentLogger()).child({ controller: opts.name, ...opts.logFields });
  }

  /** Adds a source. Sources added while running start immediately. */
  watch(source: Source): void {
    this.sources.push(source);
  }

  /** The queue of the current run (undefined when stopped); exposed for tests and metrics. */
  get queue(): WorkQueue<string> | undefined {
    return this.current;
  }

  /** True between start() and the end of its shutdown. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Queues a request directly (no-op while stopped). */
  enqueue(req: Request): void {
    this.current?.add(requestKey(req));
  }

  /**
   * Runs until signal aborts: starts sources, waits for them to sync, then runs the workers.
   * On abort, intake stops and the promise resolves once in-flight reconciles have returned; their
   * signals are left alone so they can finish (see abortInFlight).
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`controller ${this.name} is already running`);
    if (signal.aborted) return;
    this.running = true;
    const q = new WorkQueue<string>({ name: this.name, rateLimiter: this.opts.rateLimiter, clock: this.opts.clock });
    const metrics = this.opts.queueMetrics?.(q);
    if (metrics) q.setMetrics(metrics);
    this.current = q;
    const sourceStop = new AbortController();
    const stopAll = () => {
      sourceStop.abort();
      q.shutDown();
    };
    signal.addEventListener('abort', stopAll, { once: true });
    try {
      const rq = requestQueueOf(q);
      for (const s of this.sources) await s.start(rq, sourceStop.signal);
      if (!(await this.waitForSources(sourceStop.signal))) {
        if (!signal.aborted) throw new Error(`controller ${this.name}: timed out waiting for caches to sync`);
        return;
      }
      const workers = this.opts.maxConcurrentReconciles ?? 1;
      this.opts.metrics?.maxConcurrent(workers);
      this.logger.info({ workerCount: workers }, 'Starting workers');
      await Promise.all(Array.from({ length: workers }, () => this.worker(q)));
      await q.shutDownWithDrain();
      this.logger.info('All workers finished');
    } finally {
      signal.removeEventListener('abort', stopAll);
      stopAll();
      if (this.current === q) this.current = undefined;
      this.running = false;
    }
  }

  /** Aborts the signal of every in-flight reconcile (leadership lost, shutdown deadline passed). */
  abortInFlight(reason = 'controller stopping'): void {
    for (const ac of this.inFlight.values()) ac.abort(new Error(reason));
  }

  private async waitForSources(signal: AbortSignal): Promise<boolean> {
    const waits = this.sources.filter((s) => s.waitForSync).map((s) => s.waitForSync!(signal));
    if (waits.length === 0) return !signal.aborted;
    const timeoutMs = this.opts.cacheSyncTimeoutMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    try {
      const all = Promise.all(waits).then((r) => r.every(Boolean));
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async worker(q: WorkQueue<string>): Promise<void> {
    for (;;) {
      const key = await q.get();
      if (key === undefined) return;
      this.opts.metrics?.activeWorkers(1);
      try {
        await this.reconcileKey(q, key);
      } finally {
        this.opts.metrics?.activeWorkers(-1);
        q.done(key);
      }
    }
  }

  private async reconcileKey(q: WorkQueue<string>, key: string): Promise<void> {
    const req = requestFromKey(key);
    const reconcileID = randomUUID();
    const logger = this.logger.child({ namespace: req.namespace, name: req.name, reconcileID });
    const ac = new AbortController();
    // A stop alone does not abort the call: graceful shutdown lets it finish. The manager calls
    // abortInFlight when leadership is lost or the shutdown deadline passes.
    const signals = [ac.signal];
    if (this.opts.reconcileTimeoutMs) signals.push(AbortSignal.timeout(this.opts.reconcileTimeoutMs));
    this.inFlight.set(key, ac);
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      const result = (await this.reconcileFn(req, { logger, reconcileID, signal: AbortSignal.any(signals), controller: this.name })) as Result | undefined;
      outcome = this.handleResult(q, key, result ?? undefined);
    } catch (err) {
      outcome = 'error';
      const terminal = isTerminalError(err);
      this.opts.metrics?.failed(terminal, !(err instanceof Error));
      if (terminal) {
        q.forget(key);
        logger.error({ err }, 'Reconciler error (terminal, not requeued)');
      } else {
        q.addRateLimited(key);
        logger.error({ err }, 'Reconciler error');
      }
    } finally {
      this.inFlight.delete(key);
    }
    this.opts.metrics?.reconciled(outcome, (performance.now() - started) / 1000);
  }

  private handleResult(q: WorkQueue<string>, key: string, result: Result | undefined): ReconcileOutcome {
    if (result?.requeueAfter !== undefined && result.requeueAfter > 0) {
      q.forget(key);
      q.addAfter(key, result.requeueAfter);
      return 'requeue_after';
    }
    if (result?.requeue) {
      q.addRateLimited(key);
      return 'requeue';
    }
    q.forget(key);
    return 'success';
  }
}

function requestQueueOf(q: WorkQueue<string>): RequestQueue {
  return {
    add: (req) => q.add(requestKey(req)),
    addAfter: (req, ms) => q.addAfter(requestKey(req), ms),
    addRateLimited: (req) => q.addRateLimited(requestKey(req)),
  };
}
