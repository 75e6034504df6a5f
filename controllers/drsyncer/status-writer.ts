/**
 * Status writes shared by the three controllers: the status is replaced through the status
 * subresource with a merge patch, and only when it differs from what was read, so a reconcile that
 * changes nothing writes nothing (and wakes nobody).
 */
import { jsonEqual, type ApiObject, type Client, type Resource } from '../../runtime/index.ts';

/** Writes status when it differs from before; returns the written object or undefined when skipped. */
export async function writeStatusIfChanged<T extends ApiObject & { status?: object }>(client: Client, res: Resource<T>, obj: T, before: unknown, status: object): Promise<T | undefined> {
  if (jsonEqual(before ?? {}, status)) return undefined;
  // Fields absent from the new status are nulled so the merge patch removes them.
  const patch: Record<string, unknown> = { ...status };
  for (const k of Object.keys((before as Record<string, unknown> | undefined) ?? {})) if (!(k in patch)) patch[k] = null;
  return client.patchStatus(res, { namespace: obj.metadata?.namespace, name: obj.metadata!.name! }, { status: patch }, { type: 'merge' });
}

/** A deep copy through JSON: statuses are plain data. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
}

/** RFC 3339 second-precision time, as metav1.Time serialises. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
