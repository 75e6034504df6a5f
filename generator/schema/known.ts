/**
 * Schemas of the dialect's runtime types (runtime/types.ts), matching what controller-gen emits
 * for the Go types they stand for. Scalars map inline like Go built-ins; the rest behave like
 * named types from another package (a `$ref` that flattening replaces with these schemas).
 */
import type { JSONSchemaProps } from './types.ts';

/** Runtime names that map inline, like Go's built-in numeric types and []byte. */
export const INLINE_SCALARS: Record<string, JSONSchemaProps> = {
  int: { type: 'integer' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  float32: { type: 'number' },
  float64: { type: 'number' },
  Bytes: { type: 'string', format: 'byte' },
};

/** Runtime names that need --allow-dangerous-types. */
export const DANGEROUS_SCALARS = new Set(['float32', 'float64']);

const API_VERSION_DOC = `APIVersion defines the versioned schema of this representation of an object.
Servers should convert recognized schemas to the latest internal value, and
may reject unrecognized values.
More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources`;

const KIND_DOC = `Kind is a string value representing the REST resource this object represents.
Servers may infer this from the endpoint the client submits requests to.
Cannot be updated.
In CamelCase.
More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds`;

/** The schemas of TypeMeta's two fields, used for every kind's apiVersion and kind. */
export const TYPE_META_FIELDS: Record<'apiVersion' | 'kind', JSONSchemaProps> = {
  apiVersion: { description: API_VERSION_DOC, type: 'string' },
  kind: { description: KIND_DOC, type: 'string' },
};

const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const CONDITION: JSONSchemaProps = {
  description: 'Condition contains details for one aspect of the current state of this API Resource.',
  type: 'object',
  properties: {
    lastTransitionTime: {
      description: 'lastTransitionTime is the last time the condition transitioned from one status to another.\nThis should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable.',
      format: 'date-time',
      type: 'string',
    },
    message: {
      description: 'message is a human readable message indicating details about the transition.\nThis may be an empty string.',
      maxLength: 32768,
      type: 'string',
    },
    observedGeneration: {
      description: 'observedGeneration represents the .metadata.generation that the condition was set based upon.\nFor instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date\nwith respect to the current state of the instance.',
      format: 'int64',
      minimum: 0,
      type: 'integer',
    },
    reason: {
      description: "reason contains a programmatic identifier indicating the reason for the condition's last transition.\nProducers of specific condition types may define expected values and meanings for this field,\nand whether the values are considered a guaranteed API.\nThe value should be a CamelCase string.\nThis field may not be empty.",
      maxLength: 1024,
      minLength: 1,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
      type: 'string',
    },
    status: {
      description: 'status of the condition, one of True, False, Unknown.',
      enum: ['True', 'False', 'Unknown'],
      type: 'string',
    },
    type: {
      description: 'type of condition in CamelCase or in foo.example.com/CamelCase.',
      maxLength: 316,
      pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
      type: 'string',
    },
  },
  required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
};

/** Runtime names that behave like named types from another package. */
export const NAMED_RUNTIME_TYPES: Record<string, JSONSchemaProps> = {
  Quantity: { anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: QUANTITY_PATTERN, 'x-kubernetes-int-or-string': true },
  IntOrString: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
  Time: { type: 'string', format: 'date-time' },
  MicroTime: { type: 'string', format: 'date-time' },
  Duration: { type: 'string' },
  RawExtension: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  JSONValue: { 'x-kubernetes-preserve-unknown-fields': true },
  ObjectMeta: { type: 'object' },
  ListMeta: { type: 'object' },
  TypeMeta: { type: 'object', properties: { ...TYPE_META_FIELDS } },
  Condition: CONDITION,
};

/** The nested ObjectMeta schema controller-gen emits with generateEmbeddedObjectMeta. */
export const EMBEDDED_OBJECT_META: JSONSchemaProps = {
  type: 'object',
  properties: {
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    name: { type: 'string' },
    namespace: { type: 'string' },
  },
};
