/**
 * Cluster IPs are taken when a write allocates them, before its validating webhooks answer, and
 * held until it is stored or fails, as Kubernetes' allocator holds them: a second write asking for
 * the same IP while the first is still at its webhook is refused with the allocator's 422, an
 * automatic allocation at that moment skips the IP, and a refused or dry-run write gives its IP
 * back. A real validating webhook holds the first write until the test lets it go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { startHeldServiceWrites, type HeldServiceWrites } from './held-service-writes.ts';

const NS = 'ip-race';
const PATH = `/api/v1/namespaces/${NS}/services`;
const taken = (name: string, ip: string) =>
  `Service "${name}" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`;

const service = (name: string, spec: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const ipNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const ipText = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');

describe('cluster IPs are held from allocation until the write is stored or fails', () => {
  let held: HeldServiceWrites;
  const create = (body: object, query = '') => held.create(body, query);
  const whileHeld: HeldServiceWrites['whileHeld'] = (...args) => held.whileHeld(...args);

  before(async () => { held = await startHeldServiceWrites(NS); });
  after(async () => { await held?.stop(); });

  it('an IP asked for while another create holds it is refused with the allocator\'s 422', async () => {
    const first = create(service('held-a', { clusterIP: '10.96.0.80' }));
    const second = await whileHeld('held-a', () => create(service('held-b', { clusterIP: '10.96.0.80' })), 'held-b');
    held.hooks.releaseAll();
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
    held.hooks.releaseAll();
    assert.equal(second?.status, 201, second?.text);
    assert.notEqual(second!.json.spec.clusterIP, wanted);
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.spec.clusterIP, wanted);
  });

  it('an update that gives a service its first cluster IP holds it until it is stored', async () => {
    const created = create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'held-e' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    (await held.hooks.arrival('held-e')).answer(true);
    assert.equal((await created).status, 201);
    const update = raw(held.api, 'PATCH', `${PATH}/held-e`, { spec: { type: 'ClusterIP', externalName: null, clusterIP: '10.96.0.81', selector: { app: 'e' }, ports: [{ port: 80 }] } }, { 'Content-Type': 'application/merge-patch+json' });
    const second = await whileHeld('held-e', () => create(service('held-f', { clusterIP: '10.96.0.81' })), 'held-f');
    held.hooks.releaseAll();
    assert.equal(second?.status, 422, second?.text);
    assert.equal(second!.json.message, taken('held-f', '10.96.0.81'));
    const updated = await update;
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.json.spec.clusterIPs, ['10.96.0.81']);
  });

  it('a create its webhook refuses, or a dry run, gives its IP back', async () => {
    const refused = create(service('held-g', { clusterIP: '10.96.0.82' }));
    (await held.hooks.arrival('held-g')).answer(false, 'not today');
    assert.equal((await refused).status, 403);
    const afterRefusal = await create(service('free-h', { clusterIP: '10.96.0.82' }));
    assert.equal(afterRefusal.status, 201, afterRefusal.text);

    const dry = create(service('held-i', { clusterIP: '10.96.0.83' }), '?dryRun=All');
    const real = await whileHeld('held-i', () => create(service('free-j', { clusterIP: '10.96.0.83' })), 'never');
    held.hooks.releaseAll();
    assert.equal(real?.status, 201, real?.text);
    assert.equal((await dry).status, 201);
  });
});
