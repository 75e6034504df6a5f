/**
 * One sync of a namespace: make sure the destination namespace exists, copy every object of the
 * configured types that is not ignored, then delete the copies this mapping made whose source is
 * gone. Per-object failures do not stop the others; they are counted and reported.
 */
import { Namespaces, isNotFound, isAlreadyExists, type ApiClient, type KubeObject, type Resource } from '../../runtime/index.ts';
import type { ImmutableResourceConfig, NamespaceConfig } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { applyCopy } from './apply.ts';
import { MANAGED_BY, MANAGED_BY_LABEL, MAPPING_ANNOTATION, SOURCE_NAMESPACE_KEY } from './kinds.ts';
import { isClusterLocal, isIgnored, toDestination, type TransformOptions } from './transform.ts';

/** What to copy, from where to where. */
export interface SyncPlan extends TransformOptions {
  source: ApiClient;
  destination: ApiClient;
  sourceNamespace: string;
  resources: Resource[];
  namespaceConfig?: NamespaceConfig;
  immutableConfig?: ImmutableResourceConfig;
}

/** Counts of one resource group and kind. */
export interface GroupCount { groupKind: string; total: number; synced: number; failed: number }

/** Outcome of one sync. */
export interface SyncReport {
  /** Source objects considered (ignored ones excluded). */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Left as they were because an immutable field changed and the config says NoChange. */
  skipped: number;
  failed: number;
  deleted: number;
  groups: GroupCount[];
  deploymentScales: { name: string; originalReplicas: number }[];
  errors: { resource: string; message: string }[];
}

/** Runs one sync. Throws only when nothing can be done (namespaces unusable). */
export async function syncNamespace(plan: SyncPlan): Promise<SyncReport> {
  const report: SyncReport = { total: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, deleted: 0, groups: [], deploymentScales: [], errors: [] };
  const srcNs = await plan.source.get(Namespaces, { name: plan.sourceNamespace });
  await ensureNamespace(plan.destination, plan.destinationNamespace, srcNs, plan.namespaceConfig);
  for (const res of plan.resources) {
    const group: GroupCount = { groupKind: res.group ? `${res.group}/${res.kind}` : res.kind, total: 0, synced: 0, failed: 0 };
    report.groups.push(group);
    let items: KubeObject[];
    try {
      items = (await plan.source.list(res, { namespace: plan.sourceNamespace })).items;
    } catch (err) {
      report.failed++;
      group.failed++;
      report.errors.push({ resource: res.plural, message: `list ${res.plural} in source: ${(err as Error).message}` });
      continue;
    }
    const present = new Set(items.map((o) => o.metadata.name!));
    for (const item of items) {
      item.apiVersion ??= res.group ? `${res.group}/${res.version}` : res.version;
      item.kind ??= res.kind;
      if (isIgnored(item) || isClusterLocal(item)) continue;
      report.total++;
      group.total++;
      const { object, originalReplicas } = toDestination(item, plan);
      try {
        const outcome = await applyCopy(plan.destination, res, object, plan.immutableConfig);
        if (outcome === 'created') report.created++;
        else if (outcome === 'updated' || outcome === 'recreated') report.updated++;
        else if (outcome === 'unchanged') report.unchanged++;
        else report.skipped++;
        if (outcome !== 'skipped') group.synced++;
        if (originalReplicas !== undefined) report.deploymentScales.push({ name: item.metadata.name!, originalReplicas });
      } catch (err) {
        report.failed++;
        group.failed++;
        report.errors.push({ resource: `${res.kind}/${item.metadata.name}`, message: (err as Error).message });
      }
    }
    report.deleted += await deleteVanished(plan, res, present, report);
  }
  return report;
}

/** Deletes this mapping's copies of res whose source object no longer exists. */
async function deleteVanished(plan: SyncPlan, res: Resource, present: Set<string>, report: SyncReport): Promise<number> {
  let deleted = 0;
  for (const copy of await managedCopies(plan.destination, res, plan.destinationNamespace, plan.mappingKey)) {
    if (present.has(copy.metadata.name!)) continue;
    try {
      await plan.destination.delete(res, { namespace: plan.destinationNamespace, name: copy.metadata.name! }, { preconditions: { uid: copy.metadata.uid } });
      deleted++;
    } catch (err) {
      if (isNotFound(err)) continue;
      report.failed++;
      report.errors.push({ resource: `${res.kind}/${copy.metadata.name}`, message: `delete: ${(err as Error).message}` });
    }
  }
  return deleted;
}

/** The copies of res in namespace written by mapping `mappingKey`. */
export async function managedCopies(client: ApiClient, res: Resource, namespace: string, mappingKey: string): Promise<KubeObject[]> {
  const list = await client.list(res, { namespace, labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` });
  return list.items.filter((o) => o.metadata.annotations?.[MAPPING_ANNOTATION] === mappingKey);
}

/** Creates the destination namespace when missing (unless namespaceConfig forbids it). */
async function ensureNamespace(dest: ApiClient, name: string, source: KubeObject, cfg: NamespaceConfig | undefined): Promise<void> {
  try {
    await dest.get(Namespaces, { name });
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (cfg?.createNamespace === false) throw new Error(`destination namespace ${name} does not exist and namespaceConfig.createNamespace is false`);
  const labels: Record<string, string> = cfg?.preserveLabels === false ? {} : { ...source.metadata.labels };
  delete labels['kubernetes.io/metadata.name'];
  const annotations = cfg?.preserveAnnotations === false ? undefined : source.metadata.annotations;
  try {
    await dest.create(Namespaces, {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { ...labels, [SOURCE_NAMESPACE_KEY]: source.metadata.name!, [MANAGED_BY_LABEL]: MANAGED_BY }, ...(annotations ? { annotations } : {}) },
    });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
