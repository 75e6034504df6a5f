/**
 * The LocustTest operator (locust.io): runs distributed Locust load tests as a master Job, a
 * worker Job and a master Service per LocustTest.
 */
import {
  ConfigMaps, EventRecorder, Jobs, Pods, Services, controllerFor, type Controller, type Manager, type Resource,
} from '../../runtime/index.ts';
import { loadLocustConfig, type LocustOperatorConfig } from './config.ts';
import { LOCUST_CRD_NAME, LocustTests, referencedConfigMaps } from './kinds.ts';
import { LocustTestReconciler } from './reconciler.ts';
import { CONFIGMAP_INDEX_FIELD, configMapToLocustTests, podToLocustTest } from './watches.ts';

export { LocustTests, LOCUST_CRD_NAME } from './kinds.ts';
export { FINALIZER as LOCUST_FINALIZER, LocustTestReconciler } from './reconciler.ts';
export { loadLocustConfig, type LocustOperatorConfig } from './config.ts';
export { registerLocustWebhooks, locustConversion, type WebhookClientConfig } from './webhooks.ts';
export { validateLocustTest, LocustTestInvalid } from './webhook-validation.ts';
export { v1SpecFromV2, v2SpecFromV1, locustV1Conversion } from './webhook-conversion.ts';

/** Options of registerLocustControllers. */
export interface LocustControllerOptions {
  /** Operator settings; default from the environment (loadLocustConfig). */
  config?: LocustOperatorConfig;
  /** Clock for status timestamps (tests). */
  now?: () => Date;
}

/** CRDs the operator needs installed (names as in metadata.name). */
export const locustCrds: readonly string[] = [LOCUST_CRD_NAME];

/** Resources the operator reconciles or watches. */
export const locustResources: readonly Resource[] = [LocustTests as Resource, Jobs, Services, Pods, ConfigMaps];

/**
 * Wires the LocustTest controller into mgr: it reconciles LocustTests, owns their Jobs and
 * Services, hears about their pods through the Jobs, and about the ConfigMaps they mount.
 */
export function registerLocustControllers(mgr: Manager, opts: LocustControllerOptions = {}): Controller {
  const recorder = new EventRecorder({ client: mgr.client, component: 'locusttest-controller', logger: mgr.logger });
  const reconciler = new LocustTestReconciler({
    client: mgr.client, reader: mgr.apiReader, recorder, config: opts.config ?? loadLocustConfig(), now: opts.now,
  });
  mgr.cache.indexField(LocustTests, CONFIGMAP_INDEX_FIELD, referencedConfigMaps);
  return controllerFor(mgr, LocustTests)
    .owns(Jobs)
    .owns(Services)
    .watches(Pods, podToLocustTest(mgr.client))
    .watches(ConfigMaps, configMapToLocustTests(mgr.client))
    .named('locusttest')
    .complete(reconciler);
}
