/**
 * API server benchmark: creates/s and gets/s with 1 and 16 keep-alive clients, the same loops
 * against a bare Node HTTPS server answering a fixed JSON body (the ceiling), the in-process CPU
 * of a create, watch delivery latency with 100 watchers at 1000 events/s (also against a bare
 * fan-out server, the floor of this machine and of the bench itself), and heap bytes per object.
 *
 * Servers and clients run in separate processes and each one's CPU is reported: on a small,
 * shared machine the bench's own clients take as much CPU as the server. The watch figures come
 * from one lean load generator (bench/apiserver/watch-load.ts) beside the server process.
 * Run: npm run bench:apiserver (BENCH_ONLY=create|get|watch, BENCH_SECONDS, BENCH_WATCHERS,
 * BENCH_RATE, BENCH_WATCH_RUNS, BENCH_WATCH_TRANSPORTS=https|h2|http, BENCH_WATCH_VERBOSE=1, BENCH_SERVER_NODE_OPTIONS=--cpu-prof, BENCH_APISERVER_MAIN=<other checkout>/cli/main.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:https';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuSeconds } from './apiserver/process-cpu.ts';
import { send, startApiServerChild, startCeilingChild, type Target } from './apiserver/targets.ts';
import { printWatchSummary, watchLatency, type Transport, type WatchResult, type WatchRuns } from './apiserver/watch-latency.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
let seq = 0;
const cmBody = () => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${process.pid}-${seq++}`, labels: { app: 'bench' } }, data: { k: 'v'.repeat(64) } });

/** Requests per second, and server CPU microseconds per request. */
interface LoopResult {
  rate: number;
  cpuUs: number;
}

async function loop(t: Target, concurrency: number, op: 'create' | 'get', seconds: number): Promise<LoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: t.ca });
  const cpuBefore = cpuSeconds(t.child.pid);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let failures = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const status = op === 'create'
        ? await send(t, agent, 'POST', '/api/v1/namespaces/default/configmaps', cmBody())
        : await send(t, agent, 'GET', '/api/v1/namespaces/default/configmaps/bench-get');
      if (status >= 300) failures++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (failures) throw new Error(`${failures} failed requests`);
  return { rate: done / seconds, cpuUs: ((cpuSeconds(t.child.pid) - cpuBefore) * 1e6) / done };
}

/**
 * CPU per create inside the server process, without HTTP or TLS: decode, admission, managedFields,
 * commit and response encoding. Process CPU time, so background load distorts it little.
 */
