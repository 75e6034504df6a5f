/**
 * Index sets of Indexed Jobs as Kubernetes parses them (parseIndexesFromString): a comma-separated,
 * strictly increasing list of indexes and `x-y` intervals below `spec.completions`, with its parse
 * messages. They are a success policy rule's `succeededIndexes` and a status's `completedIndexes`
 * and `failedIndexes`, which must not share an index.
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

/** The intervals of a list, or the message of its first error (an empty list has none). */
function parseIndexes(text: string, completions: number): { from: number; to: number }[] | string {
  if (!text) return [];
  const intervals: { from: number; to: number }[] = [];
  let last: number | undefined;
  for (const part of text.split(',')) {
    const interval = parseInterval(part, completions);
    if ('error' in interval) return interval.error;
    if (last !== undefined && last >= interval.from) return `non-increasing order, previous: ${last}, current: ${interval.from}`;
    intervals.push(interval);
    last = interval.to;
  }
  return intervals;
}

/** validateIndexesFormat: the first parse error of the list, or undefined when it is well formed. */
export function indexesFormatError(text: string, completions: number): string | undefined {
  const parsed = parseIndexes(text, completions);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** The number of indexes a list names (`1,3-5` names four), or its parse error. */
export function indexCount(text: string, completions: number): number | string {
  const parsed = parseIndexes(text, completions);
  return typeof parsed === 'string' ? parsed : parsed.reduce((n, { from, to }) => n + to - from + 1, 0);
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
