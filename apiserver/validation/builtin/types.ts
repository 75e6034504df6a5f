/** The shapes of the built-in kind validators and of the write they judge. */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import type { FieldError } from '../field-errors.ts';

/**
 * Validates a new (`old` absent) or updated object of one kind after defaulting, returning field
 * errors with Kubernetes' paths and messages. Immutability rules live with the update strategies.
 */
export type BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => FieldError[];

/**
 * Validates a write through a subresource (`/status`, `/finalize`) of a stored object: only the
 * fields that subresource changes, as Kubernetes' status and finalize strategies do. A spec stored
 * before a rule existed is not judged again there.
 */
export type SubresourceValidator = (obj: KubeObject, old: KubeObject) => FieldError[];

/** Which write a validation judges: the main resource, or one of its subresources. */
export interface WriteScope {
  subresource?: 'status' | 'scale' | 'finalize';
}
