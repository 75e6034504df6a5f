/**
 * The controllers the server runs itself: garbage collector, namespace lifecycle, CRD cleanup,
 * quota, and the per-namespace defaults (the `default` ServiceAccount and the root CA ConfigMap).
 */
import type { ApiContext } from '../objects/context.ts';
import { startCrdCleanup } from './crd-cleanup.ts';
import { startGarbageCollector } from './gc.ts';
import { startNamespaceController } from './namespace.ts';
import { startResourceQuotaController } from './resource-quota.ts';
import { startRootCaPublisher } from './root-ca-publisher.ts';
import { startServiceAccountController } from './service-accounts.ts';

/** Running controllers; they react to store events. */
export interface Controllers {
  stop(): void;
}

/** What the controllers need beside the server state. */
export interface ControllerOptions {
  /** The cluster CA (PEM) the root CA publisher puts in every namespace; no publisher without it. */
  rootCaPem?: string;
}

/**
 * Starts every built-in controller. The per-namespace ones subscribe last: they write from within
 * store events, and the listeners before them have then seen the triggering event first.
 */
export function startControllers(ctx: ApiContext, opts: ControllerOptions = {}): Controllers {
  const stops = [startGarbageCollector(ctx), startNamespaceController(ctx), startCrdCleanup(ctx), startResourceQuotaController(ctx), startServiceAccountController(ctx)];
  if (opts.rootCaPem) stops.push(startRootCaPublisher(ctx, opts.rootCaPem));
  return { stop: () => { for (const s of stops) s(); } };
}
