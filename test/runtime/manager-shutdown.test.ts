/** Manager shutdown: in-flight reconciles finish within the deadline; past it, they are aborted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { Manager } from '../../runtime/manager/index.ts';
import { Controller, TriggerSource } from '../../runtime/controller/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';

function offlineKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return kc;
}

function setup(gracefulShutdownTimeoutMs: number, work: (signal: AbortSignal) => Promise<void>) {
  const mgr = new Manager({ kubeConfig: offlineKubeConfig(), logger: silentLogger(), gracefulShutdownTimeoutMs });
  const src = new TriggerSource();
  const events: string[] = [];
  const ctl = new Controller(async (req, ctx) => {
    events.push(`start ${req.name}`);
    await work(ctx.signal);
    events.push(`end ${req.name} aborted=${ctx.signal.aborted}`);
  }, { name: 'shutdown-test', ...mgr.controllerDefaults('shutdown-test') });
  ctl.watch(src);
  mgr.addController(ctl);
  const ac = new AbortController();
  const run = mgr.start(ac.signal);
  return { mgr, src, events, ac, run };
}

test('SIGTERM-style stop lets an in-flight reconcile finish within the deadline', async () => {
  const s = setup(5_000, () => new Promise((r) => setTimeout(r, 150)));
  await s.mgr.elected();
  s.src.trigger({ namespace: 'ns', name: 'a' });
  await new Promise((r) => setTimeout(r, 20));
  s.ac.abort();
  s.src.trigger({ namespace: 'ns', name: 'late' });
  await s.run;
  assert.deepEqual(s.events, ['start a', 'end a aborted=false'], 'finished undisturbed; the late trigger was not taken');
});

test('a reconcile that outlives the deadline is aborted and shutdown completes', async () => {
  let release!: () => void;
  const stuck = new Promise<void>((r) => { release = r; });
  const s = setup(100, async (signal) => {
    // Ignores its signal entirely until the test releases it.
    void signal;
    await stuck;
  });
  await s.mgr.elected();
  s.src.trigger({ namespace: 'ns', name: 'hung' });
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  s.ac.abort();
  await s.run;
  assert.ok(performance.now() - t0 < 5_000, 'shutdown did not wait for the hung reconcile');
  assert.deepEqual(s.events, ['start hung']);
  release();
});
