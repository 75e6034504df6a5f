/** RFC 7386 merge-patch generation: the smallest patch turning `before` into `after`. */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Builds a merge patch; undefined when nothing differs. Arrays are replaced whole, as RFC 7386 requires. */
export function createMergePatch(before: unknown, after: unknown): unknown {
  if (!isPlainObject(before) || !isPlainObject(after)) return jsonEqual(before, after) ? undefined : after ?? null;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (!(k in before) || before[k] === undefined) { patch[k] = v; continue; }
    const sub = createMergePatch(before[k], v);
    if (sub !== undefined) patch[k] = sub;
  }
  for (const k of Object.keys(before)) if (before[k] !== undefined && (!(k in after) || after[k] === undefined)) patch[k] = null;
  return Object.keys(patch).length ? patch : undefined;
}
