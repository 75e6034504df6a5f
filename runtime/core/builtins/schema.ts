/** The schema form of the built-in type catalogue. */

/**
 * An OpenAPI schema of a built-in definition or property. References to other definitions are
 * `$ref: '#/definitions/<name>'`; a property that is a reference may carry its own description
 * beside the `$ref`, as in the Kubernetes swagger document.
 */
export interface BuiltinSchema {
  $ref?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, BuiltinSchema>;
  required?: string[];
  items?: BuiltinSchema;
  additionalProperties?: BuiltinSchema | boolean;
  oneOf?: BuiltinSchema[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-unions'?: unknown[];
}

/** The definition name a `$ref` schema points to, or undefined. */
export function refName(schema: BuiltinSchema | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' ? ref.replace(/^#\/(definitions|components\/schemas)\//, '') : undefined;
}

/** The `$ref` value for a definition name. */
export function refTo(definition: string): string {
  return `#/definitions/${definition}`;
}
