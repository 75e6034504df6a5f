/**
 * Converging a plan: deletes, then server-side applies with the engine's labels and (for owned
 * objects) a controller reference. Applies that would change nothing are skipped (see
 * unchanged.ts), which keeps a steady-state reconcile free of writes.
 */
import type { KubeObject } from '../core/meta.ts';
import { isNotFound } from '../core/errors.ts';
import type { Client } from '../client/types.ts';
import type { Resource } from '../client/resource.ts';
import { setControllerReference } from '../helpers/owner-references.ts';
import type { EngineContext, PlanResult } from './types.ts';
import { AppliedMemory, holdsDesired } from './unchanged.ts';

/** What the applier needs from the engine's options. */
export interface PlanApplierOptions {
  client: Client;
  fieldManager: string;
  /** Value of the managed-by label: `<name>-controller`. */
  managedBy: string;
  /** Label carrying the parent's name. */
  parentLabel: string;
  /** Whether the parent kind is namespaced (for owner references). */
  parentNamespaced: boolean;
  resourceOf(obj: KubeObject): Resource<KubeObject>;
  /** Skip applies that would change nothing. */
  skipUnchanged: boolean;
}

/** Applies plans for one engine, remembering what it applied per parent. */
export class PlanApplier {
  readonly #opts: PlanApplierOptions;
  readonly #memory = new AppliedMemory();

  constructor(opts: PlanApplierOptions) {
    this.#opts = opts;
  }

  /** Deletes and applies `plan` for `parent`. */
  async apply(parent: KubeObject, plan: PlanResult, ctx: EngineContext): Promise<void> {
    const { client } = this.#opts;
    const parentKey = parentKeyOf(parent);
    for (const obj of plan.delete ?? []) {
      this.#memory.forgetObject(parentKey, obj);
      try {
        await client.delete(this.#opts.resourceOf(obj), { namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    let applied = 0;
    let skipped = 0;
    const write = async (obj: KubeObject, owned: boolean) => {
      const body = this.#desired(parent, obj, owned);
      if (await this.#unchanged(parentKey, body)) { skipped++; return; }
      this.#memory.forgetObject(parentKey, body);
      await client.apply(this.#opts.resourceOf(body), body, { fieldManager: this.#opts.fieldManager, force: true });
      if (this.#opts.skipUnchanged) this.#memory.remember(parentKey, body);
      applied++;
    };
    for (const obj of plan.apply) await write(obj, true);
    for (const obj of plan.applyWithoutOwnerRef ?? []) await write(obj, false);
    ctx.logger.debug({ applied, unchanged: skipped, deleted: plan.delete?.length ?? 0 }, 'plan applied');
  }

  /** Forgets what was applied for a parent that is gone. */
  forget(parent: { namespace?: string; name: string }): void {
    this.#memory.forgetParent(`${parent.namespace ?? ''}/${parent.name}`);
  }

  #desired(parent: KubeObject, obj: KubeObject, owned: boolean): KubeObject {
    const body = structuredClone(obj);
    body.metadata.labels = { ...body.metadata.labels, 'app.kubernetes.io/managed-by': this.#opts.managedBy, [this.#opts.parentLabel]: parent.metadata.name ?? '' };
    if (owned) setControllerReference(parent, body, { ownerNamespaced: this.#opts.parentNamespaced });
    return body;
  }

  /** Same desired object as last applied, and the live object (from the client's cache) still holds it. */
  async #unchanged(parentKey: string, body: KubeObject): Promise<boolean> {
    if (!this.#opts.skipUnchanged || !this.#memory.same(parentKey, body)) return false;
    try {
      const live = await this.#opts.client.get(this.#opts.resourceOf(body), { namespace: body.metadata.namespace, name: body.metadata.name ?? '' });
      return holdsDesired(live, body);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

function parentKeyOf(parent: KubeObject): string {
  return `${parent.metadata.namespace ?? ''}/${parent.metadata.name ?? ''}`;
}

/**
 * The plan without the objects of blocked components; undefined when components are blocked but
 * the plan cannot say which objects are theirs (then nothing is applied).
 */
export function withoutBlocked(plan: PlanResult, blocked: string[]): PlanResult | undefined {
  if (!blocked.length) return plan;
  const componentOf = plan.componentOf;
  if (!componentOf) return undefined;
  const keep = (obj: KubeObject) => !blocked.includes(componentOf(obj) ?? '');
  return { ...plan, apply: plan.apply.filter(keep), applyWithoutOwnerRef: plan.applyWithoutOwnerRef?.filter(keep), delete: plan.delete?.filter(keep) };
}
