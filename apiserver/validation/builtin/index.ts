/**
 * Content validation of built-in kinds, as Kubernetes' per-kind `Validate`/`ValidateUpdate`
 * strategies do it: the rules a controller meets when it writes a Pod, a Deployment or a Service
 * that a cluster would refuse with 422 Invalid. Each module contributes the validators of its kinds,
 * keyed by storage key (`group/plural`, core kinds with an empty group: `/pods`).
 *
 * Like Kubernetes, a `/status` write runs only the kind's status rules and a `/finalize` write
 * only its finalizer rules; `/scale` and main-resource writes run the whole object's rules.
 */
import type { StatusCause } from '../../../runtime/core/errors.ts';
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { toCauses } from '../field-errors.ts';
import { CORE_FINALIZE_VALIDATORS, CORE_STATUS_VALIDATORS, CORE_VALIDATORS } from './core-kinds.ts';
import { NAMESPACE_STATUS_VALIDATORS } from './core-namespaces.ts';
import { POD_VALIDATORS } from './pods.ts';
import { POD_STATUS_VALIDATORS } from './pods-status.ts';
import { POLICY_KIND_STATUS_VALIDATORS, POLICY_KIND_VALIDATORS } from './policy-kinds.ts';
import type { BuiltinValidator, SubresourceValidator, WriteScope } from './types.ts';
import { WORKLOAD_STATUS_VALIDATORS } from './workload-status.ts';
import { WORKLOAD_VALIDATORS } from './workloads.ts';

const VALIDATORS: Partial<Record<string, BuiltinValidator>> = { ...CORE_VALIDATORS, ...POD_VALIDATORS, ...WORKLOAD_VALIDATORS, ...POLICY_KIND_VALIDATORS };
const STATUS_VALIDATORS: Partial<Record<string, SubresourceValidator>> = { ...CORE_STATUS_VALIDATORS, ...NAMESPACE_STATUS_VALIDATORS, ...POD_STATUS_VALIDATORS, ...WORKLOAD_STATUS_VALIDATORS, ...POLICY_KIND_STATUS_VALIDATORS };
const FINALIZE_VALIDATORS: Partial<Record<string, SubresourceValidator>> = { ...CORE_FINALIZE_VALIDATORS };

/**
 * The causes Kubernetes would answer a create (`old` absent) or update of a built-in object with;
 * empty when the kind has no content rules here for that write or the object passes them.
 */
export function validateBuiltinObject(storageKey: string, obj: KubeObject, old: KubeObject | undefined, scope: WriteScope = {}): StatusCause[] {
  const sub = scope.subresource;
  if (sub === 'status' || sub === 'finalize') {
    const validate = (sub === 'status' ? STATUS_VALIDATORS : FINALIZE_VALIDATORS)[storageKey];
    return validate && old ? toCauses(validate(obj, old)) : [];
  }
  const validate = VALIDATORS[storageKey];
  return validate ? toCauses(validate(obj, old)) : [];
}
