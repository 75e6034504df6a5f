/** Objects every cluster starts with: the system namespaces. */
import type { ApiContext } from './objects/context.ts';
import { createObject } from './objects/write.ts';
import { NAMESPACE_RESOURCE } from './resources/registry.ts';
import { objectKey } from './storage/types.ts';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates the system namespaces that do not exist yet. */
export async function seedDefaults(ctx: ApiContext): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    if (ctx.store.get(NAMESPACE_RESOURCE.storageKey, objectKey('', name))) continue;
    await createObject(ctx, NAMESPACE_RESOURCE, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}
