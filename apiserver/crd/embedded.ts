/**
 * Type and object metadata of `x-kubernetes-embedded-resource` nodes below the root, as the
 * apiextensions object-meta validation checks them: apiVersion and kind are required (kind a
 * DNS-1035 label in any case, apiVersion a group/version), and the metadata's name and
 * generateName are path segments, its namespace a DNS-1123 label, its labels, annotations and
 * finalizers well formed. The root is validated by the write pipeline itself.
 */
import { labelValueErrors, qualifiedNameErrors } from '../validation/names.ts';
import { isDns1035Label, isDns1123Label } from './dns.ts';
import { childPath, indexPath, invalidError, keyPath, requiredError, type FieldError } from '../validation/field-errors.ts';
import { additionalOf, isPlainObject, itemsOf, type JSONSchemaProps } from './schema.ts';

/** Errors of every embedded resource inside `obj` (the root itself excluded). */
export function validateEmbeddedResources(schema: JSONSchemaProps | undefined, obj: unknown): FieldError[] {
  const errs: FieldError[] = [];
  walk(schema, obj, '', true, errs);
  return errs;
}

function walk(s: JSONSchemaProps | undefined, x: unknown, path: string, root: boolean, errs: FieldError[]): void {
  if (!s) return;
  if (isPlainObject(x)) {
    if (!root && s['x-kubernetes-embedded-resource']) validateEmbedded(x, path, errs);
    const ap = additionalOf(s);
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k];
      if (prop) walk(prop, v, childPath(path, k), false, errs);
      else if (ap) walk(ap, v, keyPath(path, k), false, errs);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => walk(itemsOf(s), v, indexPath(path, i), false, errs));
  }
}

function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) out.push(`may not contain '${bad}'`);
  return out;
}

function groupVersionError(apiVersion: string): string | undefined {
  const parts = apiVersion.split('/');
  if (parts.length > 2 || (parts.length === 2 && parts[1] === '')) return `unexpected GroupVersion string: ${apiVersion}`;
  return undefined;
}

function validateEmbedded(x: Record<string, unknown>, path: string, errs: FieldError[]): void {
  const at = (k: string) => childPath(path, k);
  if (!('apiVersion' in x)) errs.push(requiredError(at('apiVersion')));
  if (!('kind' in x)) errs.push(requiredError(at('kind')));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(invalidError(at(k), v, 'must be a string'));
      else if (!v) errs.push(requiredError(at(k)));
      else { const e = groupVersionError(v); if (e) errs.push(invalidError(at(k), v, e)); }
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(invalidError(at(k), v, 'must be a string'));
      else if (!v) errs.push(requiredError(at(k)));
      else {
        const e = isDns1035Label(v.toLowerCase());
        if (e.length) errs.push(invalidError(at(k), v, `may have mixed case, but should otherwise match: ${e.join(',')}`));
      }
    } else if (k === 'metadata' && isPlainObject(v)) {
      validateMetadata(v, at('metadata'), errs);
    }
  }
}

function validateMetadata(md: Record<string, unknown>, path: string, errs: FieldError[]): void {
  for (const key of ['name', 'generateName'] as const) {
    const v = md[key];
    if (typeof v === 'string' && v) for (const e of pathSegmentErrors(v)) errs.push(invalidError(childPath(path, key), v, e));
  }
  if (typeof md.namespace === 'string' && md.namespace) {
    for (const e of isDns1123Label(md.namespace)) errs.push(invalidError(childPath(path, 'namespace'), md.namespace, e));
  }
  for (const [k, v] of Object.entries(isPlainObject(md.labels) ? md.labels : {})) {
    for (const e of qualifiedNameErrors(k)) errs.push(invalidError(childPath(path, 'labels'), k, e));
    if (typeof v === 'string') for (const e of labelValueErrors(v)) errs.push(invalidError(childPath(path, 'labels'), v, e));
  }
  for (const k of Object.keys(isPlainObject(md.annotations) ? md.annotations : {})) {
    for (const e of qualifiedNameErrors(k.toLowerCase())) errs.push(invalidError(childPath(path, 'annotations'), k, e));
  }
  const finalizers = Array.isArray(md.finalizers) ? md.finalizers : [];
  finalizers.forEach((f, i) => {
    if (typeof f === 'string') for (const e of qualifiedNameErrors(f)) errs.push(invalidError(indexPath(childPath(path, 'finalizers'), i), f, e));
  });
}
