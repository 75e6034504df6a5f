/**
 * The Tenant reconciler, built on the runtime's state engine: fetch the tenant's live objects,
 * check the spec, plan namespace + Redis + server + network policies, let the engine decide and
 * server-side apply, then report component health as conditions and the phase.
 *
 * +kubebuilder:rbac:groups=neurallog.io,resources=tenants,verbs=get;list;watch;update;patch
 * +kubebuilder:rbac:groups=neurallog.io,resources=tenants/status,verbs=get;update;patch
 * +kubebuilder:rbac:groups=neurallog.io,resources=tenants/finalizers,verbs=update
 * +kubebuilder:rbac:groups="",resources=namespaces,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups="",resources=configmaps;services,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups="",resources=secrets,verbs=get;list;watch
 * +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
 * +kubebuilder:rbac:groups=apps,resources=statefulsets;deployments,verbs=get;list;watch;create;update;patch;delete
 * +kubebuilder:rbac:groups=networking.k8s.io,resources=networkpolicies,verbs=get;list;watch;create;update;patch;delete
 */
import { stateEngine, type Client, type EventRecorder, type KubeObject, type Reconciler, type Resource, type StateReconciler } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { finalizeTenant } from './finalize.ts';
import { tenantHealth } from './health.ts';
import { PAUSED_ANNOTATION, TENANT_FINALIZER, TENANT_LABEL, Tenants } from './kinds.ts';
import { planTenant } from './plan.ts';
import { fetchTenantState, type TenantRemoteState } from './remote-state.ts';
import { composeTenantState, type TenantState } from './state.ts';
import { decorateTenantStatus, phaseOfState } from './status.ts';

/** Options of the Tenant reconciler. */
export interface TenantReconcilerOptions {
  client: Client;
  recorder?: EventRecorder;
  /** Periodic resync of healthy and progressing tenants. Default 30 000 ms. */
  resyncPeriodMs?: number;
  /** How long infrastructure errors are tolerated before components count as Degraded. Default 10 000 ms. */
  gracePeriodMs?: number;
  now?: () => Date;
}

/** Name of the controller; also the field manager (`tenant-controller`). */
export const TENANT_CONTROLLER_NAME = 'tenant';

/** Builds the Tenant reconciler. */
export function tenantReconciler(opts: TenantReconcilerOptions): Reconciler {
  const resync = opts.resyncPeriodMs ?? 30_000;
  const steps: StateReconciler<KubeObject, TenantRemoteState, TenantState> = {
    fetchRemoteState: (parent) => fetchTenantState(opts.client, parent as Tenant),
    composeState: (parent, remote) => composeTenantState(parent as Tenant, remote),
    planResources: (parent, state) => planTenant(parent as Tenant, state),
    componentHealth: (parent, state) => tenantHealth(parent as Tenant, state),
    decorateStatus: (parent, state, health) => decorateTenantStatus(parent as Tenant, state, health),
    finalize: (parent, ctx) => finalizeTenant(opts.client, opts.recorder, parent as Tenant, ctx),
    // A spec that cannot work waits for an edit; everything else is revisited to repair drift.
    requeueAfter: (_parent, _state, health) => (health.some((h) => h.error?.category === 'InvalidSpec') ? undefined : resync),
  };
  return stateEngine({
    client: opts.client,
    resource: Tenants as unknown as Resource<KubeObject>,
    name: TENANT_CONTROLLER_NAME,
    recorder: opts.recorder,
    finalizer: TENANT_FINALIZER,
    pausedAnnotation: PAUSED_ANNOTATION,
    parentLabel: TENANT_LABEL,
    summaryField: 'phase',
    // The Tenant API has no status.observedGeneration; its conditions carry the generation.
    observedGenerationField: null,
    summaryNames: phaseOfState,
    gracePeriodMs: opts.gracePeriodMs,
    now: opts.now,
  }, steps);
}
