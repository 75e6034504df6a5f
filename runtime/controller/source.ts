/**
 * Sources feed requests into a controller's queue: watches of a kind (built by the builder from
 * the shared cache) or programmatic triggers.
 */
import type { Request } from './reconcile.ts';

/** The queue operations handlers and sources may use. */
export interface RequestQueue {
  /** Queues a request (deduplicated). */
  add(req: Request): void;
  /** Queues a request after delayMs. */
  addAfter(req: Request, delayMs: number): void;
  /** Queues a request after its rate-limited backoff. */
  addRateLimited(req: Request): void;
}

/** A stream of requests for a controller. */
export interface Source {
  /** Begins delivering into queue until signal aborts. May resolve before the initial state is in. */
  start(queue: RequestQueue, signal: AbortSignal): void | Promise<void>;
  /** Resolves true once the initial state has been delivered, false if signal aborted first. */
  waitForSync?(signal: AbortSignal): Promise<boolean>;
  /** A description for logs. */
  describe?(): string;
}

/**
 * A source triggered by code: external systems, timers, tests. Requests triggered while the
 * controller is stopped are dropped, as with a closed channel.
 */
export class TriggerSource implements Source {
  private queues = new Set<RequestQueue>();

  start(queue: RequestQueue, signal: AbortSignal): void {
    this.queues.add(queue);
    signal.addEventListener('abort', () => this.queues.delete(queue), { once: true });
  }

  /** Enqueues req in every controller this source feeds. */
  trigger(req: Request): void {
    for (const q of this.queues) q.add(req);
  }

  describe(): string {
    return 'trigger';
  }
}
