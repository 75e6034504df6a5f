/**
 * Server-side apply and managedFields bookkeeping for ordinary writes, with the ownership rules of
 * Kubernetes' field manager (structured-merge-diff Updater):
 * - apply: the applied configuration is merged into the live object; the applier owns exactly the
 *   fields of its configuration; fields it owned before and no longer applies are removed unless
 *   another manager owns them; changing a field another manager owns is a conflict (409) unless
 *   forced, in which case ownership moves to the applier; applying an equal value shares ownership.
 * - update (create, update, patch): the writer takes the fields it added or changed away from other
 *   managers, removed fields leave every manager, and the writer's Update entry accumulates.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ManagedFieldsEntry } from '../../runtime/core/meta.ts';
import { statusError } from '../../runtime/core/errors.ts';
import { FieldSet, fieldPE, type Path } from './fieldpath.ts';
import { decodeManagedFields, encodeManagedFields, managerId, type ManagerFields } from './managed-fields.ts';
import { applyConflictError, type FieldConflict } from './conflict.ts';
import { objectSchema, type SchemaNode } from './schema.ts';
import { compare, dropNulls, merge, removePaths, SchemaMismatchError, toFieldSet, type Comparison } from './typed-value.ts';

/** Options of {@link serverSideApply}. */
export interface ApplyOptions {
  manager: string;
  force: boolean;
  /** openAPIV3Schema of the CRD version; built-in kinds use the catalogue when absent. */
  schema?: unknown;
  subresource?: string;
  /** RFC 3339 time stamped on the applier's entry when the object changes. */
  now: string;
  /**
   * Top-level fields this endpoint does not write and nobody can own through it, e.g. ['status']
   * on the main resource of a kind with a status subresource, or ['spec'] on /status.
   */
  resetFields?: string[];
}

/** Options of {@link recordUpdate}. */
export interface UpdateOptions {
  manager: string;
  operation: 'Update';
  subresource?: string;
  now: string;
  schema?: unknown;
  resetFields?: string[];
}

/** Metadata fields the server owns; they never appear in managedFields. */
const serverMetadata = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']);

function trackedPath(path: Path, reset: Set<string>): boolean {
  const [first, second] = path;
  if (first === 'f:apiVersion' || first === 'f:kind') return false;
  if (reset.has(first)) return false;
  if (first === 'f:metadata') return path.length > 1 && !serverMetadata.has(second.slice(2));
  return true;
}

