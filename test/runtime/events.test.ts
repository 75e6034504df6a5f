import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { ConfigMaps, Events, Namespaces } from '../../runtime/client/builtins.ts';
import { EventRecorder } from '../../runtime/events/recorder.ts';
import { TokenBuckets } from '../../runtime/events/token-buckets.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { startTestApi } from '../support/api.ts';
import type { TestApi } from '../support/api.ts';

let t: TestApi;
let client: ApiClient;
let subject: KubeObject;
const ns = 'events-test';

before(async () => {
  t = await startTestApi();
  client = new ApiClient(t.kc);
  await client.create(Namespaces, { metadata: { name: ns } });
  subject = await client.create(ConfigMaps, { metadata: { name: 'subject', namespace: ns } });
});
after(async () => {
  client?.transport.close();
  await t?.api.stop();
});

async function eventsFor(name: string): Promise<KubeObject[]> {
  const list = await client.list(Events, { namespace: ns, fieldSelector: `involvedObject.name=${name}` });
  return list.items;
}

test('records core/v1 Events with the component, involved object, reason, message and type', async () => {
  const recorder = new EventRecorder({ client, component: 'demo-controller', host: 'node-1' });
  recorder.event(subject, 'Normal', 'Created', 'created the thing');
  await recorder.flush();
  const [ev] = await eventsFor('subject');
  assert.ok(ev);
  assert.equal(ev.reason, 'Created');
  assert.equal(ev.message, 'created the thing');
  assert.equal(ev.type, 'Normal');
  assert.equal(ev.count, 1);
  assert.deepEqual(ev.source, { component: 'demo-controller', host: 'node-1' });
  const ref = ev.involvedObject as Record<string, string>;
  assert.equal(ref.kind, 'ConfigMap');
  assert.equal(ref.name, 'subject');
  assert.equal(ref.namespace, ns);
  assert.equal(ref.uid, subject.metadata.uid);
  assert.equal(recorder.stats.created, 1);
});

test('repeats within the window increment count and lastTimestamp instead of creating Events', async () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const other = await client.create(ConfigMaps, { metadata: { name: 'repeat', namespace: ns } });
  const recorder = new EventRecorder({ client, component: 'demo-controller', now: () => now });
  recorder.eventf(other, 'Warning', 'Failed', 'sync failed: %s', 'boom');
  now += 5_000;
  recorder.eventf(other, 'Warning', 'Failed', 'sync failed: %s', 'boom');
  now += 5_000;
  recorder.eventf(other, 'Warning', 'Failed', 'sync failed: %s', 'boom');
  recorder.event(other, 'Warning', 'Failed', 'a different message');
  await recorder.flush();
  const events = await eventsFor('repeat');
  assert.equal(events.length, 2);
  const folded = events.find((e) => e.message === 'sync failed: boom')!;
  assert.equal(folded.count, 3);
  assert.equal(folded.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(folded.lastTimestamp, '2026-01-01T00:00:10Z');
  assert.equal(recorder.stats.aggregated, 2);
  // Outside the window a new Event starts.
  now += 11 * 60_000;
  recorder.eventf(other, 'Warning', 'Failed', 'sync failed: %s', 'boom');
  await recorder.flush();
  assert.equal((await eventsFor('repeat')).length, 3);
});

test('spam from one object is throttled by a token bucket', async () => {
  const spammy = await client.create(ConfigMaps, { metadata: { name: 'spammy', namespace: ns } });
  const recorder = new EventRecorder({ client, component: 'demo-controller', burst: 3 });
  for (let i = 0; i < 10; i++) recorder.event(spammy, 'Normal', 'Tick', `tick ${i}`);
  await recorder.flush();
  assert.equal(recorder.stats.throttled, 7);
  assert.equal((await eventsFor('spammy')).length, 3);
});

test('token buckets refill one token per interval', () => {
  let now = 0;
  const b = new TokenBuckets(2, 1000, 10, () => now);
  assert.deepEqual([b.take('k'), b.take('k'), b.take('k')], [true, true, false]);
  now = 1000;
  assert.deepEqual([b.take('k'), b.take('k')], [true, false]);
  assert.equal(b.take('other'), true);
});
