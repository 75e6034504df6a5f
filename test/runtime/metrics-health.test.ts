import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeMetrics } from '../../runtime/metrics/index.ts';
import { CheckSet, serveEndpoints } from '../../runtime/health/index.ts';
import { Controller, TerminalError, TriggerSource } from '../../runtime/controller/index.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('controller and queue series use controller-runtime names and labels', async () => {
  const m = new RuntimeMetrics();
  let n = 0;
  const ctl = new Controller((req) => {
    n++;
    if (req.name === 'bad') throw new TerminalError('no');
    if (req.name === 'flaky') throw new Error('retry me');
    return req.name === 'later' ? { requeueAfter: 60_000 } : undefined;
  }, { name: 'widget', maxConcurrentReconciles: 3, metrics: m.controller('widget'), queueMetrics: (q) => m.queue('widget', q) });
  const src = new TriggerSource();
  ctl.watch(src);
  const ac = new AbortController();
  const run = ctl.start(ac.signal);
  for (const name of ['ok', 'bad', 'flaky', 'later']) src.trigger({ namespace: 'ns', name });
  while (n < 4) await sleep(2);
  await sleep(5);
  ac.abort();
  await run;
  const text = await m.text();
  for (const line of [
    'controller_runtime_reconcile_total{controller="widget",result="success"} 1',
    'controller_runtime_reconcile_total{controller="widget",result="requeue_after"} 1',
    'controller_runtime_terminal_reconcile_errors_total{controller="widget"} 1',
    'controller_runtime_max_concurrent_reconciles{controller="widget"} 3',
    'controller_runtime_active_workers{controller="widget"} 0',
    'workqueue_depth{name="widget",controller="widget"} 0',
  ]) assert.ok(text.includes(line), `missing: ${line}`);
  const value = (re: RegExp) => Number(re.exec(text)?.[1]);
  const errors = value(/controller_runtime_reconcile_errors_total\{controller="widget"\} (\d+)/);
  const retries = value(/workqueue_retries_total\{name="widget",controller="widget"\} (\d+)/);
  assert.ok(retries >= 1, 'the flaky key was retried');
  // Every non-terminal error was retried, plus one terminal; one more if the stop caught a failure in flight.
  assert.ok(errors === retries + 1 || errors === retries + 2, `errors ${errors} vs retries ${retries}`);
  assert.equal(value(/controller_runtime_reconcile_time_seconds_count\{controller="widget"\} (\d+)/), n);
  assert.equal(value(/workqueue_adds_total\{name="widget",controller="widget"\} (\d+)/), n);
  assert.match(text, /workqueue_queue_duration_seconds_bucket\{le="1e-8",name="widget",controller="widget"\}/);
  assert.match(text, /workqueue_unfinished_work_seconds\{name="widget",controller="widget"\} 0/);
  assert.match(text, /workqueue_longest_running_processor_seconds\{name="widget",controller="widget"\} 0/);
  m.leader('my-lease', true);
  assert.ok((await m.text()).includes('leader_election_master_status{name="my-lease"} 1'));
});

test('healthz/readyz serve named checks with verbose, exclude and per-check paths', async () => {
  const healthz = new CheckSet('healthz');
  const readyz = new CheckSet('readyz');
  healthz.add('ping', () => {});
  readyz.add('informers', () => {});
  let dbUp = false;
  readyz.add('db', async () => { if (!dbUp) throw new Error('db down'); });
  assert.throws(() => readyz.add('db', () => {}));
  const srv = await serveEndpoints({ port: 0 }, [(q, s) => healthz.serve(q, s), (q, s) => readyz.serve(q, s)]);
  try {
    const get = async (path: string) => { const r = await fetch(srv.url + path); return { code: r.status, body: await r.text() }; };
    assert.deepEqual(await get('/healthz'), { code: 200, body: 'ok' });
    assert.deepEqual(await get('/healthz?verbose'), { code: 200, body: '[+]ping ok\nhealthz check passed\n' });
    const notReady = await get('/readyz');
    assert.equal(notReady.code, 500);
    assert.equal(notReady.body, '[+]informers ok\n[-]db failed: reason withheld\nreadyz check failed\n');
    assert.deepEqual(await get('/readyz/informers'), { code: 200, body: 'ok' });
    assert.equal((await get('/readyz?exclude=db')).code, 200);
    assert.equal((await get('/readyz/nope')).code, 404);
    dbUp = true;
    assert.deepEqual(await get('/readyz'), { code: 200, body: 'ok' });
    assert.equal((await get('/other')).code, 404);
  } finally {
    await srv.close();
  }
});
