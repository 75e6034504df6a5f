import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, TerminalError, TriggerSource, type Request, type ReconcileContext } from '../../runtime/controller/index.ts';
import { FakeClock, ItemExponentialFailureRateLimiter } from '../../runtime/queue/index.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

function harness(reconcile: (req: Request, ctx: ReconcileContext) => unknown, opts: { workers?: number; clock?: FakeClock } = {}) {
  const source = new TriggerSource();
  const outcomes: string[] = [];
  const failures: { terminal: boolean }[] = [];
  const ctl = new Controller(reconcile as never, {
    name: 'test',
    maxConcurrentReconciles: opts.workers ?? 1,
    clock: opts.clock,
    rateLimiter: opts.clock ? new ItemExponentialFailureRateLimiter({ baseDelayMs: 5 }) : undefined,
    metrics: {
      maxConcurrent: () => {},
      activeWorkers: () => {},
      reconciled: (o) => { outcomes.push(o); },
      failed: (terminal) => { failures.push({ terminal }); },
    },
  });
  ctl.watch(source);
  const ac = new AbortController();
  const done = ctl.start(ac.signal);
  return { ctl, source, outcomes, failures, stop: async () => { ac.abort(); await done; } };
}

test('never runs two reconciles of one key at once, and coalesces bursts', async () => {
  const running = new Map<string, number>();
  let maxSameKey = 0;
  let maxTotal = 0;
  let calls = 0;
  const h = harness(async (req) => {
    calls++;
    const n = (running.get(req.name) ?? 0) + 1;
    running.set(req.name, n);
    maxSameKey = Math.max(maxSameKey, n);
    maxTotal = Math.max(maxTotal, [...running.values()].reduce((a, b) => a + b, 0));
    await sleep(5);
    running.set(req.name, n - 1);
  }, { workers: 4 });
  for (let round = 0; round < 20; round++) {
    for (const name of ['a', 'b', 'c', 'd', 'e']) h.source.trigger({ namespace: 'ns', name });
    await sleep(1);
  }
  await until(() => h.ctl.queue!.len() === 0 && h.ctl.queue!.inFlight() === 0, 'queue idle');
  await h.stop();
  assert.equal(maxSameKey, 1);
  assert.ok(maxTotal > 1, 'different keys ran in parallel');
  assert.ok(calls < 100, `bursts were coalesced (${calls} calls for 100 triggers)`);
});

test('an error requeues with growing backoff; success resets it', async () => {
  const clock = new FakeClock();
  let attempts = 0;
  const h = harness(async () => {
    attempts++;
    if (attempts <= 3) throw new Error('transient');
  }, { clock });
  h.source.trigger({ namespace: '', name: 'x' });
  await until(() => attempts === 1, 'first attempt');
  await until(() => h.ctl.queue!.delayed() === 1, 'backoff scheduled');
  assert.equal(h.ctl.queue!.numRequeues('x'), 1);
  clock.step(4);
  await sleep(5);
  assert.equal(attempts, 1, 'not retried before 5 ms');
  clock.step(1);
  await until(() => attempts === 2, 'retry after 5 ms');
  await until(() => h.ctl.queue!.delayed() === 1, 'second backoff');
  clock.step(9);
  await sleep(5);
  assert.equal(attempts, 2, 'not retried before 10 ms');
  clock.step(1);
  await until(() => attempts === 3, 'retry after 10 ms');
  await until(() => h.ctl.queue!.delayed() === 1, 'third backoff');
  clock.step(20);
  await until(() => attempts === 4 && h.ctl.queue!.inFlight() === 0, 'success');
  assert.equal(h.ctl.queue!.numRequeues('x'), 0, 'success forgets the backoff');
  assert.deepEqual(h.outcomes, ['error', 'error', 'error', 'success']);
  await h.stop();
});

test('TerminalError is counted and not requeued; thrown non-errors and sync throws are survived', async () => {
  const seen: string[] = [];
  const h = harness((req) => {
    seen.push(req.name);
    if (req.name === 'terminal') throw new TerminalError('spec.size must be positive');
    if (req.name === 'weird') throw 'a string, not an Error';
    return undefined;
  }, { clock: new FakeClock() });
  h.source.trigger({ namespace: 'n', name: 'terminal' });
  await until(() => h.outcomes.length === 1, 'terminal reconcile');
  assert.equal(h.ctl.queue!.delayed(), 0, 'not requeued');
  assert.deepEqual(h.failures, [{ terminal: true }]);
  h.source.trigger({ namespace: 'n', name: 'weird' });
  await until(() => h.outcomes.length === 2, 'weird reconcile');
  assert.equal(h.ctl.queue!.delayed(), 1, 'ordinary failure requeued');
  h.source.trigger({ namespace: 'n', name: 'fine' });
  await until(() => h.outcomes.length === 3, 'worker still alive');
  assert.deepEqual(h.outcomes, ['error', 'error', 'success']);
  await h.stop();
});

