/**
 * The LocalWorkload reconciler: reads the agent's heartbeat annotation, derives the connection
 * state, and comes back exactly when a fresh heartbeat would turn stale, so the workload flips to
 * Disconnected without any event announcing it.
 */
import type { LocalWorkload, LocalWorkloadStatus } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import {
  createMergePatch, isNotFound, type Client, type EventRecorder, type ReconcileContext, type Request, type Result,
} from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, DEFAULT_STALENESS_TIMEOUT_SECONDS, evaluateHeartbeat } from './heartbeat.ts';
import { asObject, LocalWorkloads, Sandboxes } from './kinds.ts';
import { applyWorkloadObservation } from './localworkload-status.ts';

// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=localworkloads,verbs=get;list;watch
// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=localworkloads/status,verbs=get;update;patch

/** What the LocalWorkload reconciler works with. */
export interface LocalWorkloadReconcilerDeps {
  client: Client;
  recorder: EventRecorder;
  /** The clock; tests move it to age heartbeats without waiting. */
  now?: () => Date;
}

/** Reconciles LocalWorkloads; see the module comment. */
export class LocalWorkloadReconciler {
  readonly #d: LocalWorkloadReconcilerDeps;

  constructor(deps: LocalWorkloadReconcilerDeps) {
    this.#d = deps;
  }

  /** One reconcile of the LocalWorkload named by req. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const { client } = this.#d;
    let lw: LocalWorkload;
    try {
      lw = await client.get(LocalWorkloads, req);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const obj = asObject(lw, 'LocalWorkload');
    if (obj.metadata.deletionTimestamp || !lw.spec) return;
    const now = this.#d.now?.() ?? new Date();
    const timeoutSeconds = lw.spec.stalenessTimeoutSeconds ?? DEFAULT_STALENESS_TIMEOUT_SECONDS;
    const heartbeat = evaluateHeartbeat(obj.metadata.annotations?.[ANNOTATION_HEARTBEAT], timeoutSeconds, now);
    const sandbox = await this.#sandbox(req.namespace, lw.spec.sandboxRef.name);
    const status: LocalWorkloadStatus = structuredClone(lw.status ?? {});
    const events = applyWorkloadObservation(lw, status, { sandbox, heartbeat, timeoutSeconds }, now);
    const patch = createMergePatch({ status: lw.status ?? {} }, { status });
    if (patch !== undefined) await client.patchStatus(LocalWorkloads, req, patch, { type: 'merge' });
    for (const e of events) this.#d.recorder.event(obj, e.type, e.reason, e.message);
    if (status.phase !== (lw.status?.phase ?? 'Pending')) ctx.logger.info({ phase: status.phase }, 'connection state changed');
    if (heartbeat.kind === 'fresh' && status.phase === 'Connected') return { requeueAfter: heartbeat.staleInMs };
  }

  async #sandbox(namespace: string, name: string): Promise<Sandbox | undefined> {
    try {
      return await this.#d.client.get(Sandboxes, { namespace, name });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
