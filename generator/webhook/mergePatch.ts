/**
 * The `patch=` argument of webhook markers. controller-gen applies it as a strategic merge patch
 * to the freshly built webhook entry; that entry never holds the lists that have merge keys
 * (matchConditions) or selectors yet, so merging maps and replacing everything else gives the
 * same result.
 */

/** Applies `patch` to `target`: objects merge key by key, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
