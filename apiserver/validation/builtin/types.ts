/** The shape every built-in kind validator has. */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import type { FieldError } from '../field-errors.ts';

/**
 * Validates a new (`old` absent) or updated object of one kind after defaulting, returning field
 * errors with Kubernetes' paths and messages. Immutability rules live with the update strategies.
 */
export type BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => FieldError[];
