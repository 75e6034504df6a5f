/** tsop runtime: public entry point. */
export * from './core/index.ts';
export type { int, int32, int64, float32, float64, Quantity, IntOrString, Time, MicroTime, Duration, Bytes, RawExtension, JSONValue } from './types.ts';
export * from './client/index.ts';
export * from './cache/index.ts';
export * from './log/index.ts';
export * from './queue/index.ts';
export * from './controller/index.ts';
// The cache exports the informer's EventHandler; the request-mapping one is renamed here.
export { enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc, ownerRequests, metaOf, type EventHandler as RequestEventHandler, type MapFunc, type OwnerKind, type OwnerHandlerOptions } from './handler/index.ts';
export * from './predicate/index.ts';
export * from './builder/index.ts';
export * from './helpers/index.ts';
export * from './metrics/index.ts';
export * from './health/index.ts';
export * from './leaderelection/index.ts';
export * from './manager/index.ts';
export * from './engine/index.ts';
export * from './events/index.ts';
export * from './webhook/index.ts';