function withoutManagedFields(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  const copy = structuredClone(obj) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

/**
 * The object without metadata.managedFields for read-only comparison: only the two levels that
 * change are copied, the rest is shared with `obj`.
 */
function viewWithoutManagedFields(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj as unknown as Record<string, unknown>;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function schemaMismatch(err: unknown): never {
  if (err instanceof SchemaMismatchError) {
    throw statusError('BadRequest', { message: `failed to create typed patch object: ${err.message}` });
  }
  throw err;
}

function filterComparison(c: Comparison, keep: (p: Path) => boolean): Comparison {
  return { added: c.added.filter(keep), modified: c.modified.filter(keep), removed: c.removed.filter(keep) };
}

/**
 * Applies `applied` (a server-side apply configuration) to `live` (undefined to create). Returns the
 * resulting object with managedFields updated; throws a 409 Conflict StatusError on conflicts
 * without `force`, a 400 when the configuration carries managedFields or does not fit the schema.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): { object: KubeObject } {
  if ((applied.metadata?.managedFields?.length ?? 0) > 0) {
    throw statusError('BadRequest', { message: 'metadata.managedFields must be nil' });
  }
  const reset = new Set((opts.resetFields ?? []).map(fieldPE));
  const keep = (p: Path) => trackedPath(p, reset);
  const node = objectSchema(applied.apiVersion ?? live?.apiVersion, applied.kind ?? live?.kind, opts.schema);
  const liveValue = withoutManagedFields(live);
  const config = withoutManagedFields(applied);
  for (const field of opts.resetFields ?? []) delete config[field];

  const managers = decodeManagedFields(live?.metadata?.managedFields);
  const self: ManagerFields = { manager: opts.manager, operation: 'Apply', apiVersion: applied.apiVersion ?? live?.apiVersion ?? '', set: new FieldSet() };
  if (opts.subresource) self.subresource = opts.subresource;
  const id = managerId(self);
  const previous = managers.get(id);

  let merged: Record<string, unknown>;
  let comparison: Comparison;
  try {
    merged = merge(liveValue, config, node) as Record<string, unknown>;
    self.set = toFieldSet(config, node).filter(keep);
    if (previous?.time) self.time = previous.time;
    managers.set(id, self);
    if (previous) pruneDisowned(merged, previous.set, managers, node);
    comparison = filterComparison(compare(liveValue, merged, node), keep);
  } catch (err) {
    schemaMismatch(err);
  }

  const changed = comparison.added.union(comparison.modified);
  const conflicts: FieldConflict[] = [];
  for (const [otherId, other] of managers) {
    if (otherId === id) continue;
    for (const path of other.set.intersection(changed).paths()) conflicts.push({ id: otherId, manager: other, path });
  }
  if (conflicts.length && !opts.force) throw applyConflictError(conflicts);
  for (const [otherId, other] of managers) {
    if (otherId === id) continue;
    other.set = other.set.difference(changed).difference(comparison.removed);
  }

  const objectChanged = !isDeepStrictEqual(liveValue, merged);
  if (objectChanged || !self.time) self.time = opts.now;
  const object = dropNulls(merged) as KubeObject;
  object.metadata = { ...(object.metadata ?? {}), managedFields: encodeManagedFields(managers) };
  return { object };
}

/** Removes what the applier owned before and nobody owns now (keeping parents of owned fields). */
function pruneDisowned(merged: Record<string, unknown>, lastSet: FieldSet, managers: Map<string, ManagerFields>, node: SchemaNode): void {
  let owned = new FieldSet();
  for (const m of managers.values()) owned = owned.union(m.set);
  const disowned = lastSet.difference(owned).filter((p) => !owned.hasPrefixOf(p));
  removePaths(merged, disowned.paths(), node);
}

/**
 * Maintains managedFields for a create, update or non-apply patch: `old` is the stored object
 * (undefined on create), `updated` the object about to be stored. Managed fields sent by the client
 * are honoured when non-empty (that is how they are edited or reset); otherwise the stored ones are
 * carried over.
 */
export function recordUpdate(old: KubeObject | undefined, updated: KubeObject, opts: UpdateOptions): KubeObject {
  const reset = new Set((opts.resetFields ?? []).map(fieldPE));
  const keep = (p: Path) => trackedPath(p, reset);
  const node = objectSchema(updated.apiVersion ?? old?.apiVersion, updated.kind ?? old?.kind, opts.schema);
  const sent: ManagedFieldsEntry[] | undefined = updated.metadata?.managedFields;
  const useSent = !opts.subresource && (sent?.length ?? 0) > 0;
  let managers: Map<string, ManagerFields>;
  try {
    managers = decodeManagedFields(useSent ? sent : old?.metadata?.managedFields);
  } catch {
    managers = decodeManagedFields(old?.metadata?.managedFields);
  }

  let comparison: Comparison;
  try {
    // compare only reads, so views that share structure with the objects do (no deep copies).
    comparison = filterComparison(compare(viewWithoutManagedFields(old), viewWithoutManagedFields(updated), node), keep);
  } catch (err) {
    schemaMismatch(err);
  }
  const taken = comparison.added.union(comparison.modified);
  if (!taken.isEmpty() || !comparison.removed.isEmpty()) {
    for (const m of managers.values()) m.set = m.set.difference(taken).difference(comparison.removed);
  }
  if (!taken.isEmpty()) {
    const self: ManagerFields = { manager: opts.manager, operation: 'Update', apiVersion: updated.apiVersion ?? old?.apiVersion ?? '', set: new FieldSet(), time: opts.now };
    if (opts.subresource) self.subresource = opts.subresource;
    const id = managerId(self);
    self.set = (managers.get(id)?.set ?? new FieldSet()).union(taken);
    managers.set(id, self);
  }
  // A new top level and metadata; deeper values are shared with `updated`, which the write
  // pipeline built for this write and no longer changes (stored objects are never mutated).
  const object: KubeObject = { ...updated, metadata: { ...(updated.metadata ?? {}), managedFields: encodeManagedFields(managers) } };
  if (object.metadata.managedFields!.length === 0) delete object.metadata.managedFields;
  return object;
}
