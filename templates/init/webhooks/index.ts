/**
 * Every webhook of the operator. `tsop create webhook` adds an import and a registration line
 * above the scaffold markers; keep the markers where they are.
 * +kubebuilder:webhookconfiguration:mutating=true,name={{projectName}}-mutating-webhook-configuration
 * +kubebuilder:webhookconfiguration:mutating=false,name={{projectName}}-validating-webhook-configuration
 */
import { WebhookServer } from './server.ts';
// +tsop:scaffold:imports

/** A server with every webhook of the operator registered. */
export function webhookServer(): WebhookServer {
  const server = new WebhookServer();
  // +tsop:scaffold:webhooks
  return server;
}
