/**
 * A source of events for one kind: a shared informer's changes, filtered by predicates and turned
 * into requests by a handler. Registration is per controller run, so a controller restarted after
 * regaining leadership gets the informer's current contents replayed as adds.
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';
import type { SharedInformer } from '../cache/informer.ts';
import type { EventHandler } from '../handler/handler.ts';
import { passes, type Predicate } from '../predicate/predicate.ts';
import type { RequestQueue, Source } from './source.ts';

/** The informer surface a kind source needs. */
export type InformerLike<T extends ApiObject> = Pick<SharedInformer<T>, 'addEventHandler' | 'waitForSync'>;

/** Builds a source from an informer, a handler and predicates (all must pass). */
export function kindSource<T extends ApiObject>(informer: InformerLike<T>, handler: EventHandler<T>, predicates: Predicate<T>[] = [], description = 'kind'): Source {
  const ok = (type: 'create' | 'update' | 'delete', obj: T, old?: T) => predicates.every((p) => passes(p, type, obj, old));
  return {
    start(queue: RequestQueue, signal: AbortSignal) {
      const reg = informer.addEventHandler({
        onAdd: (obj) => { if (ok('create', obj)) handler.create?.(obj, queue); },
        onUpdate: (oldObj, newObj) => { if (ok('update', newObj, oldObj)) handler.update?.(oldObj, newObj, queue); },
        onDelete: (obj) => { if (ok('delete', obj)) handler.delete?.(obj, queue); },
      });
      signal.addEventListener('abort', () => reg.remove(), { once: true });
    },
    waitForSync: (signal) => informer.waitForSync(signal),
    describe: () => description,
  };
}
