/**
 * Webhooks of {{kind}} ({{fullGroup}}/{{version}}): plain functions the manager's webhook server
 * calls with the object under admission. The `+kubebuilder:webhook` markers below become the
 * webhook configurations in generated/webhook/manifests.yaml.
 */
import { invalid, type AdmissionRequest, type Manager, type SpokeConversion, type StatusCause, type ValidateFns } from 'tsop';
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';
import { {{kind}}Resource } from '../generated/clients/index.ts';
