/**
 * One watch connection: a chunked JSON-lines stream with flushed headers, selector transitions,
 * bookmarks, a lifetime, and disconnection of clients that stop reading.
 */
import type { ServerResponse } from 'node:http';
import { isHttp1, writeHead, type HttpResponse } from '../http/exchange.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Selection } from '../resources/selection.ts';
import type { StoreEvent } from '../storage/types.ts';
import type { Flushable, WatchHub, WatchSink } from './hub.ts';

/** How events are rendered (one JSON line): plain objects or one-row Tables. */
export type EventEncoder = (type: string, obj: KubeObject, event: StoreEvent | undefined) => string | Buffer;

/** Options of a watch stream. */
export interface WatchStreamOptions {
  storageKey: string;
  namespace?: string;
  selection: Selection;
  encode: EventEncoder;
  bookmarks: boolean;
  /** Builds a BOOKMARK object at the given revision. */
  bookmark: (rv: number, initialEventsEnd: boolean) => KubeObject;
  currentRv: () => number;
  lifetimeMs: number;
  bookmarkIntervalMs?: number;
}

const MAX_BUFFERED_BYTES = 64 << 20;
const CRLF = Buffer.from('\r\n');

/** Chunk-framed copies of shared event lines: every watcher of an event sends the same bytes. */
const framedLines = new WeakMap<Buffer, Buffer>();

/** One HTTP/1.1 chunk holding `data`. */
function frameChunk(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, CRLF]);
}

function framedLine(line: Buffer): Buffer {
  let framed = framedLines.get(line);
  if (!framed) framedLines.set(line, (framed = frameChunk(line)));
  return framed;
}

/** A multi-event run as it was last built for each first line: watchers of one resource queue the same events. */
type RunCache = WeakMap<Buffer, { lines: (string | Buffer)[]; bytes: Buffer }>;
const framedRuns: RunCache = new WeakMap();
const joinedRuns: RunCache = new WeakMap();

/**
 * The bytes of a run of event lines, built once for all the watchers that queued the same run:
 * copying it per watcher would allocate a buffer per watcher and flush, and that churn, promoted
 * before the writes complete, is what makes old-space collections (and their pauses) frequent.
 */
function sharedRun(lines: (string | Buffer)[], cache: RunCache, build: (joined: Buffer) => Buffer): Buffer {
  const first = lines[0];
  if (typeof first === 'string') return build(joinLines(lines));
  const hit = cache.get(first!);
  if (hit && hit.lines.length === lines.length && hit.lines.every((l, i) => l === lines[i])) return hit.bytes;
  const bytes = build(joinLines(lines));
  cache.set(first!, { lines, bytes });
  return bytes;
}

const framedRun = (lines: (string | Buffer)[]): Buffer => sharedRun(lines, framedRuns, frameChunk);
const joinedRun = (lines: (string | Buffer)[]): Buffer => sharedRun(lines, joinedRuns, (b) => b);

function joinLines(lines: (string | Buffer)[]): Buffer {
  return Buffer.concat(lines.map((x) => (typeof x === 'string' ? Buffer.from(x) : x)));
}

/** A live watch attached to the hub until the client disconnects or the lifetime ends. */
export class WatchStream implements WatchSink, Flushable {
  readonly storageKey: string;
  private readonly res: HttpResponse;
  private readonly hub: WatchHub;
  private readonly opts: WatchStreamOptions;
  private readonly nsPrefix: string | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private pending: (string | Buffer)[] = [];
  private flushScheduled = false;
  private directOk = false;
  /** An HTTP/2 stream: its writes share the session's socket with every other stream of the client. */
  private readonly multiplexed: boolean;

  constructor(res: HttpResponse, hub: WatchHub, opts: WatchStreamOptions) {
    this.res = res;
    this.hub = hub;
    this.opts = opts;
    this.storageKey = opts.storageKey;
    this.multiplexed = !isHttp1(res);
    this.nsPrefix = opts.namespace !== undefined ? `${opts.namespace}/` : undefined;
  }

