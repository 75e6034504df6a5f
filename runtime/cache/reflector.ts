/**
 * The list+watch loop (client-go's reflector, kube-rs' watcher). It lists a resource page by page,
 * watches from the list's resourceVersion with bookmarks, and keeps going whatever happens:
 * 410 Gone relists, expired continue tokens restart the list, network errors / 429 / 5xx reconnect
 * with jittered backoff (honouring Retry-After), and a stream that goes quiet for longer than the
 * idle timeout is treated as stalled and reopened. It never throws out of its loop.
 */
import type { IncomingMessage } from 'node:http';
import { resourcePath } from '../core/gvk.ts';
import { isGone, statusErrorFromBody, statusError } from '../core/errors.ts';
import type { Transport } from '../client/transport.ts';
import { errorFromResponse, readBody, retryAfterMs } from '../client/transport.ts';
import { apiVersionOf } from '../client/resource.ts';
import type { ApiObject, Resource } from '../client/resource.ts';
import { Backoff, sleepUnlessAborted } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { WatchEventDecoder } from './watch-events.ts';
import { listAllPages } from './pager.ts';
import type { WatchEvent } from './watch-events.ts';

/** Where a reflector delivers what it learns. Calls are synchronous and in server order. */
export interface ReflectorSink<T extends ApiObject> {
  /** A complete, consistent snapshot from a (re)list. */
  replace(items: T[], resourceVersion: string): void;
  /** A (re)list failed; the reflector retries on its own. */
  listFailed?(err: unknown): void;
  /** One change from the watch stream. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
}

/** Minimal structured logger (pino-compatible). */
export interface CacheLogger {
  debug?(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/** What to list and watch, and how patiently. */
export interface ReflectorOptions<T extends ApiObject> {
  transport: Transport;
  resource: Resource<T>;
  /** Restrict to one namespace (namespaced resources only). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of the initial list; 0 lists in one request. Default 500. */
  pageSize?: number;
  /** Server-side watch timeout range [min, 2*min) in seconds. Default 300. */
  minWatchTimeoutSeconds?: number;
  /** No bytes (event or bookmark) for this long means the stream stalled. Default 90 s. */
  idleTimeoutMs?: number;
  /** Socket inactivity timeout of list requests. Default 60 s. */
  listTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Applied to every object before it reaches the sink (strip fields to save memory). */
  transform?: (obj: T) => T;
  logger?: CacheLogger;
}

/** Counters describing what a reflector went through; useful for metrics and tests. */
export interface ReflectorStats {
  lists: number;
  watches: number;
  events: number;
  bookmarks: number;
  errors: number;
  relistsOnGone: number;
  stalls: number;
  lastError?: unknown;
  lastSyncResourceVersion: string;
}

class StallError extends Error {
  constructor(ms: number) {
    super(`watch stream idle for ${ms}ms`);
    this.name = 'StallError';
  }
}

/** Runs list+watch for one resource scope until stopped. */
export class Reflector<T extends ApiObject> {
  readonly #o: ReflectorOptions<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #backoff: Backoff;
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;
  #rv = '';
  readonly stats: ReflectorStats = { lists: 0, watches: 0, events: 0, bookmarks: 0, errors: 0, relistsOnGone: 0, stalls: 0, lastSyncResourceVersion: '' };

  constructor(opts: ReflectorOptions<T>, sink: ReflectorSink<T>) {
    this.#o = opts;
    this.#sink = sink;
    this.#backoff = new Backoff(opts.backoff);
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  get resourceVersion(): string {
    return this.#rv;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Stops the loop and waits for it to unwind. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  get #path(): string {
    return resourcePath(this.#o.resource, this.#o.resource.namespaced ? this.#o.namespace : undefined);
  }

  async #loop(): Promise<void> {
    const signal = this.#abort.signal;
    let needList = true;
    let watchFailures = 0;
    let gones = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.#list(signal);
          needList = false;
          watchFailures = 0;
        }
        const started = Date.now();
        const delivered = await this.#watch(signal);
        // A stream the server ends at once without saying anything would spin; treat it as a failure.
        if (delivered === 0 && Date.now() - started < 1000) await sleepUnlessAborted(this.#backoff.next(), signal);
        else this.#backoff.reset();
        watchFailures = 0;
        gones = 0;
      } catch (err) {
        if (signal.aborted) break;
        this.stats.errors++;
        this.stats.lastError = err;
        if (needList) this.#sink.listFailed?.(err);
        if (isGone(err)) {
          // History is gone: only a fresh list can tell what happened meanwhile.
          this.stats.relistsOnGone++;
          needList = true;
          this.#log('warn', { err: String(err) }, 'resourceVersion expired; relisting');
          // The first relist is immediate; a server that keeps answering Gone gets backoff.
          if (++gones > 1) await sleepUnlessAborted(retryAfterMs(err) ?? this.#backoff.next(), signal);
          continue;
        }
        if (err instanceof StallError) this.stats.stalls++;
        else watchFailures++;
        // Repeated watch failures can mean the server lost our resourceVersion; relist to be sure.
        if (watchFailures >= 3) needList = true;
        const delay = retryAfterMs(err) ?? (err instanceof StallError ? 0 : this.#backoff.next());
        this.#log('warn', { err: String(err), delayMs: Math.round(delay) }, 'list/watch failed; retrying');
        await sleepUnlessAborted(delay, signal);
      }
    }
  }

  #log(level: 'warn' | 'debug', fields: object, msg: string): void {
    const logger = this.#o.logger;
    if (!logger) return;
    const all = { resource: this.#o.resource.plural, namespace: this.#o.namespace, ...fields };
    if (level === 'warn') logger.warn(all, msg);
    else logger.debug?.(all, msg);
  }

  #prepare(obj: T): T {
    if (obj.apiVersion === undefined) obj.apiVersion = apiVersionOf(this.#o.resource);
    if (obj.kind === undefined) obj.kind = this.#o.resource.kind;
    if (!this.#o.transform) return obj;
    // A throwing transform must not wedge the loop on one object: keep that object untransformed.
    try {
      return this.#o.transform(obj);
    } catch (err) {
      this.#log('warn', { err: String(err), name: obj.metadata?.name }, 'transform failed; storing the object as received');
      return obj;
    }
  }

  async #list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const { items, resourceVersion } = await listAllPages<T>({
      transport: this.#o.transport, path: this.#path, signal, timeoutMs: this.#o.listTimeoutMs,
      labelSelector: this.#o.labelSelector, fieldSelector: this.#o.fieldSelector, pageSize: this.#o.pageSize ?? 500,
      onExpiredContinue: () => this.#log('warn', {}, 'continue token expired; listing without pagination'),
    }, (obj) => this.#prepare(obj));
    this.#rv = resourceVersion;
    this.stats.lastSyncResourceVersion = resourceVersion;
    this.#sink.replace(items, resourceVersion);
  }

  /** Watches from the current resourceVersion; resolves with the number of events when the stream ends. */
  async #watch(signal: AbortSignal): Promise<number> {
    this.stats.watches++;
    const min = this.#o.minWatchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(min * (1 + Math.random()));
    const idleMs = this.#o.idleTimeoutMs ?? 90_000;
    const local = new AbortController();
    const onAbort = () => local.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) local.abort();
    try {
      const res = await this.#o.transport.open({
        method: 'GET', path: this.#path, signal: local.signal, timeoutMs: idleMs + 1000,
        query: {
          watch: 'true', resourceVersion: this.#rv, allowWatchBookmarks: 'true', timeoutSeconds,
          labelSelector: this.#o.labelSelector, fieldSelector: this.#o.fieldSelector,
        },
      });
      if (res.statusCode !== 200) throw errorFromResponse(res.statusCode ?? 0, res.headers, await readBody(res));
      return await this.#consume(res, idleMs, local);
    } finally {
      signal.removeEventListener('abort', onAbort);
      local.abort();
    }
  }

  #consume(res: IncomingMessage, idleMs: number, local: AbortController): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const decoder = new WatchEventDecoder();
      let count = 0;
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        res.removeAllListeners('data');
        if (err) { res.destroy(); reject(err); } else resolve(count);
      };
      const arm = () => setTimeout(() => finish(new StallError(idleMs)), idleMs);
      let idle = arm();
      // Stopping must settle the stream even if the response already closed before we listened.
      if (local.signal.aborted || res.destroyed) { finish(); return; }
      local.signal.addEventListener('abort', () => finish(), { once: true });
      res.on('data', (chunk: Buffer) => {
        clearTimeout(idle);
        idle = arm();
        let events: WatchEvent[];
        try {
          events = decoder.push(chunk, (line) => this.#log('warn', { line: line.slice(0, 200) }, 'undecodable watch line'));
          for (const ev of events) {
            count++;
            this.#handle(ev);
          }
        } catch (err) {
          finish(err);
        }
      });
      res.on('end', () => finish());
      res.on('error', (err) => finish(err));
      res.on('aborted', () => finish(new Error('watch stream aborted')));
      res.on('close', () => finish(local.signal.aborted ? undefined : new Error('watch stream closed')));
    });
  }

  #handle(ev: WatchEvent): void {
    switch (ev.type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED': {
        this.stats.events++;
        const obj = this.#prepare(ev.object as unknown as T);
        const rv = obj.metadata?.resourceVersion;
        this.#sink.apply(ev.type, obj);
        if (rv) this.#rv = rv;
        return;
      }
      case 'BOOKMARK': {
        this.stats.bookmarks++;
        const rv = ev.object.metadata?.resourceVersion;
        if (rv) this.#rv = rv;
        return;
      }
      case 'ERROR': {
        const code = Number((ev.object as { code?: number }).code) || 500;
        throw statusErrorFromBody(code, ev.object);
      }
      default:
        throw statusError('InternalError', { message: `unexpected watch event type ${String(ev.type)}` });
    }
  }
}
