/** Event handlers: objects to reconcile requests. */
export * from './handler.ts';
