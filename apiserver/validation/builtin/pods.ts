/** Validation of Pods and of the pod templates workloads embed (Kubernetes' ValidatePodSpec). */
import type { FieldError } from '../field-errors.ts';
import type { BuiltinValidator } from './types.ts';

/** Errors of a pod template (`metadata` labels and annotations, `spec`) found at `path`. */
export function validatePodTemplateSpec(_template: unknown, _path: string): FieldError[] {
  return [];
}

/** Validators of the pod kinds, by storage key. */
export const POD_VALIDATORS: Record<string, BuiltinValidator> = {};
