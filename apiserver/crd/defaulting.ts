/**
 * Structural defaulting as apiextensions applies it on decode and on read: a property's `default`
 * fills a missing key (or a `null` one that is not nullable) of an object that exists; defaults
 * then recurse, so defaults nested inside a defaulted value apply too; list items and
 * additionalProperties values are defaulted through their item/value schemas.
 */
import { additionalOf, clone, isPlainObject, itemsOf, type JSONSchemaProps } from './schema.ts';

/** Applies schema defaults to `x` in place. */
export function applyDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isPlainObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (prop.default === undefined) continue;
      if (!Object.hasOwn(x, k) || (x[k] === null && !prop.nullable)) x[k] = clone(prop.default);
    }
    const ap = additionalOf(s);
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k];
      if (prop) applyDefaults(v, prop);
      else if (ap) {
        if (v === null && ap.default !== undefined && !ap.nullable) x[k] = clone(ap.default);
        applyDefaults(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (!items) return;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null && items.default !== undefined && !items.nullable) x[i] = clone(items.default);
      applyDefaults(x[i], items);
    }
  }
}
