/**
 * The scalar and metadata types of the API dialect. API types under apis/ use these so that
 * `tsop generate` knows the exact Kubernetes schema of each field (a bare `number` is ambiguous).
 *
 * The brands are optional phantom properties: plain literals are assignable (`replicas: 3`), and
 * the generator reads the alias name, not the brand.
 */
import type { Condition as CoreCondition, ListMeta as CoreListMeta, ObjectMeta as CoreObjectMeta, TypeMeta as CoreTypeMeta } from './core/meta.ts';

/** Go `int`: schema `type: integer` (no format). */
export type int = number & { readonly __tsopScalar?: 'int' };
/** Go `int32`: schema `type: integer, format: int32`. */
export type int32 = number & { readonly __tsopScalar?: 'int32' };
/** Go `int64`: schema `type: integer, format: int64`. */
export type int64 = number & { readonly __tsopScalar?: 'int64' };
/** Go `float32`: schema `type: number` (needs --allow-dangerous-types). */
export type float32 = number & { readonly __tsopScalar?: 'float32' };
/** Go `float64`: schema `type: number` (needs --allow-dangerous-types). */
export type float64 = number & { readonly __tsopScalar?: 'float64' };
/** resource.Quantity: int-or-string matching the quantity pattern. */
export type Quantity = (string | number) & { readonly __tsopScalar?: 'Quantity' };
/** intstr.IntOrString: `x-kubernetes-int-or-string: true`. */
export type IntOrString = (string | number) & { readonly __tsopScalar?: 'IntOrString' };
/** metav1.Time: string, format date-time. */
export type Time = string & { readonly __tsopScalar?: 'Time' };
/** metav1.MicroTime: string, format date-time. */
export type MicroTime = string & { readonly __tsopScalar?: 'MicroTime' };
/** metav1.Duration: a Go duration string such as `1h30m`. */
export type Duration = string & { readonly __tsopScalar?: 'Duration' };
/** []byte: string, format byte (base64). */
export type Bytes = string & { readonly __tsopScalar?: 'Bytes' };
/** runtime.RawExtension: an embedded object (`x-kubernetes-embedded-resource` when marked). */
export type RawExtension = Record<string, unknown> & { readonly __tsopScalar?: 'RawExtension' };
/** apiextensionsv1.JSON: any JSON value (`x-kubernetes-preserve-unknown-fields`). */
export type JSONValue = unknown;

/** metav1.ObjectMeta. */
export type ObjectMeta = CoreObjectMeta;
/** metav1.ListMeta. */
export type ListMeta = CoreListMeta;
/** metav1.TypeMeta. */
export type TypeMeta = CoreTypeMeta;
/** metav1.Condition. */
export type Condition = CoreCondition;
