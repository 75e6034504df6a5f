/**
 * Time source for the work queue and rate limiters. Injectable so tests can step time by hand
 * instead of sleeping.
 */

/** An opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** The time operations the queue needs: a monotonic-enough now and one-shot timers. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences matter. */
  now(): number;
  /** Runs fn after ms milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a callback scheduled with setTimeout. */
  clearTimeout(handle: TimerHandle): void;
}

/** The process clock. Timers are unref'd so a pending requeue never keeps the process alive. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when told to; for deterministic tests of backoff and delays. */
export class FakeClock implements Clock {
  private current: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Number of callbacks still scheduled. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Advances time by ms, firing due callbacks in deadline order (each at its own instant). */
  step(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
