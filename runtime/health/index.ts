/** Health and readiness checks and the probe/metrics HTTP server. */
export * from './checks.ts';
export * from './server.ts';
