/** Work queue: deduplicating, rate-limited, delaying; the heart of every controller. */
export * from './clock.ts';
export * from './rate-limiter.ts';
export * from './workqueue.ts';
