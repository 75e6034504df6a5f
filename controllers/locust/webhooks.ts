/**
 * The LocustTest webhooks on the manager's webhook server: v1 <-> v2 conversion at `/convert` and
 * validation at `/validate-locust-io-v2-locusttest`, and the CRD `spec.conversion` that sends
 * conversions to the server (what a kustomize patch adds to the CRD in a cluster).
 */
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import type { Manager } from '../../runtime/index.ts';
import { LocustTests } from './kinds.ts';
import { locustV1Conversion } from './webhook-conversion.ts';
import { locustTestValidator } from './webhook-validation.ts';

/** Where the API server reaches the webhook server: a URL, or a Service in the cluster. */
export type WebhookClientConfig =
  | { url: string; caBundle?: string }
  | { service: { namespace: string; name: string; path?: string; port?: number }; caBundle?: string };

/** Registers the LocustTest conversion and validating webhooks on mgr's webhook server. */
export function registerLocustWebhooks(mgr: Manager): void {
  mgr.webhookServer.converter<LocustTest>(LocustTests, 'v2', { v1: locustV1Conversion });
  mgr.webhookServer.validator(LocustTests, locustTestValidator);
}

/**
 * The CRD's `spec.conversion` for webhook conversion. `caPem` is the CA of the webhook server's
 * certificate (the manager's `webhookServer.caPem` when it minted its own).
 */
export function locustConversion(client: WebhookClientConfig, caPem?: string): object {
  const clientConfig = { ...client, ...(caPem ? { caBundle: Buffer.from(caPem).toString('base64') } : {}) };
  if ('url' in clientConfig) clientConfig.url = clientConfig.url.replace(/\/?$/, '/convert');
  else clientConfig.service = { ...clientConfig.service, path: '/convert' };
  return { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig } };
}
