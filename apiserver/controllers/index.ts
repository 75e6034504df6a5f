/** The controllers the server runs itself: garbage collector, namespace lifecycle, CRD cleanup, quota. */
import type { ApiContext } from '../objects/context.ts';
import { startCrdCleanup } from './crd-cleanup.ts';
import { startGarbageCollector } from './gc.ts';
import { startNamespaceController } from './namespace.ts';
import { startResourceQuotaController } from './resource-quota.ts';

/** Running controllers; they react to store events. */
export interface Controllers {
  stop(): void;
}

/** Starts every built-in controller. */
export function startControllers(ctx: ApiContext): Controllers {
  const stops = [startGarbageCollector(ctx), startNamespaceController(ctx), startCrdCleanup(ctx), startResourceQuotaController(ctx)];
  return { stop: () => { for (const s of stops) s(); } };
}
