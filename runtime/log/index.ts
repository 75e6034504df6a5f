/** Logging helpers (pino). */
export * from './logger.ts';
