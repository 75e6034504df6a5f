/**
 * Writing one copy into the destination: create it, leave it alone when the content is unchanged,
 * or replace it. Claims only ever get their mutable fields updated; Services keep the addresses
 * and ports the destination allocated; an update refused because of immutable fields is retried as
 * delete + create when the mapping's immutableResourceConfig allows it.
 */
import { isAlreadyExists, isInvalid, isNotFound, type ApiClient, type KubeObject, type Resource } from '../../runtime/index.ts';
import type { ImmutableResourceConfig } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { CONTENT_HASH_ANNOTATION } from './kinds.ts';
import { coveredBy } from './transform.ts';

/** What writing one copy did. */
export type ApplyOutcome = 'created' | 'updated' | 'recreated' | 'unchanged' | 'skipped';

/** Creates, updates or leaves alone the destination copy `desired`. */
export async function applyCopy(dest: ApiClient, res: Resource, desired: KubeObject, immutable: ImmutableResourceConfig | undefined): Promise<ApplyOutcome> {
  const key = { namespace: desired.metadata.namespace, name: desired.metadata.name! };
  let existing: KubeObject;
  try {
    existing = await dest.get(res, key);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await dest.create(res, desired);
      return 'created';
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      existing = await dest.get(res, key);
    }
  }
  if (upToDate(desired, existing)) return 'unchanged';
  if (desired.kind === 'PersistentVolumeClaim') {
    const spec = desired.spec as { resources?: unknown } | undefined;
    await dest.patch(res, key, { metadata: { labels: desired.metadata.labels, annotations: desired.metadata.annotations }, spec: { resources: spec?.resources ?? null } }, { type: 'merge' });
    return 'updated';
  }
  const replacement = structuredClone(desired);
  replacement.metadata.resourceVersion = existing.metadata.resourceVersion;
  if (desired.kind === 'Service') keepAllocated(replacement, existing);
  try {
    await dest.update(res, replacement);
    return 'updated';
  } catch (err) {
    if (!isInvalid(err)) throw err;
    const handling = immutable?.resourceOverrides?.[res.plural] ?? immutable?.defaultHandling ?? 'NoChange';
    if (handling === 'NoChange' || handling === 'PartialUpdate') return 'skipped';
    await dest.delete(res, key, { propagationPolicy: 'Background', preconditions: { uid: existing.metadata.uid } });
    await dest.create(res, desired);
    return 'recreated';
  }
}

/** The destination copy already holds what the source says (claims: only their mutable fields count). */
function upToDate(desired: KubeObject, existing: KubeObject): boolean {
  if (existing.metadata.annotations?.[CONTENT_HASH_ANNOTATION] !== desired.metadata.annotations?.[CONTENT_HASH_ANNOTATION]) return false;
  if (desired.kind === 'PersistentVolumeClaim') {
    return coveredBy(
      { ...desired, spec: { resources: (desired.spec as { resources?: unknown } | undefined)?.resources } },
      existing,
    );
  }
  return coveredBy(desired, existing);
}

/** Copies the destination's own clusterIP(s) and node ports into a replacement Service. */
function keepAllocated(svc: KubeObject, live: KubeObject): void {
  const spec = (svc.spec ??= {}) as Record<string, unknown>;
  const liveSpec = (live.spec ?? {}) as Record<string, unknown>;
  for (const k of ['clusterIP', 'clusterIPs', 'healthCheckNodePort']) if (liveSpec[k] !== undefined && spec[k] === undefined) spec[k] = liveSpec[k];
  const livePorts = (liveSpec.ports ?? []) as Record<string, unknown>[];
  for (const p of (spec.ports ?? []) as Record<string, unknown>[]) {
    const match = livePorts.find((l) => l.port === p.port && (l.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    if (match?.nodePort !== undefined && p.nodePort === undefined) p.nodePort = match.nodePort;
  }
}
