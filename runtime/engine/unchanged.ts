/**
 * Skipping server-side applies that would change nothing. An apply of the same desired object as
 * last time, against a live object that still holds every desired value, is a no-op: the engine
 * remembers what it last applied for each parent and compares with the (cached) live object.
 * Remembering the desired object, not just reading the live one, is what keeps removals working:
 * a field dropped from the desired object changes it, so that apply goes out and SSA removes the
 * field; and after a restart nothing is remembered, so the first reconcile applies everything.
 */
import type { KubeObject } from '../core/meta.ts';

/** True when every value of `desired` is in `live` (arrays element-wise, same length; null means absent). */
export function holdsDesired(live: unknown, desired: unknown): boolean {
  if (desired === null) return live === null || live === undefined;
  if (Array.isArray(desired)) {
    return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => holdsDesired(live[i], d));
  }
  if (typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) => v === undefined || holdsDesired(l[k], v));
  }
  return live === desired;
}

/** The identity of a planned object. */
export function objectKey(obj: KubeObject): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** What was last applied, successfully, for each parent: object key -> serialized desired object. */
export class AppliedMemory {
  readonly #byParent = new Map<string, Map<string, string>>();

  /** Whether `body` is exactly what was last applied for this parent. */
  same(parent: string, body: KubeObject): boolean {
    return this.#byParent.get(parent)?.get(objectKey(body)) === JSON.stringify(body);
  }

  /** Records a successful apply. */
  remember(parent: string, body: KubeObject): void {
    let objects = this.#byParent.get(parent);
    if (!objects) this.#byParent.set(parent, (objects = new Map()));
    objects.set(objectKey(body), JSON.stringify(body));
  }

  /** Forgets one object (deleted, or its apply failed). */
  forgetObject(parent: string, obj: KubeObject): void {
    this.#byParent.get(parent)?.delete(objectKey(obj));
  }

  /** Forgets a parent that is gone. */
  forgetParent(parent: string): void {
    this.#byParent.delete(parent);
  }
}
