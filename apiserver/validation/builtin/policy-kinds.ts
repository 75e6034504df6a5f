/** Validation of networking, RBAC, coordination, policy, quota and limit kinds. */
import type { BuiltinValidator } from './types.ts';

/** Validators of these kinds, by storage key. */
export const POLICY_KIND_VALIDATORS: Record<string, BuiltinValidator> = {};
