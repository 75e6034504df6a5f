/** Kubernetes Event recording with aggregation and spam protection. */
export * from './recorder.ts';
export * from './token-buckets.ts';
