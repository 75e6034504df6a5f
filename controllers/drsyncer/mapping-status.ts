/**
 * NamespaceMapping status after a sync: phase, times, totals, per-kind counts, Deployment scales,
 * the Synced condition and the retry state. Pure functions of the previous status and the outcome.
 */
import { setStatusCondition } from '../../runtime/index.ts';
import type { NamespaceMapping, NamespaceMappingStatus, ResourceStatus } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { nextRetry } from './retry.ts';
import { formatDuration } from './schedule.ts';
import { clone, timestamp } from './status-writer.ts';
import type { SyncReport } from './sync.ts';

/** Context of one sync. */
export interface SyncContext {
  nm: NamespaceMapping;
  sourceCluster: string;
  destinationCluster: string;
  destinationNamespace: string;
  startedAt: Date;
  finishedAt: Date;
  /** Next cron tick (Scheduled mode). */
  nextSyncTime?: Date;
  /** Time of the watch event that led here (Continuous mode). */
  watchEventAt?: Date;
}

/** Status while a sync runs. */
export function runningStatus(prev: NamespaceMappingStatus | undefined): NamespaceMappingStatus {
  return { ...clone(prev), phase: 'Running' };
}

function withReport(status: NamespaceMappingStatus, report: SyncReport, ctx: SyncContext): void {
  const at = timestamp(ctx.finishedAt);
  status.syncStats = {
    totalResources: report.total,
    successfulSyncs: report.created + report.updated + report.unchanged,
    failedSyncs: report.failed,
    lastSyncDuration: formatDuration(ctx.finishedAt.getTime() - ctx.startedAt.getTime()),
  };
  status.resourceGroups = report.groups.map((g) => ({ groupKind: g.groupKind, totalCount: g.total, syncedCount: g.synced, failedCount: g.failed, pendingCount: Math.max(0, g.total - g.synced - g.failed) }));
  status.resourceStatus = report.groups.map((g): ResourceStatus => {
    const kind = g.groupKind.slice(g.groupKind.lastIndexOf('/') + 1);
    const err = report.errors.find((e) => e.resource.startsWith(`${kind}/`));
    return { kind, name: '*', namespace: ctx.destinationNamespace, status: g.failed ? 'Failed' : 'Synced', lastSyncTime: at, ...(err ? { error: err.message } : {}) };
  });
  status.deploymentScales = report.deploymentScales.map((d) => ({ name: d.name, originalReplicas: d.originalReplicas, lastSyncedAt: at }));
  if (!status.deploymentScales.length) delete status.deploymentScales;
}

/** Status after a sync in which every object was written. */
export function completedStatus(prev: NamespaceMappingStatus | undefined, report: SyncReport, ctx: SyncContext): NamespaceMappingStatus {
  const status: NamespaceMappingStatus = clone(prev) ?? {};
  status.phase = 'Completed';
  status.lastSyncTime = timestamp(ctx.finishedAt);
  withReport(status, report, ctx);
  delete status.retryStatus;
  delete status.lastError;
  delete status.syncProgress;
  if (ctx.nextSyncTime) status.nextSyncTime = timestamp(ctx.nextSyncTime);
  if (ctx.watchEventAt) status.lastWatchEvent = timestamp(ctx.watchEventAt);
  setStatusCondition(status.conditions ??= [], {
    type: 'Synced', status: 'True', reason: 'SyncCompleted',
    message: `Resources successfully synced from cluster ${ctx.sourceCluster} to cluster ${ctx.destinationCluster}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted${report.skipped ? `, ${report.skipped} left unchanged (immutable fields)` : ''}`,
    observedGeneration: ctx.nm.metadata?.generation,
  }, ctx.finishedAt);
  return status;
}

/** Status after a failed sync (or one that could not start); says whether and when to retry. */
export function failedStatus(prev: NamespaceMappingStatus | undefined, error: { message: string; resource?: string; category: string }, ctx: SyncContext, report?: SyncReport): { status: NamespaceMappingStatus; retryAfterMs?: number } {
  const status: NamespaceMappingStatus = clone(prev) ?? {};
  const at = timestamp(ctx.finishedAt);
  const retry = nextRetry(prev?.retryStatus, ctx.nm.spec.retryConfig, ctx.finishedAt);
  status.phase = 'Failed';
  status.retryStatus = retry.status;
  status.lastError = { message: error.message, time: at, ...(error.resource ? { resource: error.resource } : {}) };
  if (report) {
    status.lastSyncTime = at;
    withReport(status, report, ctx);
  }
  if (ctx.nextSyncTime) status.nextSyncTime = timestamp(ctx.nextSyncTime);
  if (ctx.watchEventAt) status.lastWatchEvent = timestamp(ctx.watchEventAt);
  const categories = status.errorCategories ??= [];
  const cat = categories.find((c) => c.category === error.category);
  if (cat) { cat.count++; cat.lastOccurred = at; } else categories.push({ category: error.category, count: 1, lastOccurred: at });
  setStatusCondition(status.conditions ??= [], {
    type: 'Synced', status: 'False', reason: 'SyncFailed',
    message: retry.retry
      ? `Sync failed: ${error.message}. Retry scheduled in ${retry.status.backoffDuration} (${retry.status.retriesRemaining} retries remaining)`
      : `Sync failed: ${error.message}. No retries left`,
    observedGeneration: ctx.nm.metadata?.generation,
  }, ctx.finishedAt);
  return { status, retryAfterMs: retry.retry ? retry.delayMs : undefined };
}