  /** Sends headers at once (clients block until they arrive). */
  open(): void {
    writeHead(this.res, 200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    // HTTP/2 sends the headers frame at once; HTTP/1.1 would hold them until the first event.
    if (isHttp1(this.res)) this.res.flushHeaders();
    this.res.on('close', () => this.close());
  }

  /**
   * Queues one already-decided event. Events committed in the same turn of the event loop go out
   * in one write (one TLS record), which matters with many watchers.
   */
  send(type: string, obj: KubeObject, event?: StoreEvent): void {
    if (this.closed) return;
    this.pending.push(this.opts.encode(type, obj, event));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.hub.scheduleFlush(this, this.multiplexed);
    }
  }

  /**
   * Writes the queued events in one chunk (HTTP/1.1) or one DATA frame (HTTP/2). Once an HTTP/1.1
   * response owns its socket, the chunk goes to the socket already framed: http's own chunked
   * write costs a third more CPU per watcher, and the framed bytes of one event are shared by all
   * its watchers. A client that stops reading is dropped once its backlog passes the limit.
   */
  flush(): void {
    this.flushScheduled = false;
    const res = this.res;
    if (res.writableEnded) return;
    if (!this.pending.length || res.destroyed) { this.pending = []; return; }
    const p = this.pending;
    this.pending = [];
    if (!isHttp1(res)) {
      // The stream itself, not the compatibility response: one layer less per watcher and event.
      const stream = res.stream;
      stream.write(p.length === 1 ? p[0]! : joinedRun(p));
      if (stream.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      return;
    }
    const socket = res.socket;
    if (socket && (socket.destroyed || !socket.writable)) return;
    if (socket && this.direct(res, socket.writableLength)) {
      socket.write(p.length === 1 && typeof p[0] !== 'string' ? framedLine(p[0]!) : framedRun(p));
      if (socket.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      return;
    }
    res.write(p.length === 1 ? p[0]! : joinedRun(p));
    if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
  }

  /**
   * True when writing framed chunks straight to the socket keeps the stream intact: the response
   * uses chunked encoding and has nothing of its own still queued (a pipelined response ahead of
   * it, or headers not yet handed to the socket).
   */
  private direct(res: ServerResponse, socketQueued: number): boolean {
    if (this.directOk) return true;
    const chunked = (res as unknown as { chunkedEncoding?: boolean }).chunkedEncoding === true;
    this.directOk = chunked && res.req.method !== 'HEAD' && res.writableLength === socketQueued;
    return this.directOk;
  }

  /** Replays historical events and then follows live ones. */
  follow(): void {
    if (this.closed) return;
    this.hub.add(this);
    const life = setTimeout(() => this.finish(), this.opts.lifetimeMs);
    this.timers.push(life);
    if (this.opts.bookmarks) {
      const every = this.opts.bookmarkIntervalMs ?? 60_000;
      this.timers.push(setInterval(() => this.sendBookmark(false), every));
    }
  }

  /** Sends a BOOKMARK at the current revision. */
  sendBookmark(initialEventsEnd: boolean): void {
    this.send('BOOKMARK', this.opts.bookmark(this.opts.currentRv(), initialEventsEnd));
  }

  /** Translates a store event into what this watch sees, honouring selector transitions. */
  deliver(e: StoreEvent): void {
    if (this.nsPrefix !== undefined && !e.key.startsWith(this.nsPrefix)) return;
    const sel = this.opts.selection;
    if (sel.always) {
      this.send(e.type, e.object, e);
      return;
    }
    const now = e.type !== 'DELETED' && sel.matches(e.object);
    const before = e.type !== 'ADDED' && e.prev !== undefined && sel.matches(e.prev);
    if (e.type === 'DELETED') { if (before) this.send('DELETED', e.object, e); return; }
    if (now && before) this.send('MODIFIED', e.object, e);
    else if (now) this.send('ADDED', e.object, e);
    else if (before) {
      const gone = { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: e.object.metadata.resourceVersion } };
      this.send('DELETED', gone);
    }
  }

  /** Ends the stream cleanly (a bookmark first when asked for). */
  finish(): void {
    if (this.closed) return;
    if (this.opts.bookmarks) this.sendBookmark(false);
    this.end();
  }

  /** Writes what is queued and ends the response (after an ERROR event, too). */
  end(): void {
    const queued = this.pending;
    this.close();
    this.pending = queued;
    this.flush();
    this.res.end();
  }

  /** Detaches from the hub and stops timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.remove(this);
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
