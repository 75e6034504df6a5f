/**
 * Content validation of built-in kinds, as Kubernetes' per-kind `Validate`/`ValidateUpdate`
 * strategies do it: the rules a controller meets when it writes a Pod, a Deployment or a Service
 * that a cluster would refuse with 422 Invalid. Each module contributes the validators of its kinds,
 * keyed by storage key (`group/plural`, core kinds with an empty group: `/pods`).
 */
import type { StatusCause } from '../../../runtime/core/errors.ts';
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { toCauses } from '../field-errors.ts';
import { CORE_VALIDATORS } from './core-kinds.ts';
import { POD_VALIDATORS } from './pods.ts';
import { POLICY_KIND_VALIDATORS } from './policy-kinds.ts';
import type { BuiltinValidator } from './types.ts';
import { WORKLOAD_VALIDATORS } from './workloads.ts';

const VALIDATORS: Record<string, BuiltinValidator> = { ...CORE_VALIDATORS, ...POD_VALIDATORS, ...WORKLOAD_VALIDATORS, ...POLICY_KIND_VALIDATORS };

/**
 * The causes Kubernetes would answer a create (`old` absent) or update of a built-in object with;
 * empty when the kind has no content rules here or the object passes them.
 */
export function validateBuiltinObject(storageKey: string, obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const validate = VALIDATORS[storageKey];
  return validate ? toCauses(validate(obj, old)) : [];
}
