/** The contract between domain code and the state engine. */
import type { KubeObject } from '../core/meta.ts';
import type { Client } from '../client/types.ts';
import type { ReconcileContext } from '../controller/reconcile.ts';
import type { EngineError } from './errors.ts';

/** Health of one component, from best to worst: Ready, Progressing, Pending, NotAvailable, Degraded, Failed. */
export type ComponentState = 'Ready' | 'Progressing' | 'Pending' | 'NotAvailable' | 'Degraded' | 'Failed';

/** What domain code reports about one component. */
export interface ComponentHealth {
  /** CamelCase component name; the condition is `<component>Ready`. */
  component: string;
  state: ComponentState;
  reason?: string;
  message?: string;
  /** A categorized failure; when set, the engine derives state from its category. */
  error?: EngineError;
}

/** Objects to converge: applied with server-side apply, or deleted. */
export interface PlanResult {
  /** Applied with a controller reference to the parent. */
  apply: KubeObject[];
  /** Applied without owner reference (shared or cluster-scoped objects). */
  applyWithoutOwnerRef?: KubeObject[];
  /** Deleted if present. */
  delete?: KubeObject[];
  /**
   * The component a planned object belongs to. With it, a component-scoped error (ErrorScope)
   * holds back only that component's objects; without it, such an error holds back the whole plan.
   */
  componentOf?: (obj: KubeObject) => string | undefined;
}

/**
 * finalize's answer when cleanup has started but is not finished (e.g. waiting for a namespace to
 * disappear): like controller-runtime's Result{RequeueAfter}, a wait rather than an error.
 */
export interface FinalizePending {
  /** Revisit after this many milliseconds (watch events may come sooner). */
  requeueAfter: number;
  /** What is being waited for, for the log. */
  message?: string;
}

/** What every step receives. */
export interface EngineContext extends ReconcileContext {
  client: Client;
}

/**
 * Domain logic plugged into the engine. Only fetch, plan and health are required:
 * fetchRemoteState → composeState → planResources → apply → componentHealth → decorateStatus.
 */
export interface StateReconciler<P extends KubeObject, Remote, State = Remote> {
  /** Reads what the parent depends on and owns. Throwing categorizes the error (see categorizeError). */
  fetchRemoteState(parent: P, ctx: EngineContext): Promise<Remote>;
  /** Derives the domain state from the parent and remote state. Default: the remote state itself. */
  composeState?(parent: P, remote: Remote): State;
  /** The objects that should exist (and those that should not). */
  planResources(parent: P, state: State): PlanResult | Promise<PlanResult>;
  /** The health of each component. */
  componentHealth(parent: P, state: State): ComponentHealth[];
  /** Writes domain status fields on parent.status (conditions and the summary are the engine's). */
  decorateStatus?(parent: P, state: State, health: ComponentHealth[]): void;
  /**
   * Cleanup before the finalizer is removed on deletion. Resolving with nothing means done (the
   * finalizer goes); resolving with FinalizePending keeps the finalizer and revisits the parent
   * later without counting an error. Throwing is a failure, retried with backoff.
   */
  finalize?(parent: P, ctx: EngineContext): Promise<FinalizePending | void>;
  /** A revisit delay (e.g. polling progress); undefined for event-driven only. */
  requeueAfter?(parent: P, state: State, health: ComponentHealth[]): number | undefined;
}
