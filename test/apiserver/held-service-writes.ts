/**
 * A server whose Service writes wait at a real validating webhook until the test lets them go:
 * the setup of the allocation race tests, where a second write arrives while the first one holds
 * what it allocated.
 */
import assert from 'node:assert/strict';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw, type RawResponse } from './helpers.ts';
import { startHeldWebhookServer, type HeldWebhookServer } from './held-webhook-server.ts';

/** The running pieces, and the two moves every race test makes. */
export interface HeldServiceWrites {
  api: RunningApiServer;
  hooks: HeldWebhookServer;
  /** POSTs a Service into the namespace (with an optional query string such as `?dryRun=All`). */
  create(body: object, query?: string): Promise<RawResponse>;
  /**
   * Waits until `firstName` is held at the webhook, then sends `second`: resolves with its answer,
   * or undefined when `secondName` reached the webhook too (it was allocated while it should not have been).
   */
  whileHeld(firstName: string, second: () => Promise<RawResponse>, secondName: string): Promise<RawResponse | undefined>;
  /** Releases every held write and stops both servers. */
  stop(): Promise<void>;
}

/** Starts the server and the webhook, and waits until the webhook configuration is in effect. */
export async function startHeldServiceWrites(namespace: string): Promise<HeldServiceWrites> {
  const api = await startApiServer();
  const hooks = await startHeldWebhookServer('held-');
  const path = `/api/v1/namespaces/${namespace}/services`;
  const create = (body: object, query = '') => raw(api, 'POST', `${path}${query}`, body);
  assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: namespace } })).status, 201);
  const config = await raw(api, 'POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
    metadata: { name: 'hold-services' },
    webhooks: [{
      name: `hold.${namespace}.example.com`, admissionReviewVersions: ['v1'], sideEffects: 'None',
      clientConfig: { url: `${hooks.base}/validate`, caBundle: hooks.caBundle },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }],
    }],
  });
  assert.equal(config.status, 201, config.text);
  let probe = 0;
  await eventually(async () => {
    const name = `probe-${probe++}`;
    await create({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { clusterIP: 'None', selector: { app: name }, ports: [{ port: 80 }] } }, '?dryRun=All');
    return hooks.seen.includes(name);
  }, 5000, 'the webhook configuration in effect');
  return {
    api, hooks, create,
    async whileHeld(firstName, second, secondName) {
      await hooks.arrival(firstName);
      return Promise.race([second(), hooks.arrival(secondName).then(() => undefined)]);
    },
    async stop() {
      hooks.releaseAll();
      await hooks.close();
      await api.stop();
    },
  };
}
