/**
 * The deletion path of the state engine: run the domain's finalize, then release the parent by
 * removing the engine's finalizer, unless finalize says cleanup is still under way.
 */
import type { KubeObject } from '../core/meta.ts';
import type { Client } from '../client/types.ts';
import type { Resource } from '../client/resource.ts';
import type { Result } from '../controller/reconcile.ts';
import { isConflict, isInvalid, isNotFound } from '../core/errors.ts';
import { containsFinalizer } from '../helpers/finalizers.ts';
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
  return releaseFinalizer(client, res, parent, finalizer, ctx);
}

/**
 * Removes the finalizer with a JSON patch guarded by a test of the finalizer list, not an update
 * at the parent's resourceVersion: finalize may have written the parent (its status, say), which
 * makes that version stale, while a concurrent change of the finalizers still fails the patch.
 * A failed test means the list moved on (often: an earlier reconcile already removed it, and the
 * cache had not caught up), so the parent is looked at again rather than reported as an error.
 */
async function releaseFinalizer<P extends KubeObject>(client: Client, res: Resource<P>, parent: P, finalizer: string, ctx: EngineContext): Promise<Result | void> {
  const current = parent.metadata.finalizers ?? [];
  const remaining = current.filter((f) => f !== finalizer);
  const key = { namespace: parent.metadata.namespace, name: parent.metadata.name ?? '' };
  const patch = [
    { op: 'test', path: '/metadata/finalizers', value: current },
    { op: 'replace', path: '/metadata/finalizers', value: remaining },
  ];
  try {
    await client.patch(res, key, patch, { type: 'json' });
  } catch (err) {
    if (isNotFound(err)) return;
    if (isInvalid(err) || isConflict(err)) {
      ctx.logger.debug({ err: (err as Error).message }, 'finalizers changed since read; revisiting');
      return { requeue: true };
    }
    throw err;
  }
}
