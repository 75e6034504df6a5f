/** Validation of core and cluster kinds other than pods and workloads. */
import { validatePersistentVolumeClaim } from './core-claims.ts';
import { validateConfigMap, validateSecret } from './core-config.ts';
import { validateEndpoints } from './core-endpoints.ts';
import { validateCoreEvent, validateEventsV1Event } from './core-events.ts';
import { validateService } from './core-service.ts';
import type { BuiltinValidator } from './types.ts';

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
