/**
 * The bounded window of recent store events. Watches resume from it; a resourceVersion older than
 * the window is answered with 410 Gone so clients relist.
 */
import type { StoreEvent } from './types.ts';

/** Retention limits: whichever is hit first drops the oldest events. */
export interface HistoryLimits {
  maxEvents: number;
  maxAgeMs: number;
}

/** Ring of recent events in resourceVersion order. */
export class EventHistory {
  private events: StoreEvent[] = [];
  private times: number[] = [];
  private head = 0;
  /** Events with rv <= compactedRv are no longer available. */
  compactedRv: number;
  private readonly limits: HistoryLimits;

  constructor(startRv: number, limits: HistoryLimits) {
    this.compactedRv = startRv;
    this.limits = limits;
  }

  /** Appends events (already in rv order) and trims the window. */
  append(evs: StoreEvent[]): void {
    const now = Date.now();
    for (const e of evs) { this.events.push(e); this.times.push(now); }
    const size = this.events.length - this.head;
    let drop = Math.max(0, size - this.limits.maxEvents);
    while (this.head + drop < this.events.length - 1 && now - this.times[this.head + drop]! > this.limits.maxAgeMs) drop++;
    if (drop > 0) {
      this.compactedRv = this.events[this.head + drop - 1]!.rv;
      this.head += drop;
      if (this.head > 4096 && this.head * 2 > this.events.length) {
        this.events = this.events.slice(this.head);
        this.times = this.times.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** True when every event after `rv` is still retained. */
  covers(rv: number): boolean {
    return rv >= this.compactedRv;
  }

  /** Events with rv > `rv`, oldest first. Callers check covers() first. */
  since(rv: number): StoreEvent[] {
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.rv <= rv) lo = mid + 1; else hi = mid;
    }
    return this.events.slice(lo);
  }
}
