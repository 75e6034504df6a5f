/** Helpers for comparing generated schemas with controller-gen goldens, descriptions aside. */

/** Structural differences between two schemas, ignoring `description`, as `path: what` lines. */
export function schemaDiff(golden: unknown, ours: unknown, path = ''): string[] {
  const out: string[] = [];
  walk(golden, ours, path, out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a === b) return;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${path}: golden ${JSON.stringify(a)} ours ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) out.push(`${path}: golden has ${a.length} items, ours ${bb.length}`);
    else a.forEach((x, i) => walk(x, bb[i], `${path}[${i}]`, out));
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    if (k === 'description' && typeof ao[k] === 'string') continue;
    if (!(k in ao)) out.push(`${path}.${k}: only in ours`);
    else if (!(k in bo)) out.push(`${path}.${k}: only in golden`);
    else walk(ao[k], bo[k], `${path}.${k}`, out);
  }
}

/** How the descriptions of two schemas compare: identical, equal up to line breaks, different, absent. */
export interface DescriptionStats { identical: number; sameWords: number; different: number; missing: number; }

/** Counts description agreement over the nodes both schemas have. */
export function descriptionStats(golden: unknown, ours: unknown, st: DescriptionStats = { identical: 0, sameWords: 0, different: 0, missing: 0 }): DescriptionStats {
  if (!golden || !ours || typeof golden !== 'object' || typeof ours !== 'object') return st;
  const g = golden as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  if (typeof g.description === 'string') {
    if (typeof o.description !== 'string') st.missing++;
    else if (g.description === o.description) st.identical++;
    else if (g.description.replace(/\s+/g, ' ') === o.description.replace(/\s+/g, ' ')) st.sameWords++;
    else st.different++;
  }
  for (const k of Object.keys(g)) if (k !== 'description' && o[k] !== undefined) descriptionStats(g[k], o[k], st);
  return st;
}
