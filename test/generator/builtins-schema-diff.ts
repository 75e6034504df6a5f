/**
 * Helpers for comparing generated schemas with controller-gen goldens, descriptions aside, and the
 * exact list of differences known for built-in types (builtins-known-differences.json): facts that
 * controller-gen reads from the Kubernetes Go sources and no registry package carries.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

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

/** One difference a comparison is known to have: where, the golden's value there, and why. */
export interface KnownDifference { path: string; golden: unknown; why: string; }

interface KnownDifferencesFile {
  reasons: Record<string, string>;
  comparisons: Record<string, [path: string, golden: unknown, reason: string][]>;
}

const knownFile = JSON.parse(readFileSync(new URL('./builtins-known-differences.json', import.meta.url), 'utf8')) as KnownDifferencesFile;

/** Names of the comparisons builtins-known-differences.json lists differences for. */
export function knownComparisons(): string[] {
  return Object.keys(knownFile.comparisons);
}

/**
 * The differences a comparison is known to have, with each path put under `prefix` (where the
 * compared schema sits inside a larger document) and each reason spelled out.
 */
export function knownDifferences(comparison: string, prefix = ''): KnownDifference[] {
  return (knownFile.comparisons[comparison] ?? []).map(([path, golden, reason]) => {
    const why = knownFile.reasons[reason];
    assert.ok(why, `${comparison}: ${path} has unknown reason ${reason}`);
    return { path: prefix + path, golden, why };
  });
}

/** The value at a schemaDiff path (`.a.b[1].c`) inside `doc`. */
export function valueAtPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const token of path.slice(1).split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(token)!;
    cur = (cur as Record<string, unknown> | undefined)?.[m[1]!];
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) cur = (cur as unknown[] | undefined)?.[Number(idx[1])];
  }
  return cur;
}

/**
 * Asserts that `ours` differs from `golden` (descriptions aside) by exactly the known differences:
 * a difference missing from the list fails, and so does a listed one that no longer occurs, so
 * that the list stays exact as the catalogue's data improves. Each listed golden value is checked.
 */
export function assertKnownDifferences(label: string, golden: unknown, ours: unknown, known: KnownDifference[]): void {
  const actual = schemaDiff(golden, ours);
  const expected = new Set(known.map((k) => `${k.path}: only in golden`));
  assert.deepEqual(actual.filter((line) => !expected.has(line)), [], `${label}: differences missing from builtins-known-differences.json`);
  const occurring = new Set(actual);
  assert.deepEqual(known.filter((k) => !occurring.has(`${k.path}: only in golden`)).map((k) => k.path), [],
    `${label}: listed differences that now match; remove them from builtins-known-differences.json`);
  for (const k of known) assert.deepEqual(valueAtPath(golden, k.path), k.golden, `${label}: golden value at ${k.path}`);
}
