/**
 * Loose readers of decoded request bodies. Built-in kinds are validated on untyped JSON, so each
 * reader answers as Go would read the typed field: a missing or mistyped value is the zero value.
 */

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** The object at v, or undefined when v is not a JSON object. */
export function objectOf(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The elements of a JSON array (empty when v is not one). */
export function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string field, or '' when absent or not a string (Go's zero value). */
export function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The object at `parent[key]`, or an empty one: Go reads an absent struct as its zero value. */
export function objAt(parent: unknown, key: string): Obj {
  return objectOf(objectOf(parent)?.[key]) ?? {};
}

/** True when a JSON value is present: Go's non-nil pointer. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** The elements of a list read as objects: an absent list has none, non-objects read as empty. */
export function objectsOf(v: unknown): Obj[] {
  return arrayOf(v).map((e) => objectOf(e) ?? {});
}

/** The value as a number, or undefined when absent (Go's nil pointer) or not a number. */
export function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The keys of `o` among `keys` that hold a value (null entries are absent after decoding). */
export function setKeys(o: Obj, keys: readonly string[]): string[] {
  return keys.filter((k) => isSet(o[k]));
}
