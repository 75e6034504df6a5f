/**
 * The state engine: a reconciler built from domain steps. Each run reads the parent, then
 * fetches remote state → composes → plans → decides (error categories, grace period) → deletes and
 * server-side applies → sets Ready, per-component and error conditions → emits events for
 * condition transitions → writes status only if it changed.
 */
import type { Condition, KubeObject } from '../core/meta.ts';
import { isConflict, isNotFound } from '../core/errors.ts';
import type { Client } from '../client/types.ts';
import type { Resource } from '../client/resource.ts';
import { apiVersionOf } from '../client/resource.ts';
import { ResourceRegistry } from '../client/builtins.ts';
import { statusError } from '../core/errors.ts';
import type { EventRecorder } from '../events/recorder.ts';
import type { ReconcileContext, Reconciler, Request, Result } from '../controller/reconcile.ts';
import { TerminalError } from '../controller/reconcile.ts';
import { addFinalizer } from '../helpers/finalizers.ts';
import { finalizeParent } from './finalize.ts';
import { PlanApplier, withoutBlocked } from './apply.ts';
import { setStatusCondition } from '../helpers/conditions.ts';
import { jsonEqual } from '../helpers/merge-patch.ts';
import { categorizeApplyError, categorizeError, type EngineError } from './errors.ts';
import { ConditionTypes, decide } from './decision.ts';
import type { ComponentHealth, ComponentState, EngineContext, StateReconciler } from './types.ts';

/** Options of a state engine. */
export interface StateEngineOptions {
  client: Client;
  /** The parent kind. */
  resource: Resource<KubeObject>;
  /** Controller name, used in the managed-by label: `<name>-controller`. */
  name: string;
  /** Field manager of server-side apply. Default `<name>-controller`. */
  fieldManager?: string;
  /** Records condition transitions and recurring errors as Events. */
  recorder?: EventRecorder;
  /** Annotation that pauses reconciliation when exactly "true". Default `tsop.io/reconciliation-paused`. */
  pausedAnnotation?: string;
  /** Finalizer that guards finalize(); omitted = no finalizer. */
  finalizer?: string;
  /** Infrastructure errors leave components Progressing this long before Degraded. Default 10 000 ms. */
  gracePeriodMs?: number;
  /** Status field receiving the summary state; null disables. Default 'status'. */
  summaryField?: string | null;
  /**
   * Status field receiving metadata.generation on every reconcile. Default 'observedGeneration',
   * the usual field; null for APIs whose status schema has no such field, where the server would
   * prune it and each reconcile would then see a changed status and write it again.
   */
  observedGenerationField?: string | null;
  /** Renames summary states (e.g. Progressing→Starting, Ready→Running). */
  summaryNames?: Partial<Record<ComponentState, string>>;
  /** Label carrying the parent's name on applied objects. Default `<group>/<name>.name`. */
  parentLabel?: string;
  /**
   * Skip server-side applies that would change nothing: the same desired object as last applied
   * for the parent, with every desired value still in the live object read through the client
   * (with the manager's client, the informer cache; one is started for a planned kind nothing
   * watches yet). Default true; false applies every planned object on every reconcile.
   */
  skipUnchangedApplies?: boolean;
  /** Descriptors of planned kinds. Default the built-ins; register custom kinds here. */
  resources?: ResourceRegistry;
  now?: () => Date;
}

/** True when the paused annotation is exactly "true". */
export function isReconciliationPaused(obj: KubeObject, annotation = 'tsop.io/reconciliation-paused'): boolean {
  return obj.metadata.annotations?.[annotation] === 'true';
}

