/**
 * Cluster IPs are taken when a write allocates them, before its validating webhooks answer, and
 * held until it is stored or fails, as Kubernetes' allocator holds them: a second write asking for
 * the same IP while the first is still at its webhook is refused with the allocator's 422, an
 * automatic allocation at that moment skips the IP, and a refused or dry-run write gives its IP
 * back. A real validating webhook holds the first write until the test lets it go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { eventually, raw, type RawResponse } from './helpers.ts';
import { startHeldWebhookServer, type HeldWebhookServer } from './held-webhook-server.ts';

const NS = 'ip-race';
const PATH = `/api/v1/namespaces/${NS}/services`;
const taken = (name: string, ip: string) =>
  `Service "${name}" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`;

const service = (name: string, spec: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const ipNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const ipText = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');

describe('cluster IPs are held from allocation until the write is stored or fails', () => {
  let api: RunningApiServer;
  let hooks: HeldWebhookServer;
  const create = (body: object, query = '') => raw(api, 'POST', `${PATH}${query}`, body);

  /**
   * Sends `second` while `first` waits at the webhook and answers what it got, or undefined when
   * `second` reached the webhook too (it was allocated while it should not have been).
   */
  async function whileHeld(firstName: string, second: () => Promise<RawResponse>, secondName: string): Promise<RawResponse | undefined> {
    await hooks.arrival(firstName);
    return Promise.race([second(), hooks.arrival(secondName).then(() => undefined)]);
  }

  before(async () => {
    api = await startApiServer();
    hooks = await startHeldWebhookServer('held-');
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } })).status, 201);
    const config = await raw(api, 'POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
      metadata: { name: 'hold-services' },
      webhooks: [{
        name: 'hold.ip-race.example.com', admissionReviewVersions: ['v1'], sideEffects: 'None',
        clientConfig: { url: `${hooks.base}/validate`, caBundle: hooks.caBundle },
        rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }],
      }],
    });
    assert.equal(config.status, 201, config.text);
    let probe = 0;
    await eventually(async () => {
      const name = `probe-${probe++}`;
      await create(service(name, { clusterIP: 'None' }), '?dryRun=All');
      return hooks.seen.includes(name);
    }, 5000, 'the webhook configuration in effect');
  });
  after(async () => {
    hooks?.releaseAll();
    await hooks?.close();
    await api?.stop();
  });

  it('an IP asked for while another create holds it is refused with the allocator\'s 422', async () => {
    const first = create(service('held-a', { clusterIP: '10.96.0.80' }));
    const second = await whileHeld('held-a', () => create(service('held-b', { clusterIP: '10.96.0.80' })), 'held-b');
    hooks.releaseAll();
    assert.ok(second, 'the second create reached its webhook with an IP the first one holds');
    assert.equal(second.status, 422, second.text);
    assert.equal(second.json.message, taken('held-b', '10.96.0.80'));
    assert.deepEqual(second.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: 'Invalid value: []string{"10.96.0.80"}: failed to allocate IP 10.96.0.80: provided IP is already allocated' }]);
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.deepEqual(stored.json.spec.clusterIPs, ['10.96.0.80']);
  });

  it('an automatic allocation while a create holds the next free IP skips it', async () => {
    const probe = await create(service('probe-cursor'));
    assert.equal(probe.status, 201, probe.text);
    // The address after the one just allocated is the allocator's next candidate.
    const wanted = ipText(ipNumber(probe.json.spec.clusterIP) + 1);
    const first = create(service('held-c', { clusterIP: wanted }));
    const second = await whileHeld('held-c', () => create(service('auto-d')), 'never');
    hooks.releaseAll();
    assert.equal(second?.status, 201, second?.text);
    assert.notEqual(second!.json.spec.clusterIP, wanted);
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.spec.clusterIP, wanted);
  });

  it('an update that gives a service its first cluster IP holds it until it is stored', async () => {
    const created = create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'held-e' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    (await hooks.arrival('held-e')).answer(true);
    assert.equal((await created).status, 201);
    const update = raw(api, 'PATCH', `${PATH}/held-e`, { spec: { type: 'ClusterIP', externalName: null, clusterIP: '10.96.0.81', selector: { app: 'e' }, ports: [{ port: 80 }] } }, { 'Content-Type': 'application/merge-patch+json' });
    const second = await whileHeld('held-e', () => create(service('held-f', { clusterIP: '10.96.0.81' })), 'held-f');
    hooks.releaseAll();
    assert.equal(second?.status, 422, second?.text);
    assert.equal(second!.json.message, taken('held-f', '10.96.0.81'));
    const updated = await update;
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.json.spec.clusterIPs, ['10.96.0.81']);
  });

  it('a create its webhook refuses, or a dry run, gives its IP back', async () => {
    const refused = create(service('held-g', { clusterIP: '10.96.0.82' }));
    (await hooks.arrival('held-g')).answer(false, 'not today');
    assert.equal((await refused).status, 403);
    const afterRefusal = await create(service('free-h', { clusterIP: '10.96.0.82' }));
    assert.equal(afterRefusal.status, 201, afterRefusal.text);

    const dry = create(service('held-i', { clusterIP: '10.96.0.83' }), '?dryRun=All');
    const real = await whileHeld('held-i', () => create(service('free-j', { clusterIP: '10.96.0.83' })), 'never');
    hooks.releaseAll();
    assert.equal(real?.status, 201, real?.text);
    assert.equal((await dry).status, 201);
  });
});
