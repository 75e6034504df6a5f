/** The manager: hosts controllers, cache, client, leader election and endpoints. */
export * from './runnable.ts';
export * from './signals.ts';
export * from './manager.ts';
