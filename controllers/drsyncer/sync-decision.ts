/**
 * When a NamespaceMapping syncs, per replication mode. A pure function of the mapping, the clock
 * and whether its source changed, so every rule is testable on its own.
 *
 * - The `dr-syncer.io/sync-now` annotation (or the older `trigger-sync`) forces a sync in any mode.
 * - A failed sync with retries left runs again at `retryStatus.nextRetryTime`.
 * - Scheduled: syncs unless the last run completed (or failed for good) and `nextSyncTime` is ahead.
 * - Manual: a new mapping becomes Pending and waits for the annotation.
 * - Continuous: syncs on a change seen by the watches, on the first run, and when the background
 *   resync interval has passed since the last sync.
 */
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { SYNC_NOW_ANNOTATION, TRIGGER_SYNC_ANNOTATION } from './kinds.ts';
import { parseDuration } from './schedule.ts';

/** Replication modes. */
export type ReplicationMode = 'Scheduled' | 'Continuous' | 'Manual';

/** Why a sync runs. */
export type SyncTrigger = 'annotation' | 'schedule' | 'retry' | 'watch' | 'initial' | 'background';

/** What the reconciler does now. */
export type SyncDecision =
  | { action: 'sync'; trigger: SyncTrigger }
  | { action: 'wait'; requeueAfterMs?: number }
  | { action: 'markPending' };

/** Background resync of the Continuous mode unless configured. */
export const DEFAULT_BACKGROUND_SYNC_MS = 60 * 60_000;
/** Longest a Continuous mapping goes without being looked at. */
export const CONTINUOUS_RECHECK_MS = 60 * 60_000;

/** True when the mapping carries a sync-now annotation. */
export function syncRequested(nm: NamespaceMapping): boolean {
  const a = nm.metadata?.annotations ?? {};
  return SYNC_NOW_ANNOTATION in a || TRIGGER_SYNC_ANNOTATION in a;
}

/** The mode of a mapping (Scheduled by default). */
export function modeOf(nm: NamespaceMapping): ReplicationMode {
  return nm.spec.replicationMode ?? 'Scheduled';
}

/** Background resync interval of a Continuous mapping. */
export function backgroundIntervalMs(nm: NamespaceMapping): number {
  return parseDuration(nm.spec.continuous?.backgroundSyncInterval) || DEFAULT_BACKGROUND_SYNC_MS;
}

/** Decides whether the mapping syncs now. `changedAt` is set when the watches saw a source change. */
export function decideSync(nm: NamespaceMapping, now: Date, changedAt?: Date): SyncDecision {
  if (syncRequested(nm)) return { action: 'sync', trigger: 'annotation' };
  const st = nm.status ?? {};
  const mode = modeOf(nm);
  const until = (t: string | undefined) => (t ? Date.parse(t) - now.getTime() : -1);

  if (st.phase === 'Failed' && st.retryStatus?.nextRetryTime) {
    const wait = until(st.retryStatus.nextRetryTime);
    if (wait <= 0) return { action: 'sync', trigger: 'retry' };
    // A change at the source is worth a try before the back-off ends only in Continuous mode.
    if (!(mode === 'Continuous' && changedAt)) return { action: 'wait', requeueAfterMs: wait };
  }

  switch (mode) {
    case 'Manual':
      if (!st.phase) return { action: 'markPending' };
      return { action: 'wait' };
    case 'Scheduled': {
      if ((st.phase === 'Completed' || st.phase === 'Failed') && st.nextSyncTime) {
        const wait = until(st.nextSyncTime);
        if (wait > 0) return { action: 'wait', requeueAfterMs: wait };
        return { action: 'sync', trigger: 'schedule' };
      }
      return { action: 'sync', trigger: 'initial' };
    }
    case 'Continuous': {
      if (changedAt) return { action: 'sync', trigger: 'watch' };
      if (!st.lastSyncTime || (st.phase !== 'Completed' && st.phase !== 'Failed')) return { action: 'sync', trigger: 'initial' };
      const due = Date.parse(st.lastSyncTime) + backgroundIntervalMs(nm) - now.getTime();
      if (due <= 0) return { action: 'sync', trigger: 'background' };
      return { action: 'wait', requeueAfterMs: Math.min(due, CONTINUOUS_RECHECK_MS) };
    }
  }
}
