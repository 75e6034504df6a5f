/**
 * Two managers with leader election on one API server: only the leader reconciles; when the
 * leader crashes (stops without releasing the Lease) the other takes over within
 * leaseDuration + retryPeriod; a graceful stop releases the Lease for an immediate hand-over;
 * no reconcile ever runs in both at once.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, waitFor, type TestApi } from '../support/api.ts';
import { ApiClient, ConfigMaps, Leases } from '../../runtime/client/index.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';

const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
let t: TestApi;
let client: ApiClient;

before(async () => { t = await startTestApi(); client = new ApiClient(t.kc); });
after(async () => { await t.api.stop(); });

interface Span { who: string; start: number; end?: number }

function candidate(who: string, spans: Span[], releaseOnCancel: boolean) {
  const mgr = new Manager({
    kubeConfig: t.kc, logger: silentLogger(),
    leaderElection: { id: 'widget-operator', namespace: 'default', identity: who, ...timing, releaseOnCancel, onLost: 'follow' },
  });
  controllerFor(mgr, ConfigMaps).complete(async (req) => {
    if (!req.name.startsWith('item-')) return;
    const span: Span = { who, start: performance.now() };
    spans.push(span);
    await new Promise((r) => setTimeout(r, 5));
    span.end = performance.now();
  });
  const ac = new AbortController();
  const run = mgr.start(ac.signal);
  return { mgr, who, stop: async () => { ac.abort(); await run; } };
}

function assertNoOverlap(spans: Span[]): void {
  const byWho = (w: string) => spans.filter((s) => s.who === w);
  const whos = [...new Set(spans.map((s) => s.who))];
  for (const a of byWho(whos[0] ?? '')) for (const b of whos.slice(1).flatMap(byWho)) {
    const overlap = a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity);
    assert.equal(overlap, false, `reconciles of ${a.who} and ${b.who} overlapped`);
  }
}

const holder = async () => ((await client.get(Leases, { namespace: 'default', name: 'widget-operator' })).spec as { holderIdentity?: string }).holderIdentity ?? '';

test('only the leader reconciles; a crashed leader is replaced within leaseDuration + retryPeriod', async () => {
  const spans: Span[] = [];
  const a = candidate('a', spans, false);
  await a.mgr.elected();
  const b = candidate('b', spans, false);
  for (let i = 0; i < 20; i++) await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `item-${i}`, namespace: 'default' } });
  await waitFor(() => spans.filter((s) => s.who === 'a').length >= 20, 'leader reconciled all items');
  await new Promise((r) => setTimeout(r, 3 * timing.retryPeriodMs));
  assert.equal(spans.filter((s) => s.who === 'b').length, 0, 'the follower reconciled nothing');
  assert.equal(b.mgr.isLeader(), false);
  assert.equal(await holder(), 'a');

  // Crash: stop without releasing the Lease.
  await a.stop();
  const crashedAt = performance.now();
  assert.equal(await holder(), 'a', 'a crash leaves the Lease held');
  await b.mgr.elected();
  const takeover = performance.now() - crashedAt;
  assert.ok(takeover <= timing.leaseDurationMs + timing.retryPeriodMs * 1.2 + 500, `takeover took ${Math.round(takeover)} ms`);
  await waitFor(() => spans.filter((s) => s.who === 'b').length >= 20, 'new leader replays and reconciles every item');
  assert.equal(await holder(), 'b');
  assertNoOverlap(spans);

  await b.stop();
  assert.equal(await holder(), 'b', 'without releaseOnCancel the Lease stays with its last holder');
});

test('a graceful stop with releaseOnCancel hands over before the lease expires', async () => {
  const spans: Span[] = [];
  const x = candidate('x', spans, true);
  await x.mgr.elected();
  const y = candidate('y', spans, true);
  await new Promise((r) => setTimeout(r, timing.retryPeriodMs * 2));
  const stoppedAt = performance.now();
  await x.stop();
  await y.mgr.elected();
  const handover = performance.now() - stoppedAt;
  assert.ok(handover < timing.leaseDurationMs, `hand-over took ${Math.round(handover)} ms`);
  assert.equal(await holder(), 'y');
  await y.stop();
  assert.equal(await holder(), '');
});

test('a leader whose Lease is taken stops reconciling and start() rejects with onLost "stop"', async () => {
  const spans: Span[] = [];
  const mgr = new Manager({
    kubeConfig: t.kc, logger: silentLogger(),
    leaderElection: { id: 'stolen-lease', namespace: 'default', identity: 'z', ...timing, onLost: 'stop' },
  });
  let inFlightAborted = false;
  controllerFor(mgr, ConfigMaps).complete(async (req, ctx) => {
    if (req.name !== 'slow-item') return;
    spans.push({ who: 'z', start: performance.now() });
    await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
    inFlightAborted = true;
  });
  const run = mgr.start(new AbortController().signal);
  await mgr.elected();
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slow-item', namespace: 'default' } });
  await waitFor(() => spans.length === 1, 'slow reconcile started');
  const lease = await client.get(Leases, { namespace: 'default', name: 'stolen-lease' });
  await client.update(Leases, { ...lease, spec: { ...(lease.spec as object), holderIdentity: 'intruder', leaseDurationSeconds: 60 } });
  await assert.rejects(run, (err: Error) => err.name === 'LeaderElectionLostError');
  assert.equal(mgr.isLeader(), false);
  assert.equal(inFlightAborted, true, 'the in-flight reconcile saw its signal abort');
  assert.equal(await (async () => ((await client.get(Leases, { namespace: 'default', name: 'stolen-lease' })).spec as { holderIdentity: string }).holderIdentity)(), 'intruder', 'a lost Lease is not released');
});

test('with onLost "follow" a manager that lost its Lease campaigns again and resumes reconciling', async () => {
  const seen: string[] = [];
  const mgr = new Manager({
    kubeConfig: t.kc, logger: silentLogger(),
    leaderElection: { id: 'follow-lease', namespace: 'default', identity: 'f', ...timing, onLost: 'follow' },
  });
  controllerFor(mgr, ConfigMaps).complete((req) => { if (req.name.startsWith('follow-')) seen.push(req.name); });
  const ac = new AbortController();
  const run = mgr.start(ac.signal);
  await mgr.elected();
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'follow-1', namespace: 'default' } });
  await waitFor(() => seen.includes('follow-1'), 'reconciled while leader');
  const lease = await client.get(Leases, { namespace: 'default', name: 'follow-lease' });
  await client.update(Leases, { ...lease, spec: { ...(lease.spec as object), holderIdentity: 'intruder' } });
  await waitFor(() => !mgr.isLeader(), 'leadership lost');
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'follow-2', namespace: 'default' } });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(seen.includes('follow-2'), false, 'followers do not reconcile');
  await mgr.elected();
  await waitFor(() => seen.includes('follow-2') && seen.filter((n) => n === 'follow-1').length >= 2, 'resumed with a replay of the cache');
  assert.equal(await (async () => ((await client.get(Leases, { namespace: 'default', name: 'follow-lease' })).spec as { holderIdentity: string }).holderIdentity)(), 'f');
  ac.abort();
  await run;
});

test('a leader draining a long reconcile keeps renewing, so no successor overlaps it', async () => {
  const spans: Span[] = [];
  const slow = new Manager({
    kubeConfig: t.kc, logger: silentLogger(), gracefulShutdownTimeoutMs: 10_000,
    leaderElection: { id: 'drain-lease', namespace: 'default', identity: 'slow', ...timing, onLost: 'stop' },
  });
  controllerFor(slow, ConfigMaps).complete(async (req) => {
    if (req.name !== 'drain-item') return;
    const span: Span = { who: 'slow', start: performance.now() };
    spans.push(span);
    await new Promise((r) => setTimeout(r, timing.leaseDurationMs * 2));
    span.end = performance.now();
  });
  const ac = new AbortController();
  const run = slow.start(ac.signal);
  await slow.elected();
  const next = new Manager({ kubeConfig: t.kc, logger: silentLogger(), leaderElection: { id: 'drain-lease', namespace: 'default', identity: 'next', ...timing, onLost: 'stop' } });
  controllerFor(next, ConfigMaps).complete(async (req) => { if (req.name === 'drain-item') spans.push({ who: 'next', start: performance.now(), end: performance.now() }); });
  const nextStop = new AbortController();
  const nextRun = next.start(nextStop.signal);
  await client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drain-item', namespace: 'default' } });
  await waitFor(() => spans.length === 1, 'slow reconcile started');
  ac.abort();
  await next.elected();
  await run;
  assert.ok(spans[0]!.end !== undefined && spans[0]!.end <= performance.now());
  await waitFor(() => spans.some((s) => s.who === 'next'), 'successor reconciles');
  assertNoOverlap(spans);
  nextStop.abort();
  await nextRun;
});
