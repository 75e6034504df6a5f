/**
 * The schema types of the generator: the apiextensions.k8s.io/v1 JSONSchemaProps shared with the
 * API server (runtime/core). `$ref` holds a named-type key while a schema is being built;
 * flattening removes every `$ref`.
 */

export type { JSONSchemaProps, ValidationRule } from '../../runtime/core/schema.ts';

/** A deep copy (schemas are plain JSON data). */
export function cloneSchema<T>(schema: T): T {
  return structuredClone(schema);
}
