/**
 * Which clusters a NamespaceMapping copies between. A referenced ClusterMapping names both
 * (RemoteClusters in the ClusterMapping's namespace); otherwise `sourceCluster` and
 * `destinationCluster` name RemoteClusters in the mapping's own namespace. An empty name means the
 * cluster the operator runs in, so a namespace can be mirrored inside one cluster too.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound, type ApiClient, type Reader } from '../../runtime/index.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { ClusterMappings, RemoteClusters } from './kinds.ts';
import type { RemoteClusterRegistry } from './registry.ts';

/** A cluster a mapping reads from or writes to. */
export interface ClusterEndpoint {
  /** RemoteCluster name, or `local`. */
  name: string;
  client: ApiClient;
  kubeConfig: KubeConfig;
  /** Connection generation (0 for the local cluster): a new one means a new client. */
  generation: number;
}

/** The operator's own cluster. */
export interface LocalCluster {
  client: ApiClient;
  kubeConfig: KubeConfig;
}

/** Why the clusters of a mapping cannot be used (yet). */
export interface ClusterFailure {
  reason: 'ClusterMappingNotFound' | 'RemoteClusterNotFound' | 'RemoteClusterNotConnected';
  message: string;
}

/** Names of the source and destination clusters of a mapping and the namespace of their RemoteClusters. */
export async function clusterNames(reader: Reader, nm: NamespaceMapping): Promise<{ ok: true; namespace: string; source: string; destination: string } | { ok: false; failure: ClusterFailure }> {
  const ns = nm.metadata!.namespace!;
  const ref = nm.spec.clusterMappingRef;
  if (ref?.name) {
    const cmNs = ref.namespace || ns;
    try {
      const cm = await reader.get(ClusterMappings, { namespace: cmNs, name: ref.name });
      return { ok: true, namespace: cmNs, source: cm.spec.sourceCluster, destination: cm.spec.targetCluster };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return { ok: false, failure: { reason: 'ClusterMappingNotFound', message: `ClusterMapping ${cmNs}/${ref.name} not found` } };
    }
  }
  return { ok: true, namespace: ns, source: nm.spec.sourceCluster ?? '', destination: nm.spec.destinationCluster ?? '' };
}

/** The endpoint of the RemoteCluster `name` in namespace (local when name is empty). */
export async function endpointFor(reader: Reader, registry: RemoteClusterRegistry, local: LocalCluster, namespace: string, name: string): Promise<{ ok: true; value: ClusterEndpoint } | { ok: false; failure: ClusterFailure }> {
  if (!name) return { ok: true, value: { name: 'local', client: local.client, kubeConfig: local.kubeConfig, generation: 0 } };
  const conn = registry.get(namespace, name);
  if (conn) return { ok: true, value: { name, client: conn.client, kubeConfig: conn.kubeConfig, generation: conn.generation } };
  try {
    await reader.get(RemoteClusters, { namespace, name });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return { ok: false, failure: { reason: 'RemoteClusterNotFound', message: `RemoteCluster ${namespace}/${name} not found` } };
  }
  return { ok: false, failure: { reason: 'RemoteClusterNotConnected', message: `RemoteCluster ${namespace}/${name} is not connected (see its ClusterAvailable condition)` } };
}

/** Source and destination endpoints of a mapping. */
export async function mappingEndpoints(reader: Reader, registry: RemoteClusterRegistry, local: LocalCluster, nm: NamespaceMapping): Promise<{ ok: true; source: ClusterEndpoint; destination: ClusterEndpoint } | { ok: false; failure: ClusterFailure }> {
  const names = await clusterNames(reader, nm);
  if (!names.ok) return names;
  const source = await endpointFor(reader, registry, local, names.namespace, names.source);
  if (!source.ok) return source;
  const destination = await endpointFor(reader, registry, local, names.namespace, names.destination);
  if (!destination.ok) return destination;
  return { ok: true, source: source.value, destination: destination.value };
}
