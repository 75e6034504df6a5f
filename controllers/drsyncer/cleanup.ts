/**
 * Cleanup when a NamespaceMapping is deleted: the copies it wrote in the destination namespace
 * are deleted (objects it did not write are left alone). When the destination cannot be reached
 * any more (ClusterMapping or RemoteCluster gone or disconnected) the cleanup is skipped, so a
 * dead cluster never blocks the deletion.
 */
import { isNotFound, type Reader } from '../../runtime/index.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { clusterNames, endpointFor, type LocalCluster } from './clusters.ts';
import { keyOf } from './kinds.ts';
import type { RemoteClusterRegistry } from './registry.ts';
import { builtinTypes, discoverTypes } from './resource-types.ts';
import { managedCopies } from './sync.ts';

/** Inputs of cleanupCopies. */
export interface CleanupInput {
  reader: Reader;
  registry: RemoteClusterRegistry;
  local: LocalCluster;
  nm: NamespaceMapping;
}

/** Deletes the mapping's copies; reports what happened. Throws on errors worth retrying. */
export async function cleanupCopies(input: CleanupInput): Promise<{ skipped: boolean; deleted: number; message: string }> {
  const { nm } = input;
  const names = await clusterNames(input.reader, nm);
  if (!names.ok) return { skipped: true, deleted: 0, message: `cleanup skipped: ${names.failure.message}` };
  const dest = await endpointFor(input.reader, input.registry, input.local, names.namespace, names.destination);
  if (!dest.ok) return { skipped: true, deleted: 0, message: `cleanup skipped: ${dest.failure.message}` };
  const dstNs = nm.spec.destinationNamespace || nm.spec.sourceNamespace;
  if (!dstNs) return { skipped: true, deleted: 0, message: 'cleanup skipped: no destination namespace' };
  const builtin = builtinTypes(nm.spec.resourceTypes).resources;
  // Custom types resolve through the destination's discovery: the source may be gone.
  const extra = nm.spec.namespaceScopedResources?.length ? (await discoverTypes(dest.value.client, nm.spec.namespaceScopedResources)).resources : [];
  const mappingKey = keyOf(nm.metadata!.namespace, nm.metadata!.name);
  let deleted = 0;
  // Reverse order: workloads go before the configuration they use.
  for (const res of [...builtin, ...extra].reverse()) {
    let copies;
    try {
      copies = await managedCopies(dest.value.client, res, dstNs, mappingKey);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    for (const copy of copies) {
      try {
        await dest.value.client.delete(res, { namespace: dstNs, name: copy.metadata.name! });
        deleted++;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
  return { skipped: false, deleted, message: `deleted ${deleted} copies from ${dest.value.name}/${dstNs}` };
}
