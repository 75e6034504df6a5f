/**
 * Unknown fields in built-in kinds. The apiserver decodes built-ins into Go structs, which drops
 * unknown fields; `fieldValidation=Strict` turns them into a 400, `Warn` into warnings. The
 * schemas come from the shared built-in type catalogue.
 */
import { builtinDefinition, definitionForKind, refName, type BuiltinSchema } from '../../runtime/core/builtins/index.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { applyUnknownFieldPolicy, type FieldValidation } from './admission.ts';

function resolve(schema: BuiltinSchema | undefined): BuiltinSchema | undefined {
  let s = schema;
  for (let i = 0; i < 8 && s?.$ref; i++) s = builtinDefinition(refName(s)!);
  return s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Removes fields the schema does not know, in place; returns their paths. */
function prune(value: unknown, schema: BuiltinSchema | undefined, path: string, out: string[]): void {
  const s = resolve(schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-int-or-string']) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((item, i) => prune(item, s.items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  if (s.properties) {
    for (const key of Object.keys(value)) {
      const child = s.properties[key];
      const p = path ? `${path}.${key}` : key;
      if (!child) { out.push(p); delete value[key]; continue; }
      prune(value[key], child, p, out);
    }
  } else if (isObject(s.additionalProperties)) {
    for (const [key, v] of Object.entries(value)) prune(v, s.additionalProperties, path ? `${path}.${key}` : key, out);
  }
}

/**
 * Drops unknown fields of a built-in object (mutating it). Strict throws 400 like the apiserver's
 * strict decoder; Warn adds warnings.
 */
export function checkBuiltinFields(obj: KubeObject, fieldValidation: FieldValidation, warnings: string[]): void {
  const def = definitionForKind(obj.apiVersion ?? '', obj.kind ?? '');
  const schema = def ? builtinDefinition(def) : undefined;
  if (!schema) return;
  const unknown: string[] = [];
  prune(obj, schema, '', unknown);
  applyUnknownFieldPolicy(unknown, fieldValidation, warnings);
}
