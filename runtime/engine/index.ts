/** The state engine: fetch, compose, plan, apply, health, conditions, events. */
export * from './errors.ts';
export * from './types.ts';
export * from './decision.ts';
export { stateEngine, isReconciliationPaused, type StateEngineOptions } from './engine.ts';
