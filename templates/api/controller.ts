/**
 * The {{kind}} controller: brings the cluster to the state a {{kind}} asks for, then reports
 * what it observed in the {{kind}}'s status.
 */
import {
  controllerFor, isNotFound, setStatusCondition, type Client, type Controller, type Manager,
  type ReconcileContext, type Request, type Result,
} from 'tsop';
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';
import { {{kind}}Resource } from '../generated/clients/index.ts';

// +kubebuilder:rbac:groups={{fullGroup}},resources={{plural}},verbs=get;list;watch;create;update;patch;delete
// +kubebuilder:rbac:groups={{fullGroup}},resources={{plural}}/status,verbs=get;update;patch
// +kubebuilder:rbac:groups={{fullGroup}},resources={{plural}}/finalizers,verbs=update

/** Reconciles {{kind}} objects. */
export class {{kind}}Reconciler {
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
  }

  /** One pass for the {{kind}} named by req; throwing retries with backoff. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    let obj: {{kind}};
    try {
      obj = await this.#client.get({{kind}}Resource, req);
    } catch (err) {
      // Deleted since the event was queued: owned objects go with it through garbage collection.
      if (isNotFound(err)) return;
      throw err;
    }
    if (obj.metadata?.deletionTimestamp) return;

    // Create or update the objects this {{kind}} owns here.

    const conditions = [...(obj.status?.conditions ?? [])];
    const generation = obj.metadata?.generation;
    const changed = setStatusCondition(conditions, {
      type: 'Available', status: 'True', reason: 'Reconciled', message: '{{kind}} is reconciled', observedGeneration: generation,
    });
    if (!changed && obj.status?.observedGeneration === generation) return;
    await this.#client.patchStatus({{kind}}Resource, req, { status: { observedGeneration: generation, conditions } }, { type: 'merge' });
    ctx.logger.info({ generation }, '{{kind}} reconciled');
  }
}

/** Adds the {{kind}} controller to mgr. */
export function register{{kind}}Controller(mgr: Manager): Controller {
  const reconciler = new {{kind}}Reconciler(mgr.client);
  return controllerFor(mgr, {{kind}}Resource)
    .named('{{kindLower}}')
    .complete(reconciler);
}
