/**
 * `x-kubernetes-list-type` uniqueness: items of a `set` must be unique, items of a `map` must be
 * unique by their `x-kubernetes-list-map-keys`. Violations are `Duplicate value` errors on the
 * repeated item (`spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}`).
 */
import { duplicateError, indexPath, childPath, type FieldError } from '../validation/field-errors.ts';
import { additionalOf, isPlainObject, itemsOf, type JSONSchemaProps } from './schema.ts';

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Validates list-type set/map uniqueness throughout `obj`. */
export function validateListTypes(s: JSONSchemaProps | undefined, obj: unknown, path = ''): FieldError[] {
  if (!s || obj === null || obj === undefined) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(obj)) {
    const listType = s['x-kubernetes-list-type'];
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    obj.forEach((item, i) => {
      if (listType === 'set') {
        const c = canonical(item);
        if (seen.has(c)) errs.push(duplicateError(indexPath(path, i), item));
        seen.add(c);
      } else if (listType === 'map' && isPlainObject(item) && keys.length) {
        const keyValues: Record<string, unknown> = {};
        for (const k of keys) if (item[k] !== undefined) keyValues[k] = item[k];
        const c = canonical(keys.map((k) => item[k] ?? null));
        if (seen.has(c)) errs.push(duplicateError(indexPath(path, i), keyValues));
        seen.add(c);
      }
    });
    const items = itemsOf(s);
    obj.forEach((item, i) => errs.push(...validateListTypes(items, item, indexPath(path, i))));
  } else if (isPlainObject(obj)) {
    const ap = additionalOf(s);
    for (const [k, v] of Object.entries(obj)) {
      errs.push(...validateListTypes(s.properties?.[k] ?? ap, v, childPath(path, k)));
    }
  }
  return errs;
}
