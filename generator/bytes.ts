/** Go's string ordering (byte-wise over UTF-8), which controller-gen uses for sorted lists. */

/** Compares two strings as Go compares them. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** De-duplicated and byte-sorted, like controller-gen's `required` lists. */
export function byteSortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(byteCompare);
}
