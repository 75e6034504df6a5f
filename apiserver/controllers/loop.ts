/**
 * A minimal work loop for the server's own controllers: deduplicated keys, one reconcile at a time,
 * a short retry delay when a reconcile fails or asks to run again.
 */

/** Reconciles one key; resolves true to be called again shortly. */
export type Reconcile = (key: string) => Promise<boolean>;

/** A serial, deduplicating work queue. */
export class WorkLoop {
  private readonly queue = new Set<string>();
  private readonly reconcile: Reconcile;
  private running = false;
  private stopped = false;
  private timers = new Set<NodeJS.Timeout>();
  private readonly retryMs: number;

  constructor(reconcile: Reconcile, retryMs = 50) {
    this.reconcile = reconcile;
    this.retryMs = retryMs;
  }

  /** Schedules a key (now, or after a delay). */
  enqueue(key: string, delayMs = 0): void {
    if (this.stopped) return;
    if (delayMs > 0) {
      const t = setTimeout(() => { this.timers.delete(t); this.enqueue(key); }, delayMs);
      this.timers.add(t);
      return;
    }
    this.queue.add(key);
    if (!this.running) setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (this.queue.size && !this.stopped) {
        const key = this.queue.values().next().value!;
        this.queue.delete(key);
        let again = false;
        try {
          again = await this.reconcile(key);
        } catch {
          again = true;
        }
        if (again) this.enqueue(key, this.retryMs);
      }
    } finally {
      this.running = false;
    }
  }

  /** Stops processing and cancels delayed keys. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
