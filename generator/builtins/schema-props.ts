/** The CRD schema node (apiextensions.k8s.io/v1 JSONSchemaProps) as plain JSON. */
export interface JSONSchemaProps {
  description?: string;
  type?: string;
  format?: string;
  pattern?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps | boolean;
  anyOf?: JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}
