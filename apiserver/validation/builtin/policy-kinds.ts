/** Validation of networking, RBAC, coordination, policy, quota and limit kinds. */
import { DISRUPTION_BUDGET_STATUS_VALIDATORS, DISRUPTION_BUDGET_VALIDATORS } from './policy-disruption.ts';
import { INGRESS_STATUS_VALIDATORS, INGRESS_VALIDATORS } from './policy-ingress.ts';
import { LEASE_VALIDATORS } from './policy-lease.ts';
import { LIMIT_RANGE_VALIDATORS } from './policy-limits.ts';
import { NETWORK_POLICY_VALIDATORS } from './policy-network.ts';
import { RESOURCE_QUOTA_STATUS_VALIDATORS, RESOURCE_QUOTA_VALIDATORS } from './policy-quota.ts';
import { RBAC_VALIDATORS } from './policy-rbac.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

/** Validators of these kinds, by storage key. */
export const POLICY_KIND_VALIDATORS: Record<string, BuiltinValidator> = {
  ...RBAC_VALIDATORS,
  ...NETWORK_POLICY_VALIDATORS,
  ...INGRESS_VALIDATORS,
  ...DISRUPTION_BUDGET_VALIDATORS,
  ...LEASE_VALIDATORS,
  ...RESOURCE_QUOTA_VALIDATORS,
  ...LIMIT_RANGE_VALIDATORS,
};

/** Status validators of these kinds, by storage key. */
export const POLICY_KIND_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  ...INGRESS_STATUS_VALIDATORS,
  ...DISRUPTION_BUDGET_STATUS_VALIDATORS,
  ...RESOURCE_QUOTA_STATUS_VALIDATORS,
};
