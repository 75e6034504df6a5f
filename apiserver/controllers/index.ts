/** The controllers the server runs itself: garbage collector, namespace lifecycle, CRD cleanup. */
import type { ApiContext } from '../objects/context.ts';
import { startCrdCleanup } from './crd-cleanup.ts';
import { startGarbageCollector } from './gc.ts';
import { startNamespaceController } from './namespace.ts';

/** Running controllers. */
export interface Controllers {
  /** Hook called after writes; the controllers are event-driven, so nothing is needed today. */
  kick(): void;
  stop(): void;
}

/** Starts every built-in controller. */
export function startControllers(ctx: ApiContext): Controllers {
  const stops = [startGarbageCollector(ctx), startNamespaceController(ctx), startCrdCleanup(ctx)];
  return { kick: () => {}, stop: () => { for (const s of stops) s(); } };
}
