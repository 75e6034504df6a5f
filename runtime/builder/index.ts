/** The controller builder. */
export * from './builder.ts';
