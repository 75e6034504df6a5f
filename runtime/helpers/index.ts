/** Reconcile helpers: finalizers, owner references, conditions, get-mutate-write and apply. */
export * from './finalizers.ts';
export * from './owner-references.ts';
export * from './conditions.ts';
export * from './merge-patch.ts';
export * from './create-or-update.ts';
