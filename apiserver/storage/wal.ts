/**
 * Durable storage for the object store: a snapshot plus an append-only log of JSON lines. Appends
 * are group-committed (one fdatasync for every record queued while the previous sync ran), so a
 * write is acknowledged only once it is on disk. A torn last line (crash mid-write) is discarded
 * on recovery; it was never acknowledged.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, ftruncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../runtime/core/meta.ts';

/** One log record: a put (object) or a delete (no object) at a revision. */
export interface WalRecord {
  rv: number;
  resource: string;
  key: string;
  object?: KubeObject;
}

/** Everything recovered from disk. */
export interface RecoveredState {
  rv: number;
  objects: { resource: string; key: string; object: KubeObject }[];
}

const SNAPSHOT = 'snapshot.json';
const LOG = 'wal.log';

/** Reads the snapshot and replays the log on top of it; truncates a torn tail. */
export function recover(dir: string): RecoveredState {
  const state = new Map<string, { resource: string; key: string; object: KubeObject }>();
  let rv = 0;
  let snapshotRv = 0;
  const snapPath = join(dir, SNAPSHOT);
  if (existsSync(snapPath)) {
    const snap = JSON.parse(readFileSync(snapPath, 'utf8')) as RecoveredState;
    rv = snap.rv;
    snapshotRv = snap.rv;
    for (const o of snap.objects) state.set(`${o.resource}\u0000${o.key}`, o);
  }
  const logPath = join(dir, LOG);
  if (existsSync(logPath)) {
    const buf = readFileSync(logPath);
    let offset = 0;
    let good = 0;
    while (offset < buf.length) {
      const nl = buf.indexOf(0x0a, offset);
      if (nl < 0) break;
      let rec: WalRecord;
      try {
        rec = JSON.parse(buf.toString('utf8', offset, nl)) as WalRecord;
      } catch {
        break;
      }
      offset = nl + 1;
      good = offset;
      // Already in the snapshot (the log was not yet truncated when the process stopped).
      if (rec.rv <= snapshotRv) continue;
      rv = Math.max(rv, rec.rv);
      const id = `${rec.resource}\u0000${rec.key}`;
      if (rec.object) state.set(id, { resource: rec.resource, key: rec.key, object: rec.object });
      else state.delete(id);
    }
    if (good < buf.length) {
      const fd = openSync(logPath, 'r+');
      ftruncateSync(fd, good);
      fsyncSync(fd);
      closeSync(fd);
    }
  }
  return { rv, objects: [...state.values()] };
}

/** The append side of the log, with group commit and compaction into a snapshot. */
export class WriteAheadLog {
  private readonly dir: string;
  private handle: FileHandle | undefined;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing = false;
  private logBytes = 0;
  private snapshotBytes = 0;
  private closed = false;
  /** Supplies the full current state when the log grows large enough to compact. */
  snapshotSource: (() => RecoveredState) | undefined;

  private readonly compactBytes: number;

  constructor(dir: string, compactBytes = 16 << 20) {
    this.dir = dir;
    this.compactBytes = compactBytes;
  }

  /** Opens the log for appending. */
  async open(): Promise<void> {
    this.handle = await open(join(this.dir, LOG), 'a');
    this.logBytes = (await this.handle.stat()).size;
    const snapPath = join(this.dir, SNAPSHOT);
    this.snapshotBytes = existsSync(snapPath) ? readFileSync(snapPath).length : 0;
  }

  /** Queues records; resolves once they are durable. */
  append(records: WalRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    for (const r of records) this.pending.push(JSON.stringify(r) + '\n');
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing) void this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    while (this.pending.length && this.handle) {
      const chunk = this.pending.join('');
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.handle.write(chunk);
        await this.handle.datasync();
        this.logBytes += Buffer.byteLength(chunk);
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err as Error);
      }
      if (this.logBytes > Math.max(this.compactBytes, this.snapshotBytes * 2)) await this.compact();
    }
    this.flushing = false;
  }

  /** Writes the current state as a snapshot and starts an empty log. */
  private async compact(): Promise<void> {
    if (!this.snapshotSource || !this.handle) return;
    const state = this.snapshotSource();
    const text = JSON.stringify(state);
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.dir, SNAPSHOT));
    const dfd = openSync(this.dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
    this.snapshotBytes = text.length;
    // Records queued since the snapshot was taken are at or below its rv and are skipped on replay.
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.logBytes = 0;
  }

  /** Flushes what is queued and closes the file. */
  async close(): Promise<void> {
    while (this.flushing || this.pending.length) {
      await new Promise((r) => setTimeout(r, 2));
      if (!this.flushing && this.pending.length) void this.flushLoop();
    }
    this.closed = true;
    await this.handle?.close();
    this.handle = undefined;
  }
}
