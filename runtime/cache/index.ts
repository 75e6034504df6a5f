/** Informer machinery: list+watch reflector, indexed store, shared informers and the informer cache. */
export * from './backoff.ts';
export * from './watch-events.ts';
export * from './store.ts';
export * from './reflector.ts';
export * from './informer.ts';
export * from './informer-cache.ts';
export * from './pager.ts';
