/** Leader election on coordination.k8s.io/v1 Leases. */
export * from './lease-lock.ts';
export * from './leader-elector.ts';
