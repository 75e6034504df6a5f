/** Admission (defaulting, validation) and conversion webhooks served over TLS by the manager. */
export * from './review.ts';
export * from './paths.ts';
export * from './admission.ts';
export * from './conversion.ts';
export * from './server.ts';
