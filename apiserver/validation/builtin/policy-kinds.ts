/** Validation of networking, RBAC, coordination, policy, quota and limit kinds. */
import type { BuiltinValidator } from './types.ts';
import { DISRUPTION_BUDGET_VALIDATORS } from './policy-disruption.ts';
import { INGRESS_VALIDATORS } from './policy-ingress.ts';
import { LEASE_VALIDATORS } from './policy-lease.ts';
import { LIMIT_RANGE_VALIDATORS } from './policy-limits.ts';
import { NETWORK_POLICY_VALIDATORS } from './policy-network.ts';
import { RESOURCE_QUOTA_VALIDATORS } from './policy-quota.ts';
import { RBAC_VALIDATORS } from './policy-rbac.ts';

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
