/**
 * The NamespaceMapping reconciler: finalizer, pause, the replication mode's decision, then one sync
 * from the source cluster's namespace to the destination's, with the outcome in status (phase,
 * Synced condition, syncStats, retry state) and events. Continuous mappings also get watches on
 * their source namespace; deleting a mapping removes the copies it made.
 *
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=namespacemappings,verbs=get;list;watch;update;patch
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=namespacemappings/status,verbs=get;update;patch
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=namespacemappings/finalizers,verbs=update
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=clustermappings;remoteclusters,verbs=get;list;watch
 * +kubebuilder:rbac:groups="",resources=namespaces,verbs=get;list;watch;create
 * +kubebuilder:rbac:groups="",resources=configmaps;secrets;services;persistentvolumeclaims,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
 */
import { addFinalizer, isBeingDeleted, isNotFound, removeFinalizer, type ApiClient, type EventRecorder, type KubeObject, type Logger, type Reader, type ReconcileContext, type Request, type Result } from '../../runtime/index.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { cleanupCopies } from './cleanup.ts';
import { mappingEndpoints, type ClusterEndpoint, type LocalCluster } from './clusters.ts';
import { NAMESPACE_MAPPING_FINALIZER, NamespaceMappings, SYNC_NOW_ANNOTATION, TRIGGER_SYNC_ANNOTATION, keyOf } from './kinds.ts';
import { completedStatus, failedStatus, runningStatus, type SyncContext } from './mapping-status.ts';
import type { RemoteClusterRegistry } from './registry.ts';
import { builtinTypes, discoverTypes } from './resource-types.ts';
import { nextSyncTime } from './schedule.ts';
import type { SourceWatches } from './source-watches.ts';
import { backgroundIntervalMs, decideSync, modeOf, syncRequested } from './sync-decision.ts';
import { syncNamespace } from './sync.ts';
import { writeStatusIfChanged } from './status-writer.ts';

/** Options of the NamespaceMapping reconciler. */
export interface NamespaceMappingReconcilerOptions {
  /** Direct client of the operator's cluster: mapping reads must see the controller's own writes at once. */
  local: LocalCluster;
  /** Cache-backed reader for ClusterMappings and RemoteClusters. */
  reader: Reader;
  registry: RemoteClusterRegistry;
  watches: SourceWatches;
  recorder?: EventRecorder;
  logger?: Logger;
  now?: () => Date;
}

