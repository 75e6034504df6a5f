/** Event predicates and combinators. */
export * from './predicate.ts';
