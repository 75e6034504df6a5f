/**
 * The NeuralLog Tenant operator: one cluster-scoped Tenant becomes a namespace `tenant-<name>` with
 * Redis, the NeuralLog server and network policies.
 */
import { ConfigMaps, Deployments, EventRecorder, Namespaces, NetworkPolicies, Secrets, Services, StatefulSets, controllerFor, metaOf, type ApiObject, type Controller, type Manager, type Request, type Resource } from '../../runtime/index.ts';
import { TENANT_CRD_NAME, TENANT_LABEL, Tenants, tenantOfNamespace } from './kinds.ts';
import { TENANT_CONTROLLER_NAME, tenantReconciler } from './reconciler.ts';

export { Tenants, TENANT_CRD_NAME, TENANT_FINALIZER, TENANT_LABEL, childNames } from './kinds.ts';
export { TenantPhase } from './status.ts';
export { tenantReconciler, type TenantReconcilerOptions } from './reconciler.ts';

/** Options of registerTenantControllers. */
export interface TenantControllerOptions {
  /** Periodic resync of tenants. Default 30 000 ms. */
  resyncPeriodMs?: number;
  /** Infrastructure-error grace period before components count as Degraded. Default 10 000 ms. */
  gracePeriodMs?: number;
  /** Parallel reconciles. Default 1. */
  maxConcurrentReconciles?: number;
  /** Clock for condition timestamps and the grace period (tests). */
  now?: () => Date;
}

/** Names of the CRDs the operator reconciles. */
export const tenantCrds: readonly string[] = [TENANT_CRD_NAME];

/** Resources the operator reconciles or watches. */
export const tenantResources: readonly Resource[] = [Tenants as unknown as Resource, Namespaces, ConfigMaps, Secrets, Services, StatefulSets, Deployments, NetworkPolicies];

/** A namespace's tenant from its label (set on every namespace the operator makes). */
const byTenantLabel = (obj: ApiObject): Request[] => {
  const tenant = metaOf(obj).labels?.[TENANT_LABEL];
  return tenant ? [{ namespace: '', name: tenant }] : [];
};

/** The tenant owning the namespace an object lives in: covers referenced ConfigMaps and Secrets that carry no labels. */
const byTenantNamespace = (obj: ApiObject): Request[] => {
  const tenant = tenantOfNamespace(metaOf(obj).namespace);
  return tenant ? [{ namespace: '', name: tenant }] : [];
};

/** Wires the Tenant controller into mgr. */
export function registerTenantControllers(mgr: Manager, opts: TenantControllerOptions = {}): Controller {
  const recorder = new EventRecorder({ client: mgr.client, component: `${TENANT_CONTROLLER_NAME}-controller`, logger: mgr.logger });
  const reconciler = tenantReconciler({ client: mgr.client, recorder, resyncPeriodMs: opts.resyncPeriodMs, gracePeriodMs: opts.gracePeriodMs, now: opts.now });
  return controllerFor(mgr, Tenants)
    .owns(Services)
    .owns(StatefulSets)
    .owns(Deployments)
    .owns(NetworkPolicies)
    // Namespaces are matched by label: deleting one must wake its tenant even when the owner reference is gone.
    .watches(Namespaces, byTenantLabel)
    .watches(ConfigMaps, byTenantNamespace)
    .watches(Secrets, byTenantNamespace)
    .withOptions({ maxConcurrentReconciles: opts.maxConcurrentReconciles ?? 1 })
    .named(TENANT_CONTROLLER_NAME)
    .complete(reconciler);
}
