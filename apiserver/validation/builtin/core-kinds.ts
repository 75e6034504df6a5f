/** Validation of core and cluster kinds other than pods and workloads. */
import type { BuiltinValidator } from './types.ts';

/** Validators of the core kinds, by storage key. */
export const CORE_VALIDATORS: Record<string, BuiltinValidator> = {};
