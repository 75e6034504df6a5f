/**
 * Every webhook of the operator, registered on the manager's webhook server (it listens only
 * once a webhook is registered). `tsop create webhook` adds an import and a registration line
 * above the scaffold markers; keep the markers where they are.
 * +kubebuilder:webhookconfiguration:mutating=true,name={{projectName}}-mutating-webhook-configuration
 * +kubebuilder:webhookconfiguration:mutating=false,name={{projectName}}-validating-webhook-configuration
 */
import type { Manager } from 'tsop';
// +tsop:scaffold:imports

/** Adds every webhook of the operator to mgr's webhook server. */
export function registerWebhooks(mgr: Manager): void {
  // +tsop:scaffold:webhooks
  void mgr;
}
