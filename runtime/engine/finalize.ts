/**
 * The deletion path of the state engine: run the domain's finalize, then release the parent by
 * removing the engine's finalizer, unless finalize says cleanup is still under way.
 */
import type { KubeObject } from '../core/meta.ts';
import type { Client } from '../client/types.ts';
import type { Resource } from '../client/resource.ts';
import type { Result } from '../controller/reconcile.ts';
import { containsFinalizer, removeFinalizer } from '../helpers/finalizers.ts';
import type { EngineContext, FinalizePending } from './types.ts';

/** Runs finalize for a parent being deleted and removes the finalizer once it is done. */
export async function finalizeParent<P extends KubeObject>(
  client: Client, res: Resource<P>, finalizer: string, parent: P,
  finalize: ((parent: P, ctx: EngineContext) => Promise<FinalizePending | void>) | undefined, ctx: EngineContext,
): Promise<Result | void> {
  if (!containsFinalizer(parent, finalizer)) return;
  const pending = await finalize?.(parent, ctx);
  if (pending) {
    ctx.logger.info({ requeueAfter: pending.requeueAfter, waitingFor: pending.message }, 'finalization not finished; revisiting later');
    return pending.requeueAfter > 0 ? { requeueAfter: pending.requeueAfter } : { requeue: true };
  }
  removeFinalizer(parent, finalizer);
  await client.update(res, parent);
}
