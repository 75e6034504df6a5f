/**
 * The last step before serialisation: drop what Go's omitempty would drop (empty property maps,
 * empty lists) so output matches controller-gen, which marshals through encoding/json.
 */
import type { JSONSchemaProps } from './types.ts';

const OMIT_WHEN_EMPTY = ['properties', 'required', 'enum', 'allOf', 'anyOf', 'oneOf', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations'];

/** Cleans one schema tree in place. */
export function finalizeSchema(schema: JSONSchemaProps): void {
  const s = schema as Record<string, unknown>;
  delete s.$ref;
  for (const key of OMIT_WHEN_EMPTY) {
    const v = s[key];
    if (v === undefined) continue;
    const empty = Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0;
    if (empty) delete s[key];
  }
  for (const item of [schema.items ?? []].flat()) finalizeSchema(item);
  for (const list of [schema.allOf, schema.anyOf, schema.oneOf]) for (const x of list ?? []) finalizeSchema(x);
  if (schema.not) finalizeSchema(schema.not);
  for (const p of Object.values(schema.properties ?? {})) finalizeSchema(p);
  if (typeof schema.additionalProperties === 'object') finalizeSchema(schema.additionalProperties);
}

/** Cleans every version schema of a CRD object. */
export function finalizeSchemas(crd: Record<string, unknown>): void {
  const versions = ((crd.spec as { versions?: { schema?: { openAPIV3Schema?: JSONSchemaProps } }[] })?.versions) ?? [];
  for (const v of versions) if (v.schema?.openAPIV3Schema) finalizeSchema(v.schema.openAPIV3Schema);
}
