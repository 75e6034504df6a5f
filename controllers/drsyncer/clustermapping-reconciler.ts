/**
 * The ClusterMapping reconciler, a phase machine: "" -> Pending -> Connecting -> Connected | Failed.
 * Pending checks both RemoteClusters exist, have PVC sync enabled and are connected; Connecting
 * hands out the SSH key and (unless verifyConnectivity is false) checks agent connectivity;
 * Connected re-verifies hourly; Failed starts over from Pending. Failures count in consecutiveFailures
 * and back off 1 s doubling (±20 %), at most 5 minutes, gated by lastAttemptTime; agents that do
 * not all connect are checked again after five minutes (or when a RemoteCluster changes).
 *
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=clustermappings,verbs=get;list;watch
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=clustermappings/status,verbs=get;update;patch
 */
import { isNotFound, type ApiClient, type EventRecorder, type KubeObject, type Reader, type ReconcileContext, type Request, type Result } from '../../runtime/index.ts';
import type { ClusterMapping, ClusterMappingStatus } from '../../apis/dr-syncer/v1alpha1/clustermapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { distributeKeys, verifyConnectivity } from './connectivity.ts';
import { ClusterMappings, RemoteClusters } from './kinds.ts';
import type { RemoteClusterRegistry } from './registry.ts';
import { clusterMappingBackoff } from './retry.ts';
import { clone, timestamp, writeStatusIfChanged } from './status-writer.ts';

/** Re-verification period of a Connected mapping. */
export const REVERIFY_MS = 60 * 60_000;
/** Wait before agents that did not all connect are checked again. */
export const FAILED_RETRY_MS = 5 * 60_000;

/** Options of the ClusterMapping reconciler. */
export interface ClusterMappingReconcilerOptions {
  /** Direct client of the operator's cluster (reads see the controller's own status writes). */
  api: ApiClient;
  /** Cache-backed reader for RemoteClusters and Secrets. */
  reader: Reader;
  registry: RemoteClusterRegistry;
  recorder?: EventRecorder;
  now?: () => Date;
  random?: () => number;
}

/** Builds the ClusterMapping reconcile function. */
export function clusterMappingReconciler(opts: ClusterMappingReconcilerOptions) {
  const now = opts.now ?? (() => new Date());
  return async (req: Request, _ctx: ReconcileContext): Promise<Result> => {
    let cm: ClusterMapping;
    try {
      cm = await opts.api.get(ClusterMappings, req);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
    const st = cm.status ?? {};
    const failures = st.consecutiveFailures ?? 0;
    if (failures > 0 && st.lastAttemptTime) {
      const wait = clusterMappingBackoff(failures, () => 0.5) - (now().getTime() - Date.parse(st.lastAttemptTime));
      if (wait > 0) return { requeueAfter: wait };
    }
    if (cm.spec.paused) return {};

    const write = async (next: ClusterMappingStatus) => {
      cm = (await writeStatusIfChanged(opts.api, ClusterMappings, cm, cm.status, next)) ?? cm;
    };
    const failed = async (message: string): Promise<Result> => {
      const n = (cm.status?.consecutiveFailures ?? 0) + 1;
      await write({ ...clone(cm.status), phase: 'Failed', message, consecutiveFailures: n, lastAttemptTime: timestamp(now()) });
      opts.recorder?.event(cm as unknown as KubeObject, 'Warning', 'ConnectivityFailed', message);
      return { requeueAfter: clusterMappingBackoff(n, opts.random) };
    };

    switch (st.phase) {
      case undefined:
        await write({ ...clone(st), phase: 'Pending', message: 'Initializing ClusterMapping' });
        break;
      case 'Failed':
        // The back-off above has spaced the attempts; start over now.
        await write({ ...clone(st), phase: 'Pending', message: 'Retrying after failure' });
        break;
      case 'Connected': {
        const last = st.lastVerified ? Date.parse(st.lastVerified) : 0;
        const due = last + REVERIFY_MS - now().getTime();
        if (cm.spec.verifyConnectivity === false || due > 0) return { requeueAfter: cm.spec.verifyConnectivity === false ? REVERIFY_MS : due };
        break;
      }
    }

    // Pending, Connecting and re-verification all need both clusters.
    await write({ ...clone(cm.status), lastAttemptTime: timestamp(now()) });
    const clusters = await bothClusters(opts, cm);
    if (typeof clusters === 'string') return failed(`Failed to validate clusters: ${clusters}`);
    if (cm.status?.phase === 'Pending') await write({ ...clone(cm.status), phase: 'Connecting', message: 'Starting key distribution and connectivity verification' });
    try {
      await distributeKeys(opts.reader, cm, clusters.sourceClient);
    } catch (err) {
      return failed(`Failed to distribute SSH keys: ${(err as Error).message}`);
    }
    if (cm.spec.verifyConnectivity === false) {
      await connected('SSH key distribution completed (connectivity verification disabled)');
      return { requeueAfter: REVERIFY_MS };
    }
    let status;
    try {
      status = await verifyConnectivity(cm, clusters.source, clusters.sourceClient, clusters.targetClient);
    } catch (err) {
      return failed(`Failed to verify connectivity: ${(err as Error).message}`);
    }
    if (status.totalTargetAgents > 0 && status.connectedAgents === status.totalTargetAgents) {
      await connected('All agents connected successfully', status);
      return { requeueAfter: REVERIFY_MS };
    }
    const message = `Only ${status.connectedAgents}/${status.totalTargetAgents} agents connected successfully`;
    await write({ ...clone(cm.status), phase: 'Failed', message, connectionStatus: status, lastVerified: timestamp(now()) });
    opts.recorder?.event(cm as unknown as KubeObject, 'Warning', 'ConnectivityFailed', message);
    return { requeueAfter: FAILED_RETRY_MS };

    async function connected(message: string, connectionStatus?: ClusterMappingStatus['connectionStatus']): Promise<void> {
      const was = cm.status?.phase;
      await write({ ...clone(cm.status), phase: 'Connected', message, consecutiveFailures: 0, lastVerified: timestamp(now()), ...(connectionStatus ? { connectionStatus } : {}) });
      if (was !== 'Connected') opts.recorder?.event(cm as unknown as KubeObject, 'Normal', 'Connected', message);
    }
  };
}

/** Both RemoteClusters with their connections, or why they cannot be used. */
async function bothClusters(opts: ClusterMappingReconcilerOptions, cm: ClusterMapping): Promise<string | { source: RemoteCluster; sourceClient: ApiClient; targetClient: ApiClient }> {
  const ns = cm.metadata!.namespace!;
  const found: RemoteCluster[] = [];
  for (const [role, name] of [['source', cm.spec.sourceCluster], ['target', cm.spec.targetCluster]] as const) {
    try {
      const rc = await opts.reader.get(RemoteClusters, { namespace: ns, name });
      if (!rc.spec.pvcSync?.enabled) return `PVC sync is not enabled on ${role} cluster ${name}`;
      if (!opts.registry.get(ns, name)) return `${role} cluster ${name} is not connected`;
      found.push(rc);
    } catch (err) {
      if (isNotFound(err)) return `${role} cluster ${name} not found`;
      throw err;
    }
  }
  return { source: found[0]!, sourceClient: opts.registry.get(ns, cm.spec.sourceCluster)!.client, targetClient: opts.registry.get(ns, cm.spec.targetCluster)!.client };
}
