/**
 * The pieces `tsop dev` and `tsop run` use to point a cluster at the operators' webhooks: minted
 * certificates valid for the dialled host, URLs, and admission configurations narrowed to the
 * running operators' kinds with their Service references replaced by the server's URL.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../runtime/index.ts';
import { conversionTo, endpointUrl, pointAtEndpoint, prepareEndpoint, readAdmissionConfigurations } from '../../cli/webhook-setup.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tsop-webhook-setup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a minted certificate is valid for the host, signed by the CA handed out, and its key is private', () => {
  const byIp = prepareEndpoint({ host: '10.1.2.3', port: 9443, mintDir: join(dir, 'ip') });
  const cert = new X509Certificate(readFileSync(join(dir, 'ip/tls.crt')));
  assert.equal(cert.checkIP('10.1.2.3'), '10.1.2.3');
  assert.ok(cert.verify(new X509Certificate(byIp.caPem).publicKey));
  assert.equal(statSync(join(dir, 'ip/tls.key')).mode & 0o077, 0);
  assert.deepEqual(byIp.server, { port: 9443, host: undefined, certDir: join(dir, 'ip') });

  prepareEndpoint({ host: 'dev.example.test', port: 9443, mintDir: join(dir, 'dns') });
  assert.equal(new X509Certificate(readFileSync(join(dir, 'dns/tls.crt'))).checkHost('dev.example.test'), 'dev.example.test');
  // A given directory is used as is; its ca.crt is the bundle.
  const given = prepareEndpoint({ host: 'dev.example.test', port: 8443, certDir: join(dir, 'dns') });
  assert.equal(given.caPem, readFileSync(join(dir, 'dns/ca.crt'), 'utf8'));
  assert.throws(() => prepareEndpoint({ host: 'x', port: 1 }), /certificate directory/);
});

test('URLs bracket IPv6 hosts; the conversion goes to /convert with the CA', () => {
  assert.equal(endpointUrl({ host: '::1', port: 9443 }, '/convert'), 'https://[::1]:9443/convert');
  const ep = { host: '127.0.0.1', port: 4443, caPem: 'PEM', server: {} };
  assert.deepEqual(conversionTo(ep), {
    strategy: 'Webhook',
    webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://127.0.0.1:4443/convert', caBundle: Buffer.from('PEM').toString('base64') } },
  });
});

test('the generated configurations are narrowed to the running operators\' CRDs and call the server by URL', () => {
  const ep = { host: '127.0.0.1', port: 4443, caPem: 'PEM', server: {} };
  const generated = readAdmissionConfigurations(join(root, 'generated/webhook/manifests.yaml'));
  assert.deepEqual(generated.map((c) => c.kind), ['ValidatingWebhookConfiguration']);
  const [locust] = pointAtEndpoint(generated, ep, ['locusttests.locust.io']);
  const hooks = (locust as unknown as { webhooks: { name: string; clientConfig: unknown; rules: unknown[] }[] }).webhooks;
  assert.deepEqual(hooks.map((w) => [w.name, w.clientConfig]), [['vlocusttest-v2.kb.io', { url: 'https://127.0.0.1:4443/validate-locust-io-v2-locusttest', caBundle: Buffer.from('PEM').toString('base64') }]]);
  assert.equal(hooks[0]!.rules.length, 1);
  assert.deepEqual(pointAtEndpoint(generated, ep, ['sandboxes.sandbox.tsop.dev']), []);

  // A webhook with rules over kinds of two operators runs only when both do.
  const mixed = [{
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'm' },
    webhooks: [{ name: 'both', clientConfig: { url: 'https://elsewhere:1/mutate-both' }, rules: [{ apiGroups: ['a.io'], resources: ['xs'] }, { apiGroups: ['b.io'], resources: ['ys/status'] }] }],
  }] as unknown as KubeObject[];
  assert.deepEqual(pointAtEndpoint(mixed, ep, ['xs.a.io']), []);
  const both = pointAtEndpoint(mixed, ep, ['xs.a.io', 'ys.b.io']);
  assert.equal((both[0] as unknown as { webhooks: { clientConfig: { url: string } }[] }).webhooks[0]!.clientConfig.url, 'https://127.0.0.1:4443/mutate-both');
  assert.deepEqual(readAdmissionConfigurations(join(dir, 'missing.yaml')), []);
});
