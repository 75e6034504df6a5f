/**
 * The RemoteCluster reconciler: validate the default schedule, read the kubeconfig Secret, build a
 * client and prove it works by listing namespaces; report each step as a condition
 * (ScheduleValid, KubeconfigAvailable, KubeconfigValid, ClusterAvailable, PVCSyncReady) and keep the
 * working client in the shared registry. Failures come back after a minute, success after an hour.
 *
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=remoteclusters,verbs=get;list;watch
 * +kubebuilder:rbac:groups=dr-syncer.io,resources=remoteclusters/status,verbs=get;update;patch
 * +kubebuilder:rbac:groups="",resources=secrets,verbs=get;list;watch
 * +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
 */
import { isNotFound, setStatusCondition, type Client, type Condition, type EventRecorder, type KubeObject, type ReconcileContext, type Request, type Result } from '../../runtime/index.ts';
import type { RemoteCluster, RemoteClusterStatus } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { agentReadiness } from './agents.ts';
import { loadKubeconfig, probeCluster, remoteClient } from './kubeconfig.ts';
import { RemoteClusters } from './kinds.ts';
import type { RemoteClusterRegistry } from './registry.ts';
import { validateSchedule } from './schedule.ts';
import { clone, timestamp, writeStatusIfChanged } from './status-writer.ts';

/** Revisit of a failing RemoteCluster. */
export const REMOTE_CLUSTER_RETRY_MS = 60_000;
/** Revisit of a healthy RemoteCluster. */
export const REMOTE_CLUSTER_SYNC_PERIOD_MS = 60 * 60_000;

/** Options of the RemoteCluster reconciler. */
export interface RemoteClusterReconcilerOptions {
  client: Client;
  registry: RemoteClusterRegistry;
  recorder?: EventRecorder;
  /** Field manager of writes in remote clusters. */
  fieldManager: string;
  now?: () => Date;
}

type Step = { type: string; status: Condition['status']; reason: string; message: string };

/** Builds the RemoteCluster reconcile function. */
export function remoteClusterReconciler(opts: RemoteClusterReconcilerOptions) {
  const now = opts.now ?? (() => new Date());
  return async (req: Request, _ctx: ReconcileContext): Promise<Result> => {
    let rc: RemoteCluster;
    try {
      rc = await opts.client.get(RemoteClusters, req);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      opts.registry.delete(req.namespace, req.name);
      return {};
    }
    const before = clone(rc.status);
    const status: RemoteClusterStatus = clone(rc.status) ?? {};
    const conditions = (status.conditions ??= []);
    const at = now();
    const set = (s: Step) => setStatusCondition(conditions, s, at);
    const fail = async (s: Step, later: string[]): Promise<Result> => {
      set(s);
      for (const type of later) set({ type, status: 'Unknown', reason: 'Pending', message: `waiting for ${s.type}` });
      status.health = 'Unhealthy';
      opts.registry.delete(req.namespace, req.name);
      opts.recorder?.event(rc as unknown as KubeObject, 'Warning', s.reason, s.message);
      await writeStatusIfChanged(opts.client, RemoteClusters, rc, before, status);
      return { requeueAfter: REMOTE_CLUSTER_RETRY_MS };
    };

    if (rc.spec.defaultSchedule) {
      const invalid = validateSchedule(rc.spec.defaultSchedule);
      if (invalid) return fail({ type: 'ScheduleValid', status: 'False', reason: 'InvalidSchedule', message: invalid }, []);
      set({ type: 'ScheduleValid', status: 'True', reason: 'ScheduleValidated', message: 'Default schedule is valid' });
    }

    const loaded = await loadKubeconfig(opts.client, rc.spec.kubeconfigSecretRef);
    if (!loaded.ok) {
      const { kind, message } = loaded.failure;
      if (kind === 'InvalidKubeconfig') {
        set({ type: 'KubeconfigAvailable', status: 'True', reason: 'KubeconfigFound', message: `Kubeconfig secret is available for cluster ${rc.metadata!.name}` });
        return fail({ type: 'KubeconfigValid', status: 'False', reason: kind, message }, ['ClusterAvailable']);
      }
      return fail({ type: 'KubeconfigAvailable', status: 'False', reason: kind, message }, ['KubeconfigValid', 'ClusterAvailable']);
    }
    set({ type: 'KubeconfigAvailable', status: 'True', reason: 'KubeconfigFound', message: `Kubeconfig secret is available for cluster ${rc.metadata!.name}` });
    set({ type: 'KubeconfigValid', status: 'True', reason: 'KubeconfigValidated', message: `Kubeconfig is valid for cluster ${rc.metadata!.name}` });

    // An unchanged kubeconfig keeps its client (and the watches built on it).
    const current = opts.registry.get(req.namespace, req.name);
    const client = current?.fingerprint === loaded.value.fingerprint ? current.client : remoteClient(loaded.value.kubeConfig, opts.fieldManager);
    try {
      await probeCluster(client);
    } catch (err) {
      if (client !== current?.client) client.transport.close();
      return fail({ type: 'ClusterAvailable', status: 'False', reason: 'ConnectionFailed', message: `cannot reach ${loaded.value.server}: ${(err as Error).message}` }, []);
    }
    const wasAvailable = conditions.some((c) => c.type === 'ClusterAvailable' && c.status === 'True');
    if (client !== current?.client) opts.registry.set(req.namespace, req.name, { client, kubeConfig: loaded.value.kubeConfig, server: loaded.value.server, fingerprint: loaded.value.fingerprint });
    set({ type: 'ClusterAvailable', status: 'True', reason: 'ConnectionSuccessful', message: `Successfully connected to cluster ${rc.metadata!.name}` });
    if (!wasAvailable) opts.recorder?.event(rc as unknown as KubeObject, 'Normal', 'ConnectionSuccessful', `connected to ${loaded.value.server}`);
    status.health = 'Healthy';
    status.lastSyncTime = timestamp(at);

    if (rc.spec.pvcSync?.enabled) {
      const agents = await agentReadiness(client).catch((err: unknown) => ({ error: (err as Error).message }));
      if ('error' in agents) {
        set({ type: 'PVCSyncReady', status: 'False', reason: 'ReconciliationFailed', message: agents.error });
      } else {
        status.pvcSync = { ...status.pvcSync, phase: agents.phase, agentStatus: { readyNodes: agents.ready, totalNodes: agents.total } };
        if (agents.ready === 0) set({ type: 'PVCSyncReady', status: 'False', reason: 'NoReadyAgents', message: `0/${agents.total} agents ready` });
        else if (agents.ready < agents.total) set({ type: 'PVCSyncReady', status: 'False', reason: 'PartiallyReady', message: `${agents.ready}/${agents.total} agents ready` });
        else set({ type: 'PVCSyncReady', status: 'True', reason: 'ReconciliationSuccessful', message: `${agents.ready}/${agents.total} agents ready` });
      }
    }
    await writeStatusIfChanged(opts.client, RemoteClusters, rc, before, status);
    return { requeueAfter: REMOTE_CLUSTER_SYNC_PERIOD_MS };
  };
}