/** Builds a Reconciler from domain steps; plug it into the builder's complete(). */
export function stateEngine<P extends KubeObject, Remote, State = Remote>(opts: StateEngineOptions, steps: StateReconciler<P, Remote, State>): Reconciler {
  const res = opts.resource as Resource<P>;
  const now = opts.now ?? (() => new Date());
  const fieldManager = opts.fieldManager ?? `${opts.name}-controller`;
  const parentLabel = opts.parentLabel ?? `${opts.resource.group || 'core'}/${opts.name}.name`;
  const registry = opts.resources ?? new ResourceRegistry();
  registry.register(opts.resource);
  const resourceOf = (obj: KubeObject): Resource<KubeObject> => {
    const r = registry.lookup(obj.apiVersion ?? '', obj.kind ?? '');
    if (!r) throw new TerminalError(statusError('BadRequest', { message: `no resource registered for ${obj.apiVersion} ${obj.kind}; add it to StateEngineOptions.resources` }));
    return r as Resource<KubeObject>;
  };

  const applier = new PlanApplier({
    client: opts.client, fieldManager, managedBy: `${opts.name}-controller`, parentLabel, parentNamespaced: opts.resource.namespaced,
    resourceOf, skipUnchanged: opts.skipUnchangedApplies ?? true,
  });

  async function reconcile(req: Request, rctx: ReconcileContext): Promise<Result | void> {
    const ctx: EngineContext = { ...rctx, client: opts.client };
    let parent: P;
    try {
      parent = await opts.client.get(res, { namespace: req.namespace || undefined, name: req.name });
    } catch (err) {
      if (isNotFound(err)) { applier.forget(req); return; }
      throw err;
    }
    parent.apiVersion ??= apiVersionOf(opts.resource);
    parent.kind ??= opts.resource.kind;
    if (isReconciliationPaused(parent, opts.pausedAnnotation)) {
      ctx.logger.info('reconciliation paused by annotation');
      return;
    }
    if (opts.finalizer) {
      if (parent.metadata.deletionTimestamp) {
        return finalizeParent(opts.client, res, opts.finalizer, parent, steps.finalize?.bind(steps), ctx);
      }
      if (addFinalizer(parent, opts.finalizer)) parent = await opts.client.update(res, parent);
    } else if (parent.metadata.deletionTimestamp) {
      return;
    }

    const before = structuredClone((parent.status ?? {}) as Record<string, unknown>);
    const status = ((parent as KubeObject).status ??= {}) as Record<string, unknown> & { conditions?: Condition[] };
    status.conditions ??= [];
    const at = now();
    let state: State | undefined;
    let health: ComponentHealth[];
    try {
      const remote = await steps.fetchRemoteState(parent, ctx);
      state = steps.composeState ? steps.composeState(parent, remote) : (remote as unknown as State);
      health = steps.componentHealth(parent, state);
    } catch (err) {
      const e = categorizeError(err);
      health = [{ component: e.component ?? 'Dependencies', state: 'Pending', error: e }];
    }
    let decision = decide({ health, conditions: status.conditions, generation: parent.metadata.generation, now: at, gracePeriodMs: opts.gracePeriodMs });
    let failure: EngineError | undefined = decision.retryError;
    /** Revisit soon through the rate limiter: a write conflict, or a namespace missing at write time. */
    let retrySoon = false;
    if (decision.apply && state !== undefined) {
      try {
        const plan = withoutBlocked(await steps.planResources(parent, state), decision.blockedComponents);
        if (plan) await applier.apply(parent, plan, ctx);
        else ctx.logger.debug({ blocked: decision.blockedComponents }, 'apply held back: the plan does not say which objects belong to the blocked components');
      } catch (err) {
        const outcome = categorizeApplyError(err, 'Apply');
        if (outcome.kind === 'conflict') {
          ctx.logger.debug({ err: (err as Error).message }, 'write conflict while applying; retrying');
          retrySoon = true;
        } else {
          const e = outcome.error;
          if (e.category === 'Infrastructure') failure = e;
          else retrySoon = e.category === 'MissingUpstreamDependency';
          decision = decide({ health: [...health, { component: e.component ?? 'Apply', state: 'Progressing', error: e }], conditions: status.conditions, generation: parent.metadata.generation, now: at, gracePeriodMs: opts.gracePeriodMs });
        }
      }
    }
    const previous = new Map(status.conditions.map((c) => [c.type, c.status] as const));
    for (const c of decision.conditions) setStatusCondition(status.conditions, c, at);
    if (opts.summaryField !== null) status[opts.summaryField ?? 'status'] = opts.summaryNames?.[decision.summary] ?? decision.summary;
    if (opts.observedGenerationField !== null) status[opts.observedGenerationField ?? 'observedGeneration'] = parent.metadata.generation;
    if (state !== undefined) steps.decorateStatus?.(parent, state, decision.health);

    for (const c of status.conditions) {
      const was = previous.get(c.type);
      if (was !== undefined && was !== c.status) {
        opts.recorder?.event(parent, c.status === 'False' ? 'Warning' : 'Normal', c.reason, `${c.type} changed to ${c.status}: ${c.message}`.trim());
        ctx.logger.info({ condition: c.type, from: was, to: c.status, reason: c.reason }, 'condition changed');
      }
    }
    for (const h of decision.health) if (h.error) opts.recorder?.event(parent, 'Warning', h.error.reason, h.error.message);

    if (!jsonEqual(before, status)) {
      try {
        await opts.client.updateStatus(res, parent);
      } catch (err) {
        // A newer version exists and will trigger its own reconcile.
        if (isConflict(err)) return;
        throw err;
      }
    }
    if (failure) throw failure;
    if (retrySoon) return { requeue: true };
    const terminal = decision.health.find((h) => h.error && (h.error.category === 'Auth' || h.error.category === 'InvalidSpec'));
    if (terminal) ctx.logger.info({ reason: terminal.error!.reason }, 'not retrying until the object or its dependencies change');
    const after = state !== undefined ? steps.requeueAfter?.(parent, state, decision.health) : undefined;
    return after ? { requeueAfter: after } : undefined;
  }

  return { reconcile };
}