/** Builds the NamespaceMapping reconcile function. */
export function namespaceMappingReconciler(opts: NamespaceMappingReconcilerOptions) {
  const now = opts.now ?? (() => new Date());
  const api: ApiClient = opts.local.client;
  const event = (nm: NamespaceMapping, type: 'Normal' | 'Warning', reason: string, message: string) => opts.recorder?.event(nm as unknown as KubeObject, type, reason, message);

  return async (req: Request, _ctx: ReconcileContext): Promise<Result> => {
    let nm: NamespaceMapping;
    try {
      nm = await api.get(NamespaceMappings, req);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      opts.watches.stop(req);
      return {};
    }
    const obj = nm as unknown as KubeObject;
    if (isBeingDeleted(obj)) {
      opts.watches.stop(req);
      if (!obj.metadata.finalizers?.includes(NAMESPACE_MAPPING_FINALIZER)) return {};
      const outcome = await cleanupCopies({ reader: opts.reader, registry: opts.registry, local: opts.local, nm });
      event(nm, outcome.skipped ? 'Warning' : 'Normal', outcome.skipped ? 'CleanupSkipped' : 'CleanupCompleted', outcome.message);
      removeFinalizer(obj, NAMESPACE_MAPPING_FINALIZER);
      await api.update(NamespaceMappings, nm);
      return {};
    }
    if (nm.spec.paused) {
      opts.watches.stop(req);
      return {};
    }
    if (addFinalizer(obj, NAMESPACE_MAPPING_FINALIZER)) nm = await api.update(NamespaceMappings, nm);

    const mode = modeOf(nm);
    const watchSource = mode === 'Continuous' && nm.spec.continuous?.watchResources !== false;
    if (!watchSource) opts.watches.stop(req);
    const at = now();

    // Without working clusters there is nothing to watch or sync: report and retry.
    const endpoints = await mappingEndpoints(opts.reader, opts.registry, opts.local, nm);
    const srcNs = nm.spec.sourceNamespace ?? '';
    const dstNs = nm.spec.destinationNamespace || srcNs;
    const ctx = (startedAt: Date, source: string, destination: string): SyncContext => ({
      nm, sourceCluster: source, destinationCluster: destination, destinationNamespace: dstNs, startedAt, finishedAt: now(),
      ...(mode === 'Scheduled' ? { nextSyncTime: nextSyncTime(nm.spec.schedule, now()) } : {}),
    });
    const fail = async (message: string, category: string, c: SyncContext, report?: Parameters<typeof failedStatus>[3]): Promise<Result> => {
      const { status, retryAfterMs } = failedStatus(nm.status, { message, category, resource: report?.errors[0]?.resource }, c, report);
      await writeStatusIfChanged(api, NamespaceMappings, nm, nm.status, status);
      event(nm, 'Warning', 'SyncFailed', message);
      const nextTick = c.nextSyncTime ? Math.max(0, c.nextSyncTime.getTime() - now().getTime()) : undefined;
      const after = retryAfterMs ?? nextTick ?? (mode === 'Continuous' ? backgroundIntervalMs(nm) : undefined);
      return after === undefined ? {} : { requeueAfter: after };
    };

    if (!srcNs) {
      const decision = decideSync(nm, at);
      if (decision.action !== 'sync') return {};
      return fail('spec.sourceNamespace is required', 'InvalidSpec', ctx(at, nm.spec.sourceCluster ?? 'local', nm.spec.destinationCluster ?? 'local'));
    }
    if (!endpoints.ok) {
      // Watches on a cluster that is gone or disconnected would only retry in the background.
      opts.watches.stop(req);
      const decision = decideSync(nm, at);
      if (decision.action === 'wait') return decision.requeueAfterMs === undefined ? {} : { requeueAfter: decision.requeueAfterMs };
      if (decision.action === 'markPending') return markPending(nm);
      return fail(endpoints.failure.message, endpoints.failure.reason, ctx(at, nm.spec.sourceCluster ?? 'local', nm.spec.destinationCluster ?? 'local'));
    }
    const { source, destination } = endpoints;
    if (source.kubeConfig.getCurrentCluster()?.server === destination.kubeConfig.getCurrentCluster()?.server && srcNs === dstNs) {
      return fail(`source and destination are the same namespace ${srcNs} of the same cluster`, 'InvalidSpec', ctx(at, source.name, destination.name));
    }

    const builtin = builtinTypes(nm.spec.resourceTypes);
    const extra = nm.spec.namespaceScopedResources?.length ? await discoverTypes(source.client, nm.spec.namespaceScopedResources.filter((r) => r !== '*')) : { resources: [], unknown: [] };
    const unknown = [...builtin.unknown, ...extra.unknown];
    if (unknown.length) event(nm, 'Warning', 'UnknownResourceType', `not copied, unknown resource types: ${unknown.join(', ')}`);
    const resources = [...builtin.resources, ...extra.resources];
    if (watchSource) opts.watches.ensure(req, { kubeConfig: source.kubeConfig, clusterGeneration: source.generation, namespace: srcNs, resources });

    const changedAt = watchSource ? opts.watches.takeChange(req) : undefined;
    const decision = decideSync(nm, at, changedAt);
    if (decision.action === 'markPending') return markPending(nm);
    if (decision.action === 'wait') return decision.requeueAfterMs === undefined ? {} : { requeueAfter: decision.requeueAfterMs };

    // The request is consumed before the sync, so a new one made meanwhile triggers another sync.
    if (syncRequested(nm)) {
      nm = await api.patch(NamespaceMappings, req, { metadata: { annotations: { [SYNC_NOW_ANNOTATION]: null, [TRIGGER_SYNC_ANNOTATION]: null } } }, { type: 'merge' });
    }
    const running = runningStatus(nm.status);
    nm = (await writeStatusIfChanged(api, NamespaceMappings, nm, nm.status, running)) ?? nm;
    const startedAt = now();
    let report;
    try {
      report = await syncNamespace({
        source: source.client, destination: destination.client, sourceNamespace: srcNs, destinationNamespace: dstNs,
        mappingKey: keyOf(req.namespace, req.name), resources, scaleToZero: nm.spec.scaleToZero !== false,
        pvcConfig: nm.spec.pvcConfig, ingressConfig: nm.spec.ingressConfig, namespaceConfig: nm.spec.namespaceConfig,
        immutableConfig: nm.spec.immutableResourceConfig,
      });
    } catch (err) {
      return fail((err as Error).message, 'NamespaceError', { ...ctx(startedAt, source.name, destination.name), watchEventAt: changedAt });
    }
    const c = { ...ctx(startedAt, source.name, destination.name), watchEventAt: changedAt };
    if (report.failed > 0) {
      const first = report.errors[0]!;
      return fail(`${report.failed} of ${report.total} resources failed; ${first.resource}: ${first.message}`, 'ResourceError', c, report);
    }
    await writeStatusIfChanged(api, NamespaceMappings, nm, nm.status, completedStatus(nm.status, report, c));
    if (report.created || report.updated || report.deleted) {
      event(nm, 'Normal', 'SyncCompleted', `${describe(source, destination, srcNs, dstNs)}: ${report.created} created, ${report.updated} updated, ${report.deleted} deleted`);
    }
    opts.logger?.info({ mapping: keyOf(req.namespace, req.name), trigger: decision.trigger, ...countsOf(report) }, 'namespace synced');
    if (c.nextSyncTime) return { requeueAfter: Math.max(0, c.nextSyncTime.getTime() - now().getTime()) };
    if (mode === 'Continuous') return { requeueAfter: Math.min(backgroundIntervalMs(nm), 60 * 60_000) };
    return {};
  };

  async function markPending(nm: NamespaceMapping): Promise<Result> {
    await writeStatusIfChanged(api, NamespaceMappings, nm, nm.status, { ...nm.status, phase: 'Pending' });
    return {};
  }
}

function describe(source: ClusterEndpoint, destination: ClusterEndpoint, srcNs: string, dstNs: string): string {
  return `${source.name}/${srcNs} -> ${destination.name}/${dstNs}`;
}

function countsOf(r: { total: number; created: number; updated: number; unchanged: number; deleted: number; failed: number }) {
  return { total: r.total, created: r.created, updated: r.updated, unchanged: r.unchanged, deleted: r.deleted, failed: r.failed };
}
