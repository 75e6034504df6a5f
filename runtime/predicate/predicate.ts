/**
 * Predicates filter events before handlers see them, e.g. to skip status-only updates. A missing
 * method lets that event type through.
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';
import { metaOf } from '../handler/handler.ts';

/** Decides per event type whether an event passes. */
export interface Predicate<T extends ApiObject = KubeObject> {
  create?(obj: T): boolean;
  update?(oldObj: T, newObj: T): boolean;
  delete?(obj: T): boolean;
  generic?(obj: T): boolean;
}

/** Event types a predicate can be asked about. */
export type EventType = 'create' | 'update' | 'delete' | 'generic';

/** Evaluates a predicate for one event. */
export function passes<T extends ApiObject>(p: Predicate<T>, type: EventType, obj: T, oldObj?: T): boolean {
  switch (type) {
    case 'create': return p.create ? p.create(obj) : true;
    case 'delete': return p.delete ? p.delete(obj) : true;
    case 'generic': return p.generic ? p.generic(obj) : true;
    case 'update': return p.update ? p.update(oldObj ?? obj, obj) : true;
  }
}

/** A predicate applying fn to the object of every event (the new object on update). */
export function predicateFromFunc<T extends ApiObject = KubeObject>(fn: (obj: T) => boolean): Predicate<T> {
  return { create: fn, update: (_o, n) => fn(n), delete: fn, generic: fn };
}

/** Passes updates whose metadata.generation changed (spec changes, not status); others pass. */
export function generationChanged<T extends ApiObject = KubeObject>(): Predicate<T> {
  return { update: (o, n) => metaOf(o).generation !== metaOf(n).generation };
}

/** Passes updates whose metadata.resourceVersion changed (drops resync no-ops); others pass. */
export function resourceVersionChanged<T extends ApiObject = KubeObject>(): Predicate<T> {
  return { update: (o, n) => metaOf(o).resourceVersion !== metaOf(n).resourceVersion };
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => Object.hasOwn(b ?? {}, k) && a![k] === b![k]);
}

/** Passes updates whose labels changed; others pass. */
export function labelChanged<T extends ApiObject = KubeObject>(): Predicate<T> {
  return { update: (o, n) => !sameMap(metaOf(o).labels, metaOf(n).labels) };
}

/** Passes updates whose annotations changed; others pass. */
export function annotationChanged<T extends ApiObject = KubeObject>(): Predicate<T> {
  return { update: (o, n) => !sameMap(metaOf(o).annotations, metaOf(n).annotations) };
}

/** Passes events when every predicate passes. */
export function and<T extends ApiObject = KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return combine(ps, (results) => results.every(Boolean));
}

/** Passes events when any predicate passes. */
export function or<T extends ApiObject = KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return combine(ps, (results) => results.some(Boolean));
}

/** Passes events the given predicate rejects. */
export function not<T extends ApiObject = KubeObject>(p: Predicate<T>): Predicate<T> {
  return combine([p], (results) => !results[0]);
}

function combine<T extends ApiObject>(ps: Predicate<T>[], fold: (r: boolean[]) => boolean): Predicate<T> {
  return {
    create: (obj) => fold(ps.map((p) => passes(p, 'create', obj))),
    update: (o, n) => fold(ps.map((p) => passes(p, 'update', n, o))),
    delete: (obj) => fold(ps.map((p) => passes(p, 'delete', obj))),
    generic: (obj) => fold(ps.map((p) => passes(p, 'generic', obj))),
  };
}
