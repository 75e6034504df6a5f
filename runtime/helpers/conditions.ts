/**
 * Status conditions with metav1 semantics: one entry per type; lastTransitionTime moves only when
 * the status flips, while reason, message and observedGeneration always follow the latest write.
 */
import type { Condition } from '../core/meta.ts';

/** A condition to set; lastTransitionTime defaults to now when the status changes. */
export type ConditionInput = Omit<Condition, 'lastTransitionTime'> & { lastTransitionTime?: string };

/** RFC 3339 second-precision timestamp, as metav1.Time serialises. */
export function rfc3339Now(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Sets a condition in conditions (mutating the array), returning true when anything changed.
 * A new type or a status flip stamps lastTransitionTime; otherwise the old time is kept.
 */
export function setStatusCondition(conditions: Condition[], input: ConditionInput, now: Date = new Date()): boolean {
  const existing = conditions.find((c) => c.type === input.type);
  if (!existing) {
    const c: Condition = { type: input.type, status: input.status, lastTransitionTime: input.lastTransitionTime ?? rfc3339Now(now), reason: input.reason, message: input.message };
    if (input.observedGeneration !== undefined) c.observedGeneration = input.observedGeneration;
    conditions.push(c);
    return true;
  }
  let changed = false;
  if (existing.status !== input.status) {
    existing.status = input.status;
    existing.lastTransitionTime = input.lastTransitionTime ?? rfc3339Now(now);
    changed = true;
  }
  if (existing.reason !== input.reason) { existing.reason = input.reason; changed = true; }
  if (existing.message !== input.message) { existing.message = input.message; changed = true; }
  if (input.observedGeneration !== undefined && existing.observedGeneration !== input.observedGeneration) {
    existing.observedGeneration = input.observedGeneration;
    changed = true;
  }
  return changed;
}

/** Removes the condition of type; returns true when it was present. */
export function removeStatusCondition(conditions: Condition[], type: string): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i < 0) return false;
  conditions.splice(i, 1);
  return true;
}

/** The condition of type, if present. */
export function findStatusCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition of type is present with the given status. */
export function isStatusConditionPresentAndEqual(conditions: Condition[] | undefined, type: string, status: Condition['status']): boolean {
  return findStatusCondition(conditions, type)?.status === status;
}

/** True when the condition of type is present and True. */
export function isStatusConditionTrue(conditions: Condition[] | undefined, type: string): boolean {
  return isStatusConditionPresentAndEqual(conditions, type, 'True');
}

/** True when the condition of type is present and False. */
export function isStatusConditionFalse(conditions: Condition[] | undefined, type: string): boolean {
  return isStatusConditionPresentAndEqual(conditions, type, 'False');
}
