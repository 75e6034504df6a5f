/**
 * Node ports are taken when a write allocates them, before its validating webhooks answer, and
 * held until it is stored or fails, as Kubernetes' allocator holds them: a second write that asks
 * for the same port while the first is still at its webhook is refused with Kubernetes' own
 * answer, an allocation at that moment skips the port, and a refused or dry-run write gives its
 * ports back. A real validating webhook holds the first write until the test lets it go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { startHeldServiceWrites, type HeldServiceWrites } from './held-service-writes.ts';

type Port = { name?: string; port: number; nodePort?: number };
const NS = 'race';
const PATH = `/api/v1/namespaces/${NS}/services`;

const service = (name: string, ports: Port[], extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'NodePort', selector: { app: name }, ports, ...extra } });
const localBalancer = (name: string, healthCheckNodePort: number, ports: Port[] = [{ port: 80 }]) =>
  service(name, ports, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort });

describe('node ports are held from allocation until the write is stored or fails', () => {
  let held: HeldServiceWrites;
  const create = (body: object, query = '') => held.create(body, query);
  const whileHeld: HeldServiceWrites['whileHeld'] = (...args) => held.whileHeld(...args);

  before(async () => { held = await startHeldServiceWrites(NS); });
  after(async () => { await held?.stop(); });

  it('a port asked for while another create holds it is refused with the allocator\'s 422', async () => {
    const first = create(service('held-a', [{ port: 80, nodePort: 30080 }]));
    const second = await whileHeld('held-a', () => create(service('held-b', [{ port: 80, nodePort: 30080 }])), 'held-b');
    held.hooks.releaseAll();
    assert.ok(second, 'the second create reached its webhook with a port the first one holds');
    assert.equal(second.status, 422, second.text);
    assert.equal(second.json.reason, 'Invalid');
    assert.equal(second.json.message, 'Service "held-b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    assert.deepEqual(second.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.ports[0].nodePort', message: 'Invalid value: 30080: provided port is already allocated' }]);
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.spec.ports[0].nodePort, 30080);
  });

  it('an allocation while a create holds the next free port skips it', async () => {
    const probe = await create(service('probe-cursor', [{ port: 80 }]));
    assert.equal(probe.status, 201, probe.text);
    // The port after the one just allocated is the allocator's next candidate.
    const wanted = probe.json.spec.ports[0].nodePort + 1;
    const first = create(service('held-c', [{ port: 80, nodePort: wanted }]));
    const second = await whileHeld('held-c', () => create(service('auto-d', [{ port: 80 }])), 'never');
    held.hooks.releaseAll();
    assert.equal(second?.status, 201, second?.text);
    assert.notEqual(second!.json.spec.ports[0].nodePort, wanted);
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.spec.ports[0].nodePort, wanted);
  });

  it('a health check port held by a create in flight is refused as Kubernetes refuses it, with a 500', async () => {
    const first = create(localBalancer('held-e', 30500));
    const second = await whileHeld('held-e', () => create(localBalancer('lb-f', 30500)), 'lb-f');
    assert.ok(second, 'the second create reached its webhook with a port the first one holds');
    assert.equal(second.status, 500, second.text);
    assert.equal(second.json.reason, 'InternalError');
    assert.equal(second.json.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 30500: provided port is already allocated');
    // The same number asked for as a node port is refused like any node port.
    const asNodePort = await create(service('np-g', [{ port: 80, nodePort: 30500 }]));
    assert.equal(asNodePort.status, 422, asNodePort.text);
    assert.equal(asNodePort.json.message, 'Service "np-g" is invalid: spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated');
    held.hooks.releaseAll();
    const stored = await first;
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.spec.healthCheckNodePort, 30500);
  });

  it('an update holds the ports it adds until it is stored', async () => {
    const created = create(service('held-h', [{ port: 80 }], { type: 'ClusterIP' }));
    (await held.hooks.arrival('held-h')).answer(true);
    assert.equal((await created).status, 201);
    const update = raw(held.api, 'PATCH', `${PATH}/held-h`, { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30600 }] } }, { 'Content-Type': 'application/merge-patch+json' });
    const second = await whileHeld('held-h', () => create(service('held-i', [{ port: 80, nodePort: 30600 }])), 'held-i');
    held.hooks.releaseAll();
    assert.equal(second?.status, 422, second?.text);
    assert.equal(second!.json.message, 'Service "held-i" is invalid: spec.ports[0].nodePort: Invalid value: 30600: provided port is already allocated');
    const updated = await update;
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.spec.ports[0].nodePort, 30600);
  });

  it('a create its webhook refuses, or a dry run, gives its ports back', async () => {
    const refused = create(service('held-j', [{ port: 80, nodePort: 30700 }]));
    (await held.hooks.arrival('held-j')).answer(false, 'not today');
    assert.equal((await refused).status, 403);
    const after = await create(service('free-k', [{ port: 80, nodePort: 30700 }]));
    assert.equal(after.status, 201, after.text);

    const dry = create(service('held-l', [{ port: 80, nodePort: 30701 }]), '?dryRun=All');
    const real = await whileHeld('held-l', () => create(service('free-m', [{ port: 80, nodePort: 30701 }])), 'never');
    held.hooks.releaseAll();
    assert.equal(real?.status, 201, real?.text);
    assert.equal((await dry).status, 201);
  });
});
