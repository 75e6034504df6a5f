/** Prometheus metrics with controller-runtime's names. */
export * from './runtime-metrics.ts';