async function createPipelineCpu(count: number): Promise<number> {
  const main = process.env.BENCH_APISERVER_MAIN;
  const root = main ? new URL('../', pathToFileURL(resolve(main))) : new URL('../', import.meta.url);
  const mod = <T>(path: string): Promise<T> => import(new URL(path, root).href) as Promise<T>;
  const { loadExtensions } = await mod<typeof import('../apiserver/extensions.ts')>('apiserver/extensions.ts');
  const { ObjectStore } = await mod<typeof import('../apiserver/storage/store.ts')>('apiserver/storage/store.ts');
  const { ResourceCatalog } = await mod<typeof import('../apiserver/resources/catalog.ts')>('apiserver/resources/catalog.ts');
  const { WatchHub } = await mod<typeof import('../apiserver/watch/hub.ts')>('apiserver/watch/hub.ts');
  const { compiledVersionCache } = await mod<typeof import('../apiserver/objects/context.ts')>('apiserver/objects/context.ts');
  const { seedDefaults } = await mod<typeof import('../apiserver/seed.ts')>('apiserver/seed.ts');
  const { createObject } = await mod<typeof import('../apiserver/objects/write.ts')>('apiserver/objects/write.ts');
  const ext = await loadExtensions();
  const store = await ObjectStore.open({});
  const catalog = new ResourceCatalog([]);
  const ctx = { store, catalog, hub: new WatchHub(store), ext, kubeVersion: '1.32', authz: 'AlwaysAllow' as const, compiledVersion: compiledVersionCache(ext) };
  await seedDefaults(ctx);
  const rt = catalog.lookup('', 'v1', 'configmaps')!;
  let n = 0;
  const one = async () => {
    const input = JSON.parse(cmBody().replace('"cm-', `"p${n++}-`));
    const created = await createObject(ctx, rt, 'default', input, { fieldManager: 'bench', fieldValidation: 'Strict', warnings: [] });
    return Buffer.from(JSON.stringify(created));
  };
  for (let i = 0; i < 2000; i++) await one();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await one();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function heapPerObject(count: number): Promise<number> {
  const { startApiServer } = await import('../apiserver/index.ts');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  const api = await startApiServer();
  const { ObjectStore } = await import('../apiserver/storage/store.ts');
  void ObjectStore;
  const t: Target = { url: api.url, plainUrl: '', ca: api.caPem, token: api.adminToken, child: undefined as unknown as ChildProcess };
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: t.ca });
  await send(t, agent, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'heap' } }));
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i += 16) {
    await Promise.all(Array.from({ length: 16 }, (_, j) => send(t, agent, 'POST', '/api/v1/namespaces/heap/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `h-${i + j}`, labels: { app: 'bench' } }, data: { k: 'v'.repeat(64) } }))));
  }
  agent.destroy();
  await new Promise((r) => setTimeout(r, 100));
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  await api.stop();
  return (after - before) / count;
}

async function main(): Promise<void> {
  const api = await startApiServerChild();
  const ceiling = await startCeilingChild('--ceiling');
  try {
    const agent = new Agent({ keepAlive: true, ca: api.ca });
    await send(api, agent, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench-get' }, data: { k: 'v' } }));
    agent.destroy();
    const only = process.env.BENCH_ONLY;
    if (!only || only === 'create') {
      // The best of three runs: interference only ever adds CPU time.
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await createPipelineCpu(20_000));
      console.log(`create pipeline in process (no HTTP/TLS): ${Math.min(...runs).toFixed(1)} us CPU per create (runs: ${runs.map((r) => r.toFixed(1)).join(', ')})`);
    }
    const rows: string[][] = [['operation', 'clients', 'apiserver req/s', 'ceiling req/s', 'ratio', 'CPU us/req', 'ceiling us/req', 'CPU ratio']];
    const ratios: Record<string, number> = {};
    // BENCH_ONLY=create|get|watch runs one part (profiling).
    for (const op of (['create', 'get'] as const).filter((o) => !only || only === o)) {
      for (const c of [1, 16]) {
        // Alternating short rounds keep background load from favouring either side.
        let a = 0, b = 0, ac = 0, bc = 0;
        const rounds = 3;
        for (let r = 0; r < rounds; r++) {
          const x = await loop(api, c, op, SECONDS / rounds);
          const y = await loop(ceiling, c, op, SECONDS / rounds);
          a += x.rate / rounds; ac += x.cpuUs / rounds;
          b += y.rate / rounds; bc += y.cpuUs / rounds;
        }
        ratios[`${op}/${c}`] = a / b;
        rows.push([op, String(c), a.toFixed(0), b.toFixed(0), `${((a / b) * 100).toFixed(0)}%`, ac.toFixed(0), bc.toFixed(0), `${((bc / ac) * 100).toFixed(0)}%`]);
      }
    }
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(i === 0 ? 10 : 16)).join(''));
    console.log('(ratio: throughput against the ceiling; CPU ratio: ceiling CPU per request / apiserver CPU per request, which background load distorts less)');
    const writeRatio = Math.min(ratios['create/1'] ?? NaN, ratios['create/16'] ?? NaN);
    if (!only || only === 'create') console.log(`target: writes >= 40% of ceiling: ${writeRatio >= 0.4 ? 'met' : 'missed'} (${(writeRatio * 100).toFixed(0)}%)`);
    if (only && only !== 'watch') return;
    const watchers = Number(process.env.BENCH_WATCHERS ?? 100);
    const rate = Number(process.env.BENCH_RATE ?? 1000);
    const runs = Number(process.env.BENCH_WATCH_RUNS ?? 5);
    // BENCH_WATCH_TRANSPORTS=https, h2 or http measures one of them (profiling).
    const transports = (process.env.BENCH_WATCH_TRANSPORTS ?? 'https,h2,http').split(',') as Transport[];
    const fanout = await startCeilingChild('--fanout');
    const results = Object.fromEntries(transports.map((t) => [t, { floors: [] as WatchResult[], watches: [] as WatchResult[] }])) as WatchRuns;
    try {
      // Alternating runs, so that background load falls on every side alike; the run with the
      // median p99 of each is printed in full.
      for (let i = 0; i < runs; i++) {
        for (const transport of transports) {
          results[transport].floors.push(await watchLatency(fanout, watchers, rate, transport, SECONDS));
          results[transport].watches.push(await watchLatency(api, watchers, rate, transport, SECONDS));
        }
      }
    } finally {
      fanout.child.kill('SIGTERM');
    }
    printWatchSummary(results, transports, { watchers, rate, seconds: SECONDS, runs });
    if (only) return;
    const heap = await heapPerObject(10_000);
    console.log(`heap per stored ConfigMap: ${Number.isNaN(heap) ? 'n/a (run with --expose-gc)' : `${heap.toFixed(0)} bytes`}`);
  } finally {
    api.child.kill('SIGTERM');
    ceiling.child.kill('SIGTERM');
  }
}

await main();
