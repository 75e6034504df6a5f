/** tsop runtime: public entry point. */
export * from './core/index.ts';
export type { int, int32, int64, float32, float64, Quantity, IntOrString, Time, MicroTime, Duration, Bytes, RawExtension, JSONValue } from './types.ts';
export * from './client/index.ts';
export * from './cache/index.ts';
