/** Controllers: the reconcile contract, sources and the worker loop. */
export * from './reconcile.ts';
export * from './source.ts';
export * from './controller.ts';
export * from './kind-source.ts';
