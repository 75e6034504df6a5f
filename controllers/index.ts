/**
 * The operators of this project. `tsop run` and `tsop dev` register every entry below in one
 * manager; each operator lists the CRDs it needs so the commands can check (or install) them.
 * To add an operator: one import and one entry in `operators`.
 */
import type { Manager, Resource } from '../runtime/index.ts';
import { locustCrds, locustResources, registerLocustControllers, registerLocustWebhooks } from './locust/index.ts';
import { registerSandboxControllers, sandboxCrds, sandboxResources } from './sandbox/index.ts';
import { registerTenantControllers, tenantCrds, tenantResources } from './tenant/index.ts';
import { drSyncerCrds, drSyncerResources, registerDrSyncerControllers } from './drsyncer/index.ts';

/** Settings shared by every operator's registration. */
export interface RegisterOptions {
  /** Clock for status timestamps (tests). */
  now?: () => Date;
}

/** One operator: how to register it and what it needs from the cluster. */
export interface OperatorEntry {
  /** Short name (`locust`), used in logs and to select operators. */
  name: string;
  /** Names of the CRDs it reconciles (metadata.name, e.g. `locusttests.locust.io`). */
  crds: readonly string[];
  /** Resources it reconciles or watches. */
  resources: readonly Resource[];
  /** Adds its controllers to the manager. */
  register(mgr: Manager, opts: RegisterOptions): void;
  /** Adds its admission and conversion webhooks to the manager's webhook server, when it has any. */
  registerWebhooks?(mgr: Manager): void;
  /**
   * CRDs (metadata.name) whose versions convert through the webhook server's `/convert`: their
   * `spec.conversion` must point at the server wherever the webhooks are served.
   */
  conversionCrds?: readonly string[];
}

/** Every operator of the project, in registration order. */
export const operators: OperatorEntry[] = [
  { name: 'locust', crds: locustCrds, resources: locustResources, register: (mgr, opts) => { registerLocustControllers(mgr, opts); }, registerWebhooks: registerLocustWebhooks, conversionCrds: locustCrds },
  { name: 'sandbox', crds: sandboxCrds, resources: sandboxResources, register: (mgr, opts) => { registerSandboxControllers(mgr, opts); } },
  { name: 'tenant', crds: tenantCrds, resources: tenantResources, register: (mgr, opts) => { registerTenantControllers(mgr, opts); } },
  { name: 'drsyncer', crds: drSyncerCrds, resources: drSyncerResources, register: (mgr, opts) => { registerDrSyncerControllers(mgr, opts); } },
];

/** Picks operators by name; all when `names` is empty or absent. Unknown names throw. */
export function selectOperators(names?: readonly string[]): OperatorEntry[] {
  if (!names?.length) return operators;
  const unknown = names.filter((n) => !operators.some((o) => o.name === n));
  if (unknown.length) throw new Error(`unknown operator(s): ${unknown.join(', ')} (known: ${operators.map((o) => o.name).join(', ')})`);
  return operators.filter((o) => names.includes(o.name));
}

/** Options of registerAll. */
export interface RegisterAllOptions extends RegisterOptions {
  /** Operator names to register; all when empty or absent. */
  only?: readonly string[];
  /** Also register their webhooks (the caller makes the webhook server reachable and configures the cluster). */
  webhooks?: boolean;
}

/** Registers the selected operators (all by default) in mgr; returns what was registered. */
export function registerAll(mgr: Manager, opts: RegisterAllOptions = {}): OperatorEntry[] {
  const chosen = selectOperators(opts.only);
  for (const op of chosen) {
    op.register(mgr, opts);
    if (opts.webhooks) op.registerWebhooks?.(mgr);
  }
  return chosen;
}

/** The selected operators that have webhooks. */
export function operatorsWithWebhooks(only?: readonly string[]): OperatorEntry[] {
  return selectOperators(only).filter((o) => o.registerWebhooks);
}

/** The CRD names the selected operators need, deduplicated. */
export function requiredCrds(only?: readonly string[]): string[] {
  return [...new Set(selectOperators(only).flatMap((o) => o.crds))];
}

/** Where `tsop generate` writes a CRD: `<group>_<plural>.yaml` under generated/crds/. */
export function crdFileName(crdName: string): string {
  const dot = crdName.indexOf('.');
  return `${crdName.slice(dot + 1)}_${crdName.slice(0, dot)}.yaml`;
}
