/**
 * The DR syncer: RemoteClusters (kubeconfig Secrets turned into connected clients),
 * ClusterMappings (agent connectivity between two clusters) and NamespaceMappings (copies of a
 * namespace's resources to another cluster, on a schedule, continuously or on demand).
 */
import {
  EventRecorder, Namespaces, Secrets, TriggerSource, controllerFor, generationChanged, or, type ApiObject,
  type Manager, type Predicate, type Request, type Resource,
} from '../../runtime/index.ts';
import type { ClusterMapping } from '../../apis/dr-syncer/v1alpha1/clustermapping_types.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { clusterMappingReconciler } from './clustermapping-reconciler.ts';
import { remoteClient } from './kubeconfig.ts';
import { ClusterMappings, DRSYNCER_CRD_NAMES, NamespaceMappings, RemoteClusters, SYNC_NOW_ANNOTATION, TRIGGER_SYNC_ANNOTATION } from './kinds.ts';
import { namespaceMappingReconciler } from './namespacemapping-reconciler.ts';
import { RemoteClusterRegistry } from './registry.ts';
import { remoteClusterReconciler } from './remotecluster-reconciler.ts';
import { SourceWatches } from './source-watches.ts';

export * from './kinds.ts';
export { RemoteClusterRegistry, type RemoteConnection } from './registry.ts';
export { SourceWatches } from './source-watches.ts';
export { DEFAULT_RESOURCE_TYPES } from './resource-types.ts';

/** Options of registerDrSyncerControllers. */
export interface DrSyncerOptions {
  /** Shared registry of remote clients (tests may pass their own to inspect it). */
  registry?: RemoteClusterRegistry;
  /** Field manager of writes in the clusters. Default `dr-syncer`. */
  fieldManager?: string;
  /** Parallel NamespaceMapping syncs. Default 5. */
  maxConcurrentSyncs?: number;
  now?: () => Date;
}

/** Names of the CRDs the operator reconciles. */
export const drSyncerCrds: readonly string[] = DRSYNCER_CRD_NAMES;

/** Resources the operator reconciles or watches. */
export const drSyncerResources: readonly Resource[] = [RemoteClusters, ClusterMappings, NamespaceMappings, Secrets, Namespaces] as unknown as Resource[];

/** What registerDrSyncerControllers wired up. */
export interface DrSyncer {
  registry: RemoteClusterRegistry;
  /** The Continuous mode's watches on source namespaces. */
  watches: SourceWatches;
}

