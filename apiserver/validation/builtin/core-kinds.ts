/** Validation of core and cluster kinds other than pods and workloads. */
import { validatePersistentVolumeClaim } from './core-claims.ts';
import { validateConfigMap, validateSecret } from './core-config.ts';
import { validateEndpoints } from './core-endpoints.ts';
import { validateCoreEvent, validateEventsV1Event } from './core-events.ts';
import { validateNamespaceFinalize } from './core-namespaces.ts';
import { validateService, validateServiceStatus } from './core-service.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

/**
 * Validators of the core kinds, by storage key. ServiceAccounts and Namespaces have no content
 * rules beyond their metadata, which every write checks already.
 */
export const CORE_VALIDATORS: Record<string, BuiltinValidator> = {
  '/services': validateService,
  '/configmaps': validateConfigMap,
  '/secrets': validateSecret,
  '/persistentvolumeclaims': validatePersistentVolumeClaim,
  '/endpoints': validateEndpoints,
  '/events': validateCoreEvent,
  'events.k8s.io/events': validateEventsV1Event,
};

/** Status validators of the core kinds, by storage key. */
export const CORE_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  '/services': validateServiceStatus,
};

/** Finalize validators of the core kinds, by storage key. */
export const CORE_FINALIZE_VALIDATORS: Record<string, SubresourceValidator> = {
  '/namespaces': validateNamespaceFinalize,
};
