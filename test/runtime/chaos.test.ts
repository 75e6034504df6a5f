/**
 * Chaos: 500 parents reconciled into owned children through a fault-injecting proxy that drops
 * watches and answers some writes with 409/500, while the leader crashes mid-run. At the end every
 * surviving parent has exactly one child matching its final data, and deleted parents left none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, kubeConfigFrom, waitFor } from '../support/api.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { ApiClient, ConfigMaps, Secrets } from '../../runtime/client/index.ts';
import { isNotFound } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { Manager } from '../../runtime/manager/index.ts';
import { controllerFor } from '../../runtime/builder/index.ts';
import { createOrUpdate, setControllerReference } from '../../runtime/helpers/index.ts';
import { silentLogger } from '../../runtime/log/index.ts';
import type { KubeConfig } from '@kubernetes/client-node';

const N = 500;
const ns = 'default';
const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };

function operator(kc: KubeConfig, identity: string) {
  const mgr = new Manager({
    kubeConfig: kc, logger: silentLogger(),
    cache: { backoff: { initialMs: 20, maxMs: 500 } },
    leaderElection: { id: 'chaos', namespace: ns, identity, ...timing, releaseOnCancel: false, onLost: 'follow' },
  });
  let reconciles = 0;
  controllerFor(mgr, ConfigMaps, { predicates: [{ create: (o) => o.metadata.name?.startsWith('p-') ?? false, update: (_o, n) => n.metadata.name?.startsWith('p-') ?? false, delete: (o) => o.metadata.name?.startsWith('p-') ?? false }] })
    .owns(Secrets)
    .withOptions({ maxConcurrentReconciles: 8 })
    .complete(async (req) => {
      reconciles++;
      let parent: KubeObject;
      try {
        parent = await mgr.client.get(ConfigMaps, req);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        try {
          await mgr.client.delete(Secrets, { namespace: req.namespace, name: `${req.name}-child` });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        return;
      }
      await createOrUpdate(mgr.client, Secrets, { metadata: { name: `${req.name}-child`, namespace: req.namespace } } as KubeObject, (s) => {
        s.data = Object.fromEntries(Object.entries((parent.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        setControllerReference(parent, s);
      });
    });
  const ac = new AbortController();
  const run = mgr.start(ac.signal);
  return { mgr, identity, reconciles: () => reconciles, crash: async () => { ac.abort(); await run; } };
}

test('500 objects converge exactly despite dropped watches, injected 409/500 and a leader crash', { timeout: 120_000 }, async () => {
  const t = await startTestApi();
  const proxy = await startFaultProxy({ url: t.api.url, caPem: t.api.caPem, token: t.api.adminToken });
  const direct = new ApiClient(t.kc);
  const viaProxy = () => kubeConfigFrom(proxy.kubeconfig());
  const a = operator(viaProxy(), 'a');
  await a.mgr.elected();
  const b = operator(viaProxy(), 'b');

  let chaosOn = true;
  const isWrite = (m: string) => m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE';
  proxy.inject({ match: (r) => chaosOn && isWrite(r.method) && r.path.includes('/secrets') && Math.random() < 0.08, action: { status: 500 }, times: Infinity });
  proxy.inject({ match: (r) => chaosOn && (r.method === 'PUT' || r.method === 'POST') && r.path.includes('/secrets') && Math.random() < 0.08, action: { status: 409, reason: 'Conflict', message: 'injected conflict' }, times: Infinity });
  const dropper = setInterval(() => { if (chaosOn && Math.random() < 0.5) proxy.dropConnections((r) => r.watch); }, 250);

  const want = new Map<string, Record<string, string> | undefined>();
  const names = Array.from({ length: N }, (_, i) => `p-${String(i).padStart(3, '0')}`);
  const pool = async <T>(items: T[], width: number, fn: (x: T) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => { while (next < items.length) await fn(items[next++]!); }));
  };
  await pool(names, 16, async (name) => {
    const data = { value: `${name}-v0` };
    await direct.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
    want.set(name, data);
  });
  let crashed = false;
  await pool(names.filter((_, i) => i % 3 === 0), 8, async (name) => {
    if (!crashed && name >= 'p-240') {
      crashed = true;
      await a.crash();
    }
    const data = { value: `${name}-v1`, extra: 'x' };
    await direct.patch(ConfigMaps, { namespace: ns, name }, { data }, { type: 'merge' });
    want.set(name, data);
  });
  await pool(names.filter((_, i) => i % 10 === 5), 8, async (name) => {
    await direct.delete(ConfigMaps, { namespace: ns, name });
    want.set(name, undefined);
  });
  await b.mgr.elected();
  await new Promise((r) => setTimeout(r, 1000));
  chaosOn = false;
  clearInterval(dropper);

  const survivors = [...want].filter(([, v]) => v !== undefined);
  const check = async (): Promise<string> => {
    const parents = new Map((await direct.list(ConfigMaps, { namespace: ns })).items.filter((p) => p.metadata.name!.startsWith('p-')).map((p) => [p.metadata.name!, p]));
    const children = (await direct.list(Secrets, { namespace: ns })).items.filter((s) => s.metadata.name!.endsWith('-child'));
    const problems: string[] = [];
    if (parents.size !== survivors.length) problems.push(`${parents.size} parents, expected ${survivors.length}`);
    const seen = new Set<string>();
    for (const c of children) {
      const owner = c.metadata.name!.slice(0, -'-child'.length);
      const p = parents.get(owner);
      if (!p) { problems.push(`leaked child ${c.metadata.name}`); continue; }
      if (seen.has(owner)) problems.push(`duplicate child of ${owner}`);
      seen.add(owner);
      const refs = c.metadata.ownerReferences ?? [];
      if (refs.length !== 1 || refs[0]!.uid !== p.metadata.uid || !refs[0]!.controller) problems.push(`bad owner refs on ${c.metadata.name}`);
      const got = Object.fromEntries(Object.entries((c.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
      if (JSON.stringify(got) !== JSON.stringify(want.get(owner))) problems.push(`stale child of ${owner}`);
    }
    for (const [name] of survivors) if (!seen.has(name)) problems.push(`missing child of ${name}`);
    return problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (+${problems.length - 5})` : '');
  };
  let last = '';
  try {
    await waitFor(async () => (last = await check()) === '', 'convergence', 60_000, 250);
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${last}`);
  }
  const injected = proxy.log.filter((e) => e.fault === '500' || e.fault === '409').length;
  assert.ok(injected > 0, 'faults were injected');
  assert.ok(crashed, 'the first leader crashed mid-run');
  assert.ok(proxy.log.filter((e) => e.watch).length > 2, 'watches were re-established after drops');
  assert.equal(a.mgr.isLeader(), false);
  assert.ok(b.reconciles() > 0, 'the successor reconciled');
  await b.crash();
  await proxy.close();
  await t.api.stop();
});
