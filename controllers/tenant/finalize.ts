/**
 * Deletion: the tenant shows Terminating, its namespace (and with it everything inside) is deleted,
 * and the finalizer stays until the namespace is really gone.
 */
import { Namespaces, isNotFound, type Client, type EngineContext, type EventRecorder, type FinalizePending, type KubeObject } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { TENANT_LABEL, Tenants, asObject, childNames } from './kinds.ts';
import { TenantPhase } from './status.ts';

/**
 * How often a terminating namespace is looked at again. The namespace watch wakes the tenant as
 * soon as it is gone; this is the fallback should that event be missed.
 */
export const NAMESPACE_DELETION_POLL_MS = 2_000;

/** Finalizes a tenant: done once its namespace no longer exists, pending while it terminates. */
export async function finalizeTenant(client: Client, recorder: EventRecorder | undefined, t: Tenant, ctx: EngineContext): Promise<FinalizePending | void> {
  const tenant = t.metadata!.name!;
  if (t.status?.phase !== TenantPhase.Terminating) {
    const updated = await client.patchStatus(Tenants, { name: tenant }, { status: { phase: TenantPhase.Terminating } }, { type: 'merge' });
    t.status = updated.status;
    recorder?.event(asObject(t), 'Normal', 'Terminating', 'Tenant is being deleted');
  }
  const name = t.status?.namespace || childNames(tenant).namespace;
  let ns: KubeObject;
  try {
    ns = await client.get(Namespaces, { name });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  // Only a namespace made for this tenant is removed; anything else of that name is left alone.
  if (ns.metadata.labels?.[TENANT_LABEL] !== tenant) {
    ctx.logger.info({ namespace: name }, 'namespace not labelled for this tenant; leaving it');
    return;
  }
  if (!ns.metadata.deletionTimestamp) {
    await client.delete(Namespaces, { name }, { preconditions: { uid: ns.metadata.uid } }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    recorder?.event(asObject(t), 'Normal', 'DeletingNamespace', `Deleting namespace ${name}`);
  }
  return { requeueAfter: NAMESPACE_DELETION_POLL_MS, message: `namespace ${name} to be deleted` };
}
