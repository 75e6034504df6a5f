/**
 * Event recorder: turns `recorder.event(obj, 'Warning', 'Failed', 'could not ...')` into core/v1
 * Events about the object. Repeats of the same (object, type, reason, message) inside the
 * aggregation window bump `count` and `lastTimestamp` on the existing Event instead of creating new
 * ones, and a per-object token bucket stops a hot loop from flooding the API server.
 * Recording never throws and never blocks the caller; failures are logged and dropped.
 */
import { hostname } from 'node:os';
import { format } from 'node:util';
import type { KubeObject } from '../core/meta.ts';
import { isNotFound } from '../core/errors.ts';
import { isRetryable } from '../client/transport.ts';
import { Events } from '../client/builtins.ts';
import type { Writer } from '../client/types.ts';
import { TokenBuckets } from './token-buckets.ts';

/** Event severity. */
export type EventSeverity = 'Normal' | 'Warning';

/** Options of an EventRecorder. */
export interface EventRecorderOptions {
  /** Writes Events; any Client works. */
  client: Pick<Writer, 'create' | 'patch'>;
  /** The reporting controller, e.g. `locust-controller`. */
  component: string;
  /** Reporting instance; defaults to the host name. */
  host?: string;
  /** Repeats within this window are folded into one Event. Default 10 minutes. */
  aggregationWindowMs?: number;
  /** Events per involved object allowed at once. Default 25. */
  burst?: number;
  /** One more event per involved object is allowed every this many ms. Default 5 minutes. */
  refillIntervalMs?: number;
  /** Remembered aggregation keys (least recently used are forgotten). Default 4096. */
  maxTracked?: number;
  /** Namespace for Events about cluster-scoped objects. Default `default`. */
  clusterEventNamespace?: string;
  now?: () => number;
  logger?: { warn(fields: object, msg: string): void };
}

interface Tracked {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
  lastSeen: number;
}

/** Counters of a recorder. */
export interface EventRecorderStats {
  created: number;
  aggregated: number;
  throttled: number;
  failed: number;
}

/** Records Kubernetes Events for objects on behalf of one component. */
export class EventRecorder {
  readonly #o: Required<Omit<EventRecorderOptions, 'logger'>> & Pick<EventRecorderOptions, 'logger'>;
  readonly #tracked = new Map<string, Tracked>();
  readonly #buckets: TokenBuckets;
  #chain: Promise<void> = Promise.resolve();
  #seq = 0;
  readonly stats: EventRecorderStats = { created: 0, aggregated: 0, throttled: 0, failed: 0 };

  constructor(opts: EventRecorderOptions) {
    this.#o = {
      host: hostname(), aggregationWindowMs: 600_000, burst: 25, refillIntervalMs: 300_000, maxTracked: 4096,
      clusterEventNamespace: 'default', now: Date.now, ...opts,
    };
    this.#buckets = new TokenBuckets(this.#o.burst, this.#o.refillIntervalMs, this.#o.maxTracked, this.#o.now);
  }

  /** Records an event about `obj`. Returns at once; the write happens in the background. */
  event(obj: KubeObject, type: EventSeverity, reason: string, message: string): void {
    const ref = objectReference(obj);
    const source = `${this.#o.component}/${ref.namespace ?? ''}/${ref.kind}/${ref.name}/${ref.uid ?? ''}`;
    if (!this.#buckets.take(source)) {
      this.stats.throttled++;
      return;
    }
    const text = message.length > 1024 ? `${message.slice(0, 1021)}...` : message;
    const key = `${source}\u0000${type}\u0000${reason}\u0000${text}`;
    // The time is taken now: writes are serialized and may happen later.
    const at = this.#o.now();
    this.#chain = this.#chain.then(() => this.#record(key, at, ref, type, reason, text)).catch((err: unknown) => {
      this.stats.failed++;
      this.#o.logger?.warn({ err: String(err), reason, object: `${ref.namespace ?? ''}/${ref.name}` }, 'event dropped');
    });
  }

  /** `event` with printf-style formatting of the message. */
  eventf(obj: KubeObject, type: EventSeverity, reason: string, fmt: string, ...args: unknown[]): void {
    this.event(obj, type, reason, format(fmt, ...args));
  }

  /** Resolves when every event recorded so far has been written (or dropped). */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #record(key: string, nowMs: number, ref: ObjectReference, type: EventSeverity, reason: string, message: string): Promise<void> {
    const now = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const prev = this.#tracked.get(key);
    if (prev && nowMs - prev.lastSeen <= this.#o.aggregationWindowMs) {
      this.#touch(key, prev);
      prev.count++;
      prev.lastSeen = nowMs;
      try {
        await withRetry(() => this.#o.client.patch(Events, { namespace: prev.namespace, name: prev.name }, { count: prev.count, lastTimestamp: now }, { type: 'merge' }));
        this.stats.aggregated++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // The Event was garbage-collected (TTL) meanwhile: start a new one.
      }
    }
    const namespace = ref.namespace || this.#o.clusterEventNamespace;
    const name = `${ref.name}.${(BigInt(nowMs) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)}`;
    const event: KubeObject = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason, message, type,
      source: { component: this.#o.component, host: this.#o.host },
      reportingComponent: this.#o.component,
      reportingInstance: this.#o.host,
      firstTimestamp: now, lastTimestamp: now, count: 1,
    };
    await withRetry(() => this.#o.client.create(Events, event));
    this.stats.created++;
    this.#touch(key, { namespace, name, count: 1, firstTimestamp: now, lastSeen: nowMs });
  }

  #touch(key: string, entry: Tracked): void {
    this.#tracked.delete(key);
    this.#tracked.set(key, entry);
    if (this.#tracked.size > this.#o.maxTracked) this.#tracked.delete(this.#tracked.keys().next().value!);
  }
}

/** core/v1 ObjectReference of an involved object. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

/** The ObjectReference Events use to point at an object. */
export function objectReference(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 100 * 2 ** i));
    }
  }
}
