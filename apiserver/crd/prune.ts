/**
 * Structural pruning: drops fields a CRD schema does not specify (unless
 * `x-kubernetes-preserve-unknown-fields` applies), keeps `apiVersion`/`kind`/`metadata` of the
 * resource root and of `x-kubernetes-embedded-resource` nodes, coerces ObjectMeta to its known
 * fields, and removes nulls from non-nullable fields without a default. Returns the pruned paths
 * in the apiserver's notation (`spec.foo`, `spec.items[0].bar`), sorted, for strict decoding.
 */
import { additionalOf, isPlainObject, itemsOf, type JSONSchemaProps } from './schema.ts';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

/** The fields of metav1.ObjectMeta; anything else under metadata is an unknown field. */
export const objectMetaFields = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Prunes `obj` in place against the root schema of a custom resource; returns unknown paths. */
export function pruneResource(obj: Record<string, unknown>, schema: JSONSchemaProps | undefined): string[] {
  const unknown: string[] = [];
  const root: JSONSchemaProps = { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true };
  prune(obj, root, '', unknown);
  unknown.sort();
  const metaUnknown = coerceObjectMeta(obj, 'metadata');
  return [...metaUnknown, ...unknown, ...coerceEmbeddedMeta(obj, schema, '')];
}

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string, unknown: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields']) {
    skipPrune(x, s, path, unknown);
    return;
  }
  if (isPlainObject(x)) {
    if (!s) {
      for (const k of Object.keys(x)) {
        unknown.push(join(path, k));
        delete x[k];
      }
      return;
    }
    const ap = additionalOf(s);
    for (const k of Object.keys(x)) {
      if (s['x-kubernetes-embedded-resource'] && metaFields.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) prune(x[k], prop, join(path, k), unknown);
      else if (ap) prune(x[k], ap, join(path, k), unknown);
      else {
        if (!metaFields.has(k) || path) unknown.push(join(path, k));
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    const items = itemsOf(s);
    x.forEach((v, i) => prune(v, s ? items : undefined, `${path}[${i}]`, unknown));
  }
}

function skipPrune(x: unknown, s: JSONSchemaProps, path: string, unknown: string[]): void {
  if (isPlainObject(x)) {
    const ap = additionalOf(s);
    for (const k of Object.keys(x)) {
      if (s['x-kubernetes-embedded-resource'] && metaFields.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) prune(x[k], prop, join(path, k), unknown);
      else if (ap) prune(x[k], ap, join(path, k), unknown);
    }
  } else if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) x.forEach((v, i) => skipPrune(v, items, `${path}[${i}]`, unknown));
  }
}

/** Drops unknown ObjectMeta fields of `holder.metadata`; returns their paths under `metaPath`. */
function coerceObjectMeta(holder: Record<string, unknown>, metaPath: string): string[] {
  const meta = holder.metadata;
  if (!isPlainObject(meta)) return [];
  const unknown: string[] = [];
  for (const k of Object.keys(meta).sort()) {
    if (!objectMetaFields.has(k)) {
      unknown.push(`${metaPath}.${k}`);
      delete meta[k];
    }
  }
  return unknown;
}

/** Coerces the metadata of nested `x-kubernetes-embedded-resource` objects. */
function coerceEmbeddedMeta(x: unknown, s: JSONSchemaProps | undefined, path: string): string[] {
  if (!s) return [];
  const out: string[] = [];
  if (isPlainObject(x)) {
    if (path && s['x-kubernetes-embedded-resource']) out.push(...coerceObjectMeta(x, join(path, 'metadata')));
    const ap = additionalOf(s);
    for (const [k, v] of Object.entries(x)) {
      if (!path && metaFields.has(k)) continue;
      const child = s.properties?.[k] ?? ap;
      out.push(...coerceEmbeddedMeta(v, child, join(path, k)));
    }
  } else if (Array.isArray(x)) {
    const items = itemsOf(s);
    x.forEach((v, i) => out.push(...coerceEmbeddedMeta(v, items, `${path}[${i}]`)));
  }
  return out;
}

/** Removes `null` values of fields that are neither nullable nor defaulted (apiextensions does this). */
export function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isPlainObject(x)) {
    const ap = additionalOf(s);
    for (const k of Object.keys(x)) {
      const child = s.properties?.[k] ?? ap;
      if (!child) continue;
      if (x[k] === null && !child.nullable && child.default === undefined) delete x[k];
      else pruneNonNullableNulls(x[k], child);
    }
  } else if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (const v of x) pruneNonNullableNulls(v, items);
  }
}
