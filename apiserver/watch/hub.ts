/**
 * Fans committed store events out to the open watches of each resource. Delivery is synchronous
 * with the commit, so a watch registered right after reading a snapshot misses nothing.
 */
import type { ObjectStore } from '../storage/store.ts';
import type { StoreEvent } from '../storage/types.ts';

/** Shortest time between two flushes of queued watch events. */
const MIN_FLUSH_INTERVAL_MS = 2;
/** Longest time between two flushes (bounds the latency batching adds). */
const MAX_FLUSH_INTERVAL_MS = 10;
/** Flushes may take at most 1/FLUSH_COST_SHARE of the time: the interval is this times a flush's cost. */
const FLUSH_COST_SHARE = 4;

/** Something that receives the events of one storage resource. */
export interface WatchSink {
  readonly storageKey: string;
  deliver(event: StoreEvent): void;
  /** Ends the watch cleanly (server shutdown). */
  finish(): void;
}

/** A stream with queued output, flushed once per turn of the event loop. */
export interface Flushable {
  flush(): void;
}

/** The registry of open watches. */
export class WatchHub {
  private sinks = new Map<string, Set<WatchSink>>();
  private dirty = new Set<Flushable>();
  private dirtyMultiplexed = new Set<Flushable>();
  private flushScheduled = false;
  private lastFlush = -Infinity;
  /** Smoothed duration of a flush (ms): writing to every dirty stream. */
  private flushCost = 0;
  private readonly unsubscribe: () => void;

  constructor(store: ObjectStore) {
    this.unsubscribe = store.subscribe((events) => this.dispatch(events));
  }

  private dispatch(events: StoreEvent[]): void {
    for (const e of events) {
      const set = this.sinks.get(e.resource);
      if (!set) continue;
      for (const s of set) s.deliver(e);
    }
  }

  /**
   * Flushes a stream's queued events after the current turn: one timer for all streams, and the
   * events committed in the same turn leave in one write per stream. `multiplexed` streams (HTTP/2)
   * always go after the current turn: their writes cost no syscall or TLS record of their own (the
   * session sends what every stream queued in one write), so waiting would only add latency.
   */
  scheduleFlush(stream: Flushable, multiplexed = false): void {
    if (multiplexed) {
      this.dirtyMultiplexed.add(stream);
      if (this.dirtyMultiplexed.size === 1) setImmediate(this.flushMultiplexed);
      return;
    }
    this.dirty.add(stream);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Each write to a TLS socket costs a record and a syscall per watcher. A quiet server flushes
    // after the current turn; a busy one at most once per interval, so events that arrive within
    // it share one write per watcher and the CPU spent per event falls as the rate rises. The
    // interval grows with what a flush costs (many watchers), so fan-out keeps to a share of the
    // loop instead of starving the writes that produce the events.
    const interval = Math.min(MAX_FLUSH_INTERVAL_MS, Math.max(MIN_FLUSH_INTERVAL_MS, this.flushCost * FLUSH_COST_SHARE));
    const wait = this.lastFlush + interval - performance.now();
    if (wait <= 0) setImmediate(this.flushAll);
    else setTimeout(this.flushAll, wait);
  }

  private readonly flushAll = (): void => {
    this.flushScheduled = false;
    this.lastFlush = performance.now();
    const streams = this.dirty;
    this.dirty = new Set();
    for (const s of streams) s.flush();
    this.flushCost = 0.8 * this.flushCost + 0.2 * (performance.now() - this.lastFlush);
  };

  private readonly flushMultiplexed = (): void => {
    const streams = this.dirtyMultiplexed;
    this.dirtyMultiplexed = new Set();
    for (const s of streams) s.flush();
  };

  /** Starts delivering events to a sink. */
  add(sink: WatchSink): void {
    let set = this.sinks.get(sink.storageKey);
    if (!set) { set = new Set(); this.sinks.set(sink.storageKey, set); }
    set.add(sink);
  }

  /** Stops delivering events to a sink. */
  remove(sink: WatchSink): void {
    this.sinks.get(sink.storageKey)?.delete(sink);
  }

  /** The number of open watches. */
  size(): number {
    let n = 0;
    for (const s of this.sinks.values()) n += s.size;
    return n;
  }

  /** Ends every open watch. */
  finishAll(): void {
    for (const set of this.sinks.values()) for (const s of [...set]) s.finish();
  }

  /** Detaches from the store. */
  close(): void {
    this.unsubscribe();
  }
}