/** Wires the RemoteCluster, ClusterMapping and NamespaceMapping controllers into mgr. */
export function registerDrSyncerControllers(mgr: Manager, opts: DrSyncerOptions = {}): DrSyncer {
  const registry = opts.registry ?? new RemoteClusterRegistry();
  const fieldManager = opts.fieldManager ?? 'dr-syncer';
  const kubeConfig = mgr.apiReader.transport.kubeConfig;
  const local = { client: remoteClient(kubeConfig, fieldManager, 60_000), kubeConfig };
  const recorder = new EventRecorder({ client: mgr.client, component: 'dr-syncer', logger: mgr.logger });
  const specOrCreate = <T extends ApiObject>() => generationChanged<T>();

  controllerFor(mgr, RemoteClusters, { predicates: [specOrCreate<RemoteCluster>()] })
    .watches(Secrets, async (secret) => {
      const all = await mgr.client.list(RemoteClusters);
      return all.items
        .filter((rc) => rc.spec.kubeconfigSecretRef?.name === secret.metadata?.name && rc.spec.kubeconfigSecretRef?.namespace === secret.metadata?.namespace)
        .map((rc) => ({ namespace: rc.metadata!.namespace!, name: rc.metadata!.name! }));
    })
    .named('remotecluster')
    .complete(remoteClusterReconciler({ client: mgr.client, registry, recorder, fieldManager, now: opts.now }));

  controllerFor(mgr, ClusterMappings, { predicates: [specOrCreate<ClusterMapping>()] })
    .watches(RemoteClusters, async (rc) => {
      const all = await mgr.client.list(ClusterMappings, { namespace: rc.metadata?.namespace });
      return all.items
        .filter((cm) => cm.spec.sourceCluster === rc.metadata?.name || cm.spec.targetCluster === rc.metadata?.name)
        .map((cm) => ({ namespace: cm.metadata!.namespace!, name: cm.metadata!.name! }));
    })
    .watches(Secrets, async (secret) => {
      const all = await mgr.client.list(ClusterMappings);
      return all.items
        .filter((cm) => cm.spec.sshKeySecretRef?.name === secret.metadata?.name && (cm.spec.sshKeySecretRef?.namespace || cm.metadata?.namespace) === secret.metadata?.namespace)
        .map((cm) => ({ namespace: cm.metadata!.namespace!, name: cm.metadata!.name! }));
    })
    .named('clustermapping')
    .complete(clusterMappingReconciler({ api: local.client, reader: mgr.client, registry, recorder, now: opts.now }));

  const trigger = new TriggerSource();
  const watches = new SourceWatches((req) => trigger.trigger(req), { now: opts.now, logger: mgr.logger });
  // Spec edits, the sync-now annotation and deletion wake a mapping; its own status writes do not.
  const mappingEvents: Predicate<NamespaceMapping> = or(generationChanged<NamespaceMapping>(), {
    update: (o, n) => (requested(n) && !requested(o)) || (Boolean(n.metadata?.deletionTimestamp) && !o.metadata?.deletionTimestamp),
  });
  const nmController = controllerFor(mgr, NamespaceMappings, { predicates: [mappingEvents] })
    .watches(ClusterMappings, (cm) => mappingsUsing(mgr, undefined, (nm) => nm.spec.clusterMappingRef?.name === cm.metadata?.name && (nm.spec.clusterMappingRef?.namespace || nm.metadata?.namespace) === cm.metadata?.namespace), { predicates: [generationChanged<ClusterMapping>()] })
    .watches(RemoteClusters, (rc) => mappingsUsing(mgr, rc.metadata?.namespace, (nm) => nm.spec.sourceCluster === rc.metadata?.name || nm.spec.destinationCluster === rc.metadata?.name), { predicates: [generationChanged<RemoteCluster>()] })
    .withOptions({ maxConcurrentReconciles: opts.maxConcurrentSyncs ?? 5 })
    .named('namespacemapping')
    .complete(namespaceMappingReconciler({ local, reader: mgr.client, registry, watches, recorder, logger: mgr.logger, now: opts.now }));
  nmController.watch(trigger);
  // A reconnected RemoteCluster wakes the mappings that use it (their watches need the new client).
  registry.onChange((key) => {
    const [namespace, name] = key.split('/') as [string, string];
    void mappingsUsing(mgr, undefined, (nm) => usesCluster(nm, namespace, name)).then((reqs) => reqs.forEach((r) => trigger.trigger(r)), () => undefined);
  });

  mgr.add({
    needLeaderElection: true,
    start: (signal) => new Promise<void>((resolve) => {
      const stop = () => { void watches.stopAll().finally(() => { registry.close(); local.client.transport.close(); resolve(); }); };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    }),
  });
  return { registry, watches };
}

function requested(nm: NamespaceMapping): boolean {
  const a = nm.metadata?.annotations ?? {};
  return SYNC_NOW_ANNOTATION in a || TRIGGER_SYNC_ANNOTATION in a;
}

function usesCluster(nm: NamespaceMapping, namespace: string, name: string): boolean {
  return nm.metadata?.namespace === namespace && (nm.spec.sourceCluster === name || nm.spec.destinationCluster === name || Boolean(nm.spec.clusterMappingRef));
}

async function mappingsUsing(mgr: Manager, namespace: string | undefined, match: (nm: NamespaceMapping) => boolean): Promise<Request[]> {
  const all = await mgr.client.list(NamespaceMappings, namespace ? { namespace } : {});
  return all.items.filter(match).map((nm) => ({ namespace: nm.metadata!.namespace!, name: nm.metadata!.name! }));
}
