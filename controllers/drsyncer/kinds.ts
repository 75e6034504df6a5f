/** The dr-syncer.io kinds, and the names, labels and annotations the DR syncer reads and stamps. */
import type { Resource } from '../../runtime/index.ts';
import { ClusterMappingResource } from '../../generated/clients/clustermapping.ts';
import { NamespaceMappingResource } from '../../generated/clients/namespacemapping.ts';
import { RemoteClusterResource } from '../../generated/clients/remotecluster.ts';
import type { ClusterMapping } from '../../apis/dr-syncer/v1alpha1/clustermapping_types.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';

/** dr-syncer.io/v1alpha1 RemoteCluster (the generated typed resource). */
export const RemoteClusters: Resource<RemoteCluster> = RemoteClusterResource;
/** dr-syncer.io/v1alpha1 ClusterMapping (the generated typed resource). */
export const ClusterMappings: Resource<ClusterMapping> = ClusterMappingResource;
/** dr-syncer.io/v1alpha1 NamespaceMapping (the generated typed resource). */
export const NamespaceMappings: Resource<NamespaceMapping> = NamespaceMappingResource;

/** CRD names served for the three kinds. */
export const DRSYNCER_CRD_NAMES = [RemoteClusters, ClusterMappings, NamespaceMappings].map((r) => `${r.plural}.${r.group}`);

/** Guards cleanup of the destination before a NamespaceMapping disappears. */
export const NAMESPACE_MAPPING_FINALIZER = 'dr-syncer.io/cleanup-namespacemapping';

/** Key of the kubeconfig in its Secret when the reference names none. */
export const DEFAULT_KUBECONFIG_KEY = 'kubeconfig';

/** Annotation that asks for an immediate sync; removed once the sync has run. */
export const SYNC_NOW_ANNOTATION = 'dr-syncer.io/sync-now';
/** Older spelling of SYNC_NOW_ANNOTATION, still honoured. */
export const TRIGGER_SYNC_ANNOTATION = 'dr-syncer.io/trigger-sync';

/** Label (or annotation) `"true"` that keeps an object out of replication. */
export const IGNORE_LABEL = 'dr-syncer.io/ignore';
/** Label `"<n>"` on a source Deployment: replicas it gets in the destination instead of zero. */
export const SCALE_OVERRIDE_LABEL = 'dr-syncer.io/scale-override';
/** Annotation on destination Deployments: replicas in the source. */
export const ORIGINAL_REPLICAS_ANNOTATION = 'dr-syncer.io/original-replicas';
/** Annotation on destination objects and label on created namespaces: the source namespace. */
export const SOURCE_NAMESPACE_KEY = 'dr-syncer.io/source-namespace';
/** Label on everything the syncer writes in a destination: what it may later update and delete. */
export const MANAGED_BY_LABEL = 'dr-syncer.io/managed-by';
/** Value of MANAGED_BY_LABEL. */
export const MANAGED_BY = 'dr-syncer';
/** Annotation on destination objects: `<namespace>/<name>` of the NamespaceMapping that wrote them. */
export const MAPPING_ANNOTATION = 'dr-syncer.io/namespace-mapping';
/** Annotation on destination objects: hash of the copied content, to tell real changes from server defaults. */
export const CONTENT_HASH_ANNOTATION = 'dr-syncer.io/content-hash';

/** Label of the PVC sync agent pods. */
export const AGENT_LABEL_SELECTOR = 'app=dr-syncer-agent';
/** Namespace of the agents and their key Secrets in every cluster. */
export const AGENT_NAMESPACE = 'dr-syncer';
/** Secret in the source cluster holding the public keys the source agents accept. */
export const AUTHORIZED_KEYS_SECRET = 'dr-syncer-authorized-keys';
/** SSH port of the agents unless the RemoteCluster sets one. */
export const DEFAULT_AGENT_SSH_PORT = 2222;

/** Cron schedule of the Scheduled mode when neither the mapping nor its cluster sets one. */
export const DEFAULT_SCHEDULE = '*/5 * * * *';

/** `<namespace>/<name>` of an object. */
export function keyOf(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}
