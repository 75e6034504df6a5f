/**
 * Lease content rules (Kubernetes' coordination validation): a positive duration, non-negative
 * transitions, and a preferred holder only under a coordinated strategy Kubernetes knows.
 */
import { type FieldError, forbiddenError, invalidError, notSupportedError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import type { BuiltinValidator } from './types.ts';
import { objectOf, stringOf } from './policy-formats.ts';

const LEASE_STRATEGIES = ['OldestEmulationVersion'];

/** ValidateCoordinatedLeaseStrategy (its path repeats `strategy`, as Kubernetes' does). */
function strategyErrors(strategy: string): FieldError[] {
  const at = 'spec.strategy.strategy';
  if (!strategy.includes('/')) return LEASE_STRATEGIES.includes(strategy) ? [] : [notSupportedError(at, strategy, LEASE_STRATEGIES)];
  return qualifiedNameErrors(strategy).map((msg) => invalidError(at, strategy, msg));
}

const validateLease: BuiltinValidator = (obj) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push(invalidError('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.push(invalidError('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (typeof spec.strategy === 'string') errs.push(...strategyErrors(spec.strategy));
  if (stringOf(spec.preferredHolder) && !stringOf(spec.strategy)) {
    errs.push(forbiddenError('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
};

/** Validators of the Lease kind, by storage key. */
export const LEASE_VALIDATORS: Record<string, BuiltinValidator> = {
  'coordination.k8s.io/leases': validateLease,
};
