/**
 * Schemas of the apimachinery value types. They are hand-written because they are defined by custom
 * (un)marshalling in Go rather than by struct fields, so no generated model carries their shape;
 * the shapes follow what the Kubernetes API server publishes for them.
 */
import type { BuiltinSchema } from './schema.ts';

/** Definition name -> schema of each apimachinery value type. */
export const scalarDefinitions: Readonly<Record<string, BuiltinSchema>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description: 'A fixed-point decimal quantity such as "100m", "2Gi" or "1.5", written as a string or a number.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    description: 'A value that is either a 32-bit integer or a string.',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': {
    description: 'A timestamp in RFC 3339 form with second precision.',
    type: 'string',
    format: 'date-time',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': {
    description: 'A timestamp in RFC 3339 form with microsecond precision.',
    type: 'string',
    format: 'date-time',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': {
    description: 'A set of field paths in the trie form used by managedFields.',
    type: 'object',
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    description: 'An embedded object of any kind, kept as raw JSON.',
    type: 'object',
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {
    description: 'Any JSON value.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {
    description: 'A schema or an array of schemas.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {
    description: 'A schema or a boolean.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {
    description: 'A schema or an array of strings.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
};
