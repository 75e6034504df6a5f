/**
 * Lease content rules (Kubernetes' coordination validation): a positive duration and
 * non-negative transitions.
 *
 * Kubernetes 1.32 also checks `strategy` and `preferredHolder`, but only clusters that enable the
 * alpha CoordinatedLeaderElection gate keep those fields: a default cluster drops them before
 * validating, so a value there never makes it refuse a Lease, and neither do we.
 */
import { type FieldError, invalidError } from '../field-errors.ts';
import { objectOf } from './readers.ts';
import type { BuiltinValidator } from './types.ts';

const validateLease: BuiltinValidator = (obj) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push(invalidError('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.push(invalidError('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
};

/** Validators of the Lease kind, by storage key. */
export const LEASE_VALIDATORS: Record<string, BuiltinValidator> = {
  'coordination.k8s.io/leases': validateLease,
};
