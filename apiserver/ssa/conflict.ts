/**
 * The 409 Conflict of a server-side apply that would change fields other managers own, worded as
 * Kubernetes words it (apimachinery managedfields conflict.go): one cause per field with reason
 * FieldManagerConflict, and a message naming each manager (`"mgr"`, `"mgr" with subresource "s"`,
 * `"mgr" using <apiVersion>` for Update managers).
 */
import { statusError, type StatusError } from '../../runtime/core/errors.ts';
import { pathString, type Path } from './fieldpath.ts';
import type { ManagerFields } from './managed-fields.ts';

/** One conflicting field. */
export interface FieldConflict {
  id: string;
  manager: ManagerFields;
  path: Path;
}

/** How Kubernetes names a manager in conflict messages. */
export function printManager(m: ManagerFields): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s = `${s} with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}

/** Builds the Conflict StatusError for a list of conflicts (managers sorted by identity). */
export function applyConflictError(conflicts: FieldConflict[]): StatusError {
  const sorted = [...conflicts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const causes = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (sorted.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(sorted[0].manager)}: ${pathString(sorted[0].path)}`;
  } else {
    const lines: string[] = [];
    let last = '';
    for (const c of sorted) {
      if (c.id !== last) { lines.push(`conflicts with ${printManager(c.manager)}:`); last = c.id; }
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return statusError('Conflict', { message, causes });
}