test('requeueAfter schedules a revisit and resets backoff', async () => {
  const clock = new FakeClock();
  let calls = 0;
  const h = harness(() => {
    calls++;
    if (calls === 1) throw new Error('first fails');
    return { requeueAfter: 30_000 };
  }, { clock });
  h.source.trigger({ namespace: 'n', name: 'r' });
  await until(() => h.ctl.queue!.delayed() === 1, 'backoff');
  clock.step(5);
  await until(() => calls === 2 && h.ctl.queue!.delayed() === 1, 'requeueAfter scheduled');
  assert.equal(h.ctl.queue!.numRequeues('r'), 0);
  clock.step(29_999);
  await sleep(5);
  assert.equal(calls, 2);
  clock.step(1);
  await until(() => calls === 3, 'revisit after 30 s');
  assert.deepEqual(h.outcomes.slice(0, 2), ['error', 'requeue_after']);
  await h.stop();
});

test('stop waits for in-flight reconciles, abortInFlight aborts them, and the context carries identity', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let ctxSeen: ReconcileContext | undefined;
  let finished = false;
  const h = harness(async (_req, ctx) => {
    ctxSeen = ctx;
    await gate;
    finished = true;
  });
  h.source.trigger({ namespace: 'ns1', name: 'slow' });
  await until(() => ctxSeen !== undefined, 'reconcile started');
  assert.match(ctxSeen!.reconcileID, /^[0-9a-f-]{36}$/);
  assert.equal(ctxSeen!.controller, 'test');
  let stopped = false;
  const stopping = h.stop().then(() => { stopped = true; });
  await sleep(10);
  assert.equal(ctxSeen!.signal.aborted, false, 'a graceful stop lets the reconcile finish');
  assert.equal(stopped, false, 'stop waits for the reconcile to return');
  h.ctl.abortInFlight('deadline');
  assert.equal(ctxSeen!.signal.aborted, true, 'abortInFlight reaches the reconcile');
  release();
  await stopping;
  assert.equal(finished, true);
  h.source.trigger({ namespace: 'ns1', name: 'after' });
  assert.equal(h.ctl.isRunning, false);
});

test('reconcile timeout aborts the signal', async () => {
  let aborted = false;
  const ctl = new Controller(async (_req, ctx) => {
    await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
    aborted = true;
    throw ctx.signal.reason;
  }, { name: 't', reconcileTimeoutMs: 20 });
  const src = new TriggerSource();
  ctl.watch(src);
  const ac = new AbortController();
  const run = ctl.start(ac.signal);
  src.trigger({ namespace: '', name: 'hang' });
  await until(() => aborted, 'timeout abort');
  ac.abort();
  await run;
});

test('reconcile logs carry controller, namespace, name and reconcileID', async () => {
  const { Writable } = await import('node:stream');
  const { newLogger } = await import('../../runtime/log/index.ts');
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l)); cb(); } });
  let id = '';
  const ctl = new Controller((_req, ctx) => { id = ctx.reconcileID; ctx.logger.info('converged'); throw new Error('boom'); }, {
    name: 'widget', logger: newLogger({ level: 'info', destination: sink }), logFields: { controllerGroup: 'example.com', controllerKind: 'Widget' }, clock: new FakeClock(),
  });
  const src = new TriggerSource();
  ctl.watch(src);
  const ac = new AbortController();
  const run = ctl.start(ac.signal);
  src.trigger({ namespace: 'prod', name: 'w1' });
  await until(() => lines.some((l) => l.msg === 'Reconciler error'), 'error logged');
  ac.abort();
  await run;
  const mine = lines.find((l) => l.msg === 'converged')!;
  assert.deepEqual({ c: mine.controller, g: mine.controllerGroup, k: mine.controllerKind, ns: mine.namespace, n: mine.name, id: mine.reconcileID }, { c: 'widget', g: 'example.com', k: 'Widget', ns: 'prod', n: 'w1', id });
  const err = lines.find((l) => l.msg === 'Reconciler error')!;
  assert.equal(err.reconcileID, id);
  assert.equal((err.err as { message: string }).message, 'boom');
});
