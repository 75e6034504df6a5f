/**
 * Leader election on a Lease, with client-go's rules: a candidate takes the Lease only when it is
 * free or its holder has not renewed it for leaseDuration as measured on the candidate's own clock
 * (so clock skew between machines does not matter); the leader renews every retryPeriod and steps
 * down when it cannot renew within renewDeadline, which is shorter than leaseDuration so that it
 * stops before anyone else may start.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { isAlreadyExists, isConflict } from '../core/errors.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { LeaseLock, microTime, type LeaderRecord, type LeaseSnapshot } from './lease-lock.ts';

/** Timing and identity of a candidate. */
export interface LeaderElectionConfig {
  /** Identity written to holderIdentity. Default `<hostname>_<uuid>`. */
  identity?: string;
  /** How long a non-renewed Lease stays valid. Default 15 000 ms. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failing renew before stepping down. Default 10 000 ms. */
  renewDeadlineMs?: number;
  /** Interval between acquire/renew attempts. Default 2 000 ms. */
  retryPeriodMs?: number;
  /** Clear holderIdentity when stopping as leader so a successor need not wait. Default true. */
  releaseOnCancel?: boolean;
  logger?: Logger;
}

/** Callbacks of an election run. */
export interface LeaderCallbacks {
  /** Became leader; `signal` aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void;
  /**
   * Leadership ended: lost (renew failed) or stopped (the run's signal aborted). The Lease is
   * released only after the returned promise settles, so work can finish before a successor starts.
   */
  onStoppedLeading(lost: boolean): void | Promise<void>;
  /** Another (or this) candidate was observed as holder. */
  onNewLeader?(identity: string): void;
}

/** The default identity: hostname plus a random suffix, unique per process. */
export function defaultIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (signal.aborted) return resolve();
  const t = setTimeout(done, ms);
  function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
  signal.addEventListener('abort', done, { once: true });
});

/** Runs leader election for one Lease. */
export class LeaderElector {
  readonly identity: string;
  private readonly lock: LeaseLock;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly release: boolean;
  private readonly logger: Logger;
  private observed: LeaseSnapshot | undefined;
  private observedAt = 0;
  private leading = false;
  private lastLeader = '';

  constructor(lock: LeaseLock, config: LeaderElectionConfig = {}) {
    this.lock = lock;
    this.identity = config.identity ?? defaultIdentity();
    this.leaseMs = config.leaseDurationMs ?? 15_000;
    this.renewMs = config.renewDeadlineMs ?? 10_000;
    this.retryMs = config.retryPeriodMs ?? 2_000;
    this.release = config.releaseOnCancel ?? true;
    this.logger = (config.logger ?? silentLogger()).child({ lease: lock.describe(), identity: this.identity });
    if (this.leaseMs <= this.renewMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewMs <= this.retryMs * 1.2) throw new Error('renewDeadline must be greater than retryPeriod*1.2');
  }

  /** True while this candidate holds the Lease. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last observed (possibly this candidate). */
  leader(): string {
    return this.observed?.record.holderIdentity ?? '';
  }

  /**
   * Campaigns until elected, leads until the Lease is lost or signal aborts, then returns.
   * Resolves `lost: true` when leadership was lost rather than given up.
   */
  async run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<{ lost: boolean }> {
    this.logger.info('attempting to acquire leader lease');
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(callbacks)) break;
      await sleep(this.retryMs * (1 + Math.random() * 0.2), signal);
    }
    if (signal.aborted) return { lost: false };
    this.logger.info('successfully acquired lease');
    this.leading = true;
    const leadership = new AbortController();
    callbacks.onStartedLeading(leadership.signal);
    let lastRenew = performance.now();
    let lost = false;
    while (!signal.aborted) {
      await sleep(this.retryMs, signal);
      if (signal.aborted) break;
      const remaining = this.renewMs - (performance.now() - lastRenew);
      if (await this.withDeadline(this.tryAcquireOrRenew(callbacks), remaining)) {
        lastRenew = performance.now();
      } else if (performance.now() - lastRenew >= this.renewMs) {
        lost = true;
        break;
      }
    }
    this.leading = false;
    leadership.abort(new Error(lost ? 'leader election lost' : 'leader election stopped'));
    if (lost) this.logger.error('failed to renew lease: leader election lost');
    await callbacks.onStoppedLeading(lost);
    if (!lost && this.release) await this.releaseLease();
    return { lost };
  }

  private async withDeadline(p: Promise<boolean>, ms: number): Promise<boolean> {
    if (ms <= 0) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async tryAcquireOrRenew(callbacks: LeaderCallbacks): Promise<boolean> {
    const now = new Date();
    const desired: LeaderRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    try {
      const current = await this.lock.get();
      if (!current) {
        this.note(await this.lock.create(desired), callbacks);
        return true;
      }
      if (!this.observed || this.observed.resourceVersion !== current.resourceVersion) this.note(current, callbacks);
      const rec = current.record;
      const held = rec.holderIdentity !== '' && rec.holderIdentity !== this.identity;
      if (held && performance.now() < this.observedAt + this.leaseMs) return false;
      if (rec.holderIdentity === this.identity) {
        desired.acquireTime = rec.acquireTime;
        desired.leaseTransitions = rec.leaseTransitions;
      } else {
        desired.leaseTransitions = rec.leaseTransitions + 1;
      }
      this.note(await this.lock.update(desired, current.resourceVersion), callbacks);
      return true;
    } catch (err) {
      if (!isConflict(err) && !isAlreadyExists(err)) this.logger.warn({ err }, 'error acquiring or renewing lease');
      return false;
    }
  }

  private note(snap: LeaseSnapshot, callbacks: LeaderCallbacks): void {
    this.observed = snap;
    this.observedAt = performance.now();
    const holder = snap.record.holderIdentity;
    if (holder && holder !== this.lastLeader) {
      this.lastLeader = holder;
      callbacks.onNewLeader?.(holder);
    }
  }

  private async releaseLease(): Promise<void> {
    try {
      const current = await this.lock.get();
      if (!current || current.record.holderIdentity !== this.identity) return;
      const now = microTime();
      await this.lock.update({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.record.leaseTransitions }, current.resourceVersion);
      this.logger.info('released leader lease');
    } catch (err) {
      this.logger.warn({ err }, 'failed to release lease');
    }
  }
}
