/**
 * Webhooks of {{kind}} ({{fullGroup}}/{{version}}): plain functions the webhook server calls with
 * the object under admission. `+kubebuilder:webhook` markers below become the webhook
 * configurations in generated/webhook/manifests.yaml.
 */
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';
import type { AdmissionRequest, Converter, WebhookServer } from './server.ts';
