/** Helpers shared by the server's controllers. */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { UserInfo } from '../extensions.ts';
import type { ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import type { ResourceType } from '../resources/types.ts';
import { objectKey } from '../storage/types.ts';

/** A stable identity of a stored object: resource and key. */
export function storeId(resource: string, obj: KubeObject): string {
  return `${resource}\u0000${objectKey(obj.metadata.namespace ?? '', obj.metadata.name!)}`;
}

/** Splits a storeId. */
export function splitId(id: string): { resource: string; key: string } {
  const i = id.indexOf('\u0000');
  return { resource: id.slice(0, i), key: id.slice(i + 1) };
}

/** Removes one finalizer (the object goes away if it was the last one on a deleting object). */
export async function removeFinalizer(ctx: ApiContext, rt: ResourceType, namespace: string | undefined, name: string, finalizer: string, user: UserInfo): Promise<void> {
  await updateObject(ctx, rt, namespace, name, (cur) => ({
    ...cur, metadata: { ...cur.metadata, finalizers: (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer) },
  }), { user });
}
