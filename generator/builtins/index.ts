/**
 * Schemas of Kubernetes built-in types for CRD generation: the generator calls builtinTypeSchema
 * when an API field's type is a @kubernetes/client-node model (V1PodTemplateSpec, V1Toleration, ...).
 */
import { limitDescriptions } from './descriptions.ts';
import { expandDefinition, resolveDefinition } from './expand.ts';
import type { JSONSchemaProps } from './schema-props.ts';

export type { JSONSchemaProps } from './schema-props.ts';
export { truncateDescription, limitDescriptions } from './descriptions.ts';
export { QUANTITY_PATTERN } from './well-known.ts';

/** Options of builtinTypeSchema. */
export interface BuiltinTypeSchemaOptions {
  /** controller-gen crd:maxDescLen: 0 drops descriptions, N truncates them; absent keeps them. */
  maxDescLen?: number;
}

/**
 * The fully expanded (no $ref) CRD schema for a built-in type, as controller-gen emits it for the
 * corresponding Go type, or undefined when the name is not a built-in type. `typeName` is a
 * client-node model name (`V1PodTemplateSpec`) or an OpenAPI definition name
 * (`io.k8s.api.core.v1.PodTemplateSpec`). The result is a fresh copy the caller may modify.
 */
export function builtinTypeSchema(typeName: string, opts: BuiltinTypeSchemaOptions = {}): JSONSchemaProps | undefined {
  const definition = resolveDefinition(typeName);
  if (!definition) return undefined;
  const schema = expandDefinition(definition);
  if (schema && opts.maxDescLen !== undefined) limitDescriptions(schema, opts.maxDescLen);
  return schema;
}

/** Whether `typeName` names a built-in type builtinTypeSchema can expand. */
export function isBuiltinType(typeName: string): boolean {
  return resolveDefinition(typeName) !== undefined;
}
