/**
 * The index sets a Job status reports for Indexed Jobs (`completedIndexes`, `failedIndexes`): a
 * comma-separated, strictly increasing list of indexes and `x-y` intervals below
 * `spec.completions`, with Kubernetes' parse messages, and the check that no index is both
 * completed and failed.
 */

/** One parsed interval, or the message Kubernetes gives for its text. */
type Interval = { from: number; to: number } | { error: string };

/** strconv.Atoi of an index: an optional plus sign and digits that fit an int64. */
function parseIndex(text: string): bigint | undefined {
  if (!/^\+?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= 9223372036854775807n ? n : undefined;
}

/** parseIndexInterval: `x` or `x-y` with x < y, both below `completions`. */
function parseInterval(text: string, completions: number): Interval {
  const limits = text.split('-');
  if (limits.length > 2) {
    return { error: `the fragment ${JSON.stringify(text)} violates the requirement that an index interval can have at most two parts separated by '-'` };
  }
  const bounds: number[] = [];
  for (const limit of limits) {
    const n = parseIndex(limit);
    if (n === undefined) return { error: `cannot convert string to integer for index: ${JSON.stringify(limit)}` };
    if (n >= BigInt(completions)) return { error: `too large index: ${JSON.stringify(limit)}` };
    bounds.push(Number(n));
  }
  const [from, to = from] = bounds as [number, number?];
  if (bounds.length > 1 && from >= to) return { error: `non-increasing order, previous: ${from}, current: ${to}` };
  return { from, to };
}

/** validateIndexesFormat: the first parse error of the list, or undefined when it is well formed. */
export function indexesFormatError(text: string, completions: number): string | undefined {
  if (!text) return undefined;
  let last: number | undefined;
  for (const part of text.split(',')) {
    const interval = parseInterval(part, completions);
    if ('error' in interval) return interval.error;
    if (last !== undefined && last >= interval.from) return `non-increasing order, previous: ${last}, current: ${interval.from}`;
    last = interval.to;
  }
  return undefined;
}

/**
 * validateFailedIndexesNotOverlapCompleted: walks both lists in order, skipping intervals that do
 * not parse (their format is reported on its own), and names the first index in both.
 */
export function indexesOverlapError(completed: string, failed: string, completions: number): string | undefined {
  if (!completed || !failed) return undefined;
  const done = completed.split(',').map((p) => parseInterval(p, completions));
  const lost = failed.split(',').map((p) => parseInterval(p, completions));
  let c = 0;
  let f = 0;
  while (c < done.length && f < lost.length) {
    const a = done[c]!;
    const b = lost[f]!;
    if ('error' in a) { c++; continue; }
    if ('error' in b) { f++; continue; }
    if (a.from <= b.to && b.from <= a.to) return `failedIndexes and completedIndexes overlap at index: ${Math.max(a.from, b.from)}`;
    if (a.from <= b.from) c++;
    else f++;
  }
  return undefined;
}
