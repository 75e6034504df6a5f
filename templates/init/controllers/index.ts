/**
 * Every controller of the operator. `tsop create api` adds an import and a registration line
 * above the scaffold markers; keep the markers where they are.
 */
import type { Manager } from 'tsop';
// +tsop:scaffold:imports

/** Adds every controller of the operator to mgr. */
export function registerControllers(mgr: Manager): void {
  // +tsop:scaffold:controllers
  void mgr;
}
