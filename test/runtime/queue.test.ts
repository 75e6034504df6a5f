import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FakeClock, WorkQueue, ItemExponentialFailureRateLimiter, TokenBucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter,
} from '../../runtime/queue/index.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

test('deduplicates keys that are queued', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  q.add('a'); q.add('a'); q.add('b'); q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.len(), 0);
});

test('a key being processed is not handed out again until done', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  q.add('a');
  const key = await q.get();
  assert.equal(key, 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'dirty key stays out of the queue while processed');
  let second: string | undefined;
  void q.get().then((k) => { second = k; });
  await tick();
  assert.equal(second, undefined);
  q.done('a');
  await tick();
  assert.equal(second, 'a', 're-queued exactly once on done');
  q.done('a');
  assert.equal(q.len(), 0);
});

test('waiting getters are served in order as keys arrive', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  const got: (string | undefined)[] = [];
  const g1 = q.get().then((k) => got.push(k));
  const g2 = q.get().then((k) => got.push(k));
  q.add('x'); q.add('y');
  await Promise.all([g1, g2]);
  assert.deepEqual(got, ['x', 'y']);
});

test('exponential backoff grows per key, caps, and resets on forget', () => {
  const rl = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
  assert.deepEqual([1, 2, 3, 4].map(() => rl.when('a')), [5, 10, 20, 40]);
  assert.equal(rl.when('b'), 5, 'keys back off independently');
  assert.equal(rl.numRequeues('a'), 4);
  for (let i = 0; i < 40; i++) rl.when('a');
  assert.equal(rl.when('a'), 1_000_000, 'capped at 1000 s');
  rl.forget('a');
  assert.equal(rl.numRequeues('a'), 0);
  assert.equal(rl.when('a'), 5);
});

test('token bucket allows the burst, then spaces tokens 1/qps apart, and refills with time', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucketRateLimiter<string>({ qps: 10, burst: 100, clock });
  for (let i = 0; i < 100; i++) assert.equal(bucket.when(`k${i}`), 0);
  assert.ok(Math.abs(bucket.when('x') - 100) < 1e-6);
  assert.ok(Math.abs(bucket.when('y') - 200) < 1e-6);
  clock.step(1000); // 10 tokens refill: debt of 2 paid, 8 available
  for (let i = 0; i < 8; i++) assert.equal(bucket.when(`r${i}`), 0);
  assert.ok(bucket.when('z') > 0);
});

test('default limiter takes the max of per-key backoff and the global bucket', () => {
  const clock = new FakeClock();
  const rl = defaultControllerRateLimiter<string>({ clock });
  assert.equal(rl.when('a'), 5);
  assert.equal(rl.when('a'), 10);
  const combo = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter({ baseDelayMs: 1 }), new TokenBucketRateLimiter({ qps: 1, burst: 1, clock }));
  assert.equal(combo.when('a'), 1);
  assert.equal(combo.when('b'), 1000, 'bucket exhausted: its delay wins over the 1 ms backoff');
});

test('addRateLimited delivers after the backoff, which grows until forget', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>({ clock });
  const deliveredAfter = async (expectedMs: number) => {
    q.addRateLimited('a');
    clock.step(expectedMs - 1);
    assert.equal(q.len(), 0, `not before ${expectedMs} ms`);
    clock.step(1);
    assert.equal(q.len(), 1, `at ${expectedMs} ms`);
    assert.equal(await q.get(), 'a');
    q.done('a');
  };
  await deliveredAfter(5);
  await deliveredAfter(10);
  await deliveredAfter(20);
  assert.equal(q.numRequeues('a'), 3);
  q.forget('a');
  await deliveredAfter(5);
});

test('addAfter: delayed delivery, earlier deadline wins, no-op when already queued', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>({ clock });
  q.addAfter('a', 1000);
  q.addAfter('a', 300);
  q.addAfter('a', 2000);
  assert.equal(q.delayed(), 1);
  clock.step(299);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1, 'the earliest deadline fired');
  assert.equal(clock.pendingTimers(), 0, 'later deadlines were never scheduled');
  q.addAfter('a', 50);
  assert.equal(q.delayed(), 0, 'a key already queued ignores a delayed add');
  clock.step(100);
  assert.equal(q.len(), 1);
  q.addAfter('b', 0);
  assert.equal(q.len(), 2, 'zero delay adds immediately');
});

test('shutDownWithDrain waits for in-flight keys and stops intake', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  q.add('a'); q.add('b');
  assert.equal(await q.get(), 'a');
  const pendingGet = q.get();
  assert.equal(await pendingGet, 'b');
  const waiter = q.get();
  let drained = false;
  const drain = q.shutDownWithDrain().then(() => { drained = true; });
  assert.equal(await waiter, undefined, 'idle getters are released');
  q.add('c');
  assert.equal(q.len(), 0, 'no intake after shutdown');
  q.done('a');
  await tick();
  assert.equal(drained, false, 'b still in flight');
  q.done('b');
  await drain;
  assert.equal(drained, true);
  assert.equal(await q.get(), undefined);
});

test('shutdown cancels delayed adds', () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>({ clock });
  q.addAfter('a', 10);
  q.shutDown();
  assert.equal(clock.pendingTimers(), 0);
  clock.step(20);
  assert.equal(q.len(), 0);
});

test('metrics hooks see adds, starts, finishes, retries and in-flight work', async () => {
  const clock = new FakeClock();
  const seen = { added: 0, started: [] as number[], finished: [] as number[], retried: 0 };
  const q = new WorkQueue<string>({ clock, metrics: {
    added: () => { seen.added++; },
    started: (ms) => { seen.started.push(ms); },
    finished: (ms) => { seen.finished.push(ms); },
    retried: () => { seen.retried++; },
  } });
  q.add('a'); q.add('a');
  clock.step(7);
  await q.get();
  clock.step(30);
  assert.equal(q.unfinishedWorkSeconds(), 0.03);
  assert.equal(q.longestRunningSeconds(), 0.03);
  q.done('a');
  q.addRateLimited('a');
  assert.deepEqual(seen, { added: 1, started: [7], finished: [30], retried: 1 });
});
