/**
 * Time-driven behaviour with the operator's clock moved forward by the test (the TTL minimum is
 * five minutes and heartbeat timeouts are tens of seconds): LocalWorkload connection states from
 * the heartbeat annotation and the flip to Disconnected by a timed requeue, and Sandbox expiry by
 * a timed requeue followed by self-deletion and cleanup.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Deployments, Services } from '../../runtime/index.ts';
import { ANNOTATION_HEARTBEAT, ANNOTATION_TUNNEL_ID, LocalWorkloads, Sandboxes } from '../../controllers/sandbox/index.ts';
import {
  TestClock, condition, createBaseline, eventReasons, eventsFor, localWorkload, markAvailable, sandbox, startSandboxEnv, tryGet, waitFor, type SandboxEnv,
} from './sandbox-helpers.ts';

let env: SandboxEnv;
const clock = new TestClock();
const ns = 'laptop';

before(async () => {
  env = await startSandboxEnv();
  await env.namespace(ns);
  await createBaseline(env.admin, ns, 'api');
  await env.startOperator({ now: clock.now });
  await env.admin.create(Sandboxes, sandbox('dev', ns, [{ name: 'api', baseline: { name: 'api' } }], { routingKey: 'dev-key', ttl: 86400 }));
});
after(() => env.stop());

const lw = (name: string) => env.admin.get(LocalWorkloads, { namespace: ns, name });
const heartbeat = (name: string, value: string) => env.admin.patch(LocalWorkloads, { namespace: ns, name }, { metadata: { annotations: { [ANNOTATION_HEARTBEAT]: value } } }, { type: 'merge' });
const secondsAgo = (s: number) => new Date(clock.now().getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('no heartbeat yet: Pending, with the sandbox routing key copied', async () => {
  await env.admin.create(LocalWorkloads, localWorkload('api-local', ns, 'dev', 'api'));
  await waitFor(async () => condition(await lw('api-local'), 'Connected')?.reason === 'AwaitingHeartbeat', 'AwaitingHeartbeat');
  const s = (await lw('api-local')).status!;
  assert.equal(s.phase, 'Pending');
  assert.equal(s.routingKey, 'dev-key');
  assert.equal(s.observedGeneration, 1);
});

test('fresh heartbeat: Connected, Ready once the sandbox is, with a Connected event', async () => {
  await env.admin.patch(LocalWorkloads, { namespace: ns, name: 'api-local' }, { metadata: { annotations: { [ANNOTATION_TUNNEL_ID]: 'tun-7' } } }, { type: 'merge' });
  const hb = secondsAgo(2);
  await heartbeat('api-local', hb);
  await waitFor(async () => (await lw('api-local')).status?.phase === 'Connected', 'Connected');
  const s = (await lw('api-local')).status!;
  assert.equal(s.lastHeartbeat, hb);
  assert.equal(s.connectedAt, hb);
  assert.equal(s.tunnelID, 'tun-7');
  assert.deepEqual([condition(await lw('api-local'), 'Connected')!.status, condition(await lw('api-local'), 'Ready')!.reason], ['True', 'SandboxNotReady']);
  await markAvailable(env.admin, ns, 'dev-api');
  await waitFor(async () => condition(await lw('api-local'), 'Ready')?.status === 'True', 'Ready once the sandbox is');
  await waitFor(async () => (await eventReasons(env.admin, ns, 'api-local')).includes('Connected'), 'Connected event');
  // A later heartbeat moves lastHeartbeat but not connectedAt.
  const later = secondsAgo(0);
  await heartbeat('api-local', later);
  await waitFor(async () => (await lw('api-local')).status?.lastHeartbeat === later, 'lastHeartbeat moved');
  assert.equal((await lw('api-local')).status!.connectedAt, hb);
});

test('stale heartbeat: the timed requeue flips it to Disconnected with a warning', async () => {
  // 28 of the 30 default seconds pass (heartbeats have whole seconds, so up to one more): the
  // reconcile the touch causes still sees a fresh heartbeat, and only its timed requeue can flip it.
  clock.advance(28_000);
  await env.admin.patch(LocalWorkloads, { namespace: ns, name: 'api-local' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  await waitFor(async () => (await lw('api-local')).status?.phase === 'Disconnected', 'Disconnected without further changes', 10_000);
  const s = (await lw('api-local')).status!;
  assert.equal(s.connectedAt, undefined);
  const c = condition(await lw('api-local'), 'Connected')!;
  assert.deepEqual([c.status, c.reason], ['False', 'HeartbeatStale']);
  assert.match(c.message, /older than the 30s staleness timeout/);
  await waitFor(async () => (await eventReasons(env.admin, ns, 'api-local')).includes('Disconnected'), 'Disconnected event');
  assert.equal((await eventsFor(env.admin, ns, 'api-local')).find((e) => e.reason === 'Disconnected')!.type, 'Warning');
  await heartbeat('api-local', secondsAgo(0));
  await waitFor(async () => (await lw('api-local')).status?.phase === 'Connected', 'reconnected');
});

test('invalid heartbeat: Failed with a warning; a valid one recovers', async () => {
  await heartbeat('api-local', 'yesterday at noon');
  await waitFor(async () => (await lw('api-local')).status?.phase === 'Failed', 'Failed');
  const c = condition(await lw('api-local'), 'Connected')!;
  assert.deepEqual([c.reason, c.message], ['InvalidHeartbeat', 'annotation sandbox.tsop.dev/heartbeat "yesterday at noon" is not an RFC 3339 time']);
  await waitFor(async () => (await eventReasons(env.admin, ns, 'api-local')).includes('InvalidHeartbeat'), 'InvalidHeartbeat event');
  await heartbeat('api-local', secondsAgo(1).replace('Z', '+00:00'));
  await waitFor(async () => (await lw('api-local')).status?.phase === 'Connected', 'Connected again');
});

test('missing sandbox or service: Failed; creating the sandbox recovers', async () => {
  await env.admin.create(LocalWorkloads, localWorkload('early', ns, 'later', 'api', { annotations: { [ANNOTATION_HEARTBEAT]: secondsAgo(0) } }));
  await waitFor(async () => condition(await lw('early'), 'Ready')?.reason === 'SandboxNotFound', 'SandboxNotFound');
  assert.equal((await lw('early')).status!.phase, 'Failed');
  await waitFor(async () => (await eventReasons(env.admin, ns, 'early')).includes('SandboxNotFound'), 'warning');
  await env.admin.create(LocalWorkloads, localWorkload('wrong', ns, 'dev', 'payments'));
  await waitFor(async () => condition(await lw('wrong'), 'Ready')?.reason === 'ServiceNotFound', 'ServiceNotFound');
  assert.equal(condition(await lw('wrong'), 'Ready')!.message, 'Sandbox "dev" has no service "payments"');
  await env.admin.create(Sandboxes, sandbox('later', ns, [{ name: 'api', baseline: { name: 'api' } }], { ttl: 86400 }));
  await waitFor(async () => (await lw('early')).status?.phase === 'Connected', 'Connected once the sandbox exists');
});

test('TTL: expiresAt is creation plus TTL; the timed requeue deletes the sandbox at expiry and its forks go', async () => {
  await env.admin.create(Sandboxes, sandbox('short', ns, [{ name: 'api', baseline: { name: 'api' } }], { ttl: 300 }));
  await waitFor(async () => Boolean((await env.admin.get(Sandboxes, { namespace: ns, name: 'short' })).status?.expiresAt), 'expiresAt');
  const sb = await env.admin.get(Sandboxes, { namespace: ns, name: 'short' });
  const expiry = Date.parse(sb.status!.expiresAt!);
  assert.equal(expiry - Date.parse(sb.metadata!.creationTimestamp!), 300_000);
  await waitFor(async () => Boolean(await tryGet(env.admin, Deployments, ns, 'short-api')), 'fork');

  // Extending the TTL moves the expiry (still counted from creation).
  await env.admin.patch(Sandboxes, { namespace: ns, name: 'short' }, { spec: { ttl: 600 } }, { type: 'merge' });
  await waitFor(async () => Date.parse((await env.admin.get(Sandboxes, { namespace: ns, name: 'short' })).status?.expiresAt ?? '') === expiry + 300_000, 'expiry moved');

  // Put the operator's clock one second before expiry; the next reconcile requeues for that second.
  clock.offsetMs = expiry + 300_000 - Date.now() - 1000;
  await env.admin.patch(Sandboxes, { namespace: ns, name: 'short' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  assert.ok(await tryGet(env.admin, Sandboxes, ns, 'short'), 'not deleted before expiry');
  await waitFor(async () => !(await tryGet(env.admin, Sandboxes, ns, 'short')), 'sandbox deleted at expiry', 10_000);
  assert.equal(await tryGet(env.admin, Deployments, ns, 'short-api'), undefined);
  assert.equal(await tryGet(env.admin, Services, ns, 'short-api'), undefined);
  const r = await eventReasons(env.admin, ns, 'short');
  assert.ok(r.includes('Expired') && r.includes('Terminating'), `Expired and Terminating events (${r.join(', ')})`);
  assert.match((await eventsFor(env.admin, ns, 'short')).find((e) => e.reason === 'Expired')!.message as string, /time to live of 600s elapsed/);
});
