/**
 * The schemas controller-gen substitutes for apimachinery types instead of reading their Go source
 * (its known_types table). Keyed by OpenAPI definition name.
 */
import type { JSONSchemaProps } from './schema-props.ts';

/** The pattern controller-gen puts on resource.Quantity. */
export const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const intOrString = (): JSONSchemaProps => ({
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
});

/** Definition name -> factory of the schema controller-gen emits for it. */
export const wellKnownSchemas: Readonly<Record<string, () => JSONSchemaProps>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => ({ type: 'string', format: 'date-time' }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => ({ type: 'string', format: 'date-time' }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.Duration': () => ({ type: 'string' }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': () => ({ type: 'object' }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': () => ({ type: 'object' }),
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => ({ ...intOrString(), pattern: QUANTITY_PATTERN }),
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': intOrString,
  'io.k8s.apimachinery.pkg.runtime.RawExtension': () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': () => ({ 'x-kubernetes-preserve-unknown-fields': true }),
};
