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
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { cpuSeconds } from './apiserver/process-cpu.ts';

interface Target {
  url: string;
  /** The plain-HTTP loopback listener. */
  plainUrl: string;
  ca: string;
  token: string;
  child: ChildProcess;
  /** Keeps what it is sent (the API server): each watch run's objects are removed before the next. */
  stateful?: boolean;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** A watch run during which the hypervisor took less than this share of the machine counts as quiet. */
const QUIET_STEAL = 0.01;

function once(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

async function startApiServerChild(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'tsop-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // BENCH_APISERVER_MAIN points at another checkout's cli/main.ts for before/after comparisons.
  const main = process.env.BENCH_APISERVER_MAIN ?? fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  // BENCH_SERVER_NODE_OPTIONS passes flags such as --cpu-prof to the server process.
  const nodeArgs = process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, main, 'apiserver', '--kubeconfig', kubeconfig, '--insecure-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /listening on (\S+),[^\n]*\nplain HTTP on (\S+) /);
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  return { url: m[1]!, plainUrl: m[2]!, token: kc.users[0].user.token, ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), child, stateful: true };
}

async function startCeilingChild(mode: '--ceiling' | '--fanout'): Promise<Target> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./apiserver/ceiling-servers.ts', import.meta.url)), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /ceiling (\S+) (\S+) (\S+)\n/);
  return { url: m[1]!, plainUrl: m[3]!, token: 'x', ca: Buffer.from(m[2]!, 'base64').toString(), child };
}

function send(t: Target, agent: Agent, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.url);
    const req = request({
      method, host: url.hostname, port: url.port, path: url.pathname + url.search, agent,
      headers: { Authorization: `Bearer ${t.token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/**
 * POSTs a body built when the request gets its connection, so a stamp inside it leaves out the
 * time spent queued in the client's agent (the bench's own overhead, not the server's latency).
 */
function postStamped(t: Target, agent: Agent, path: string, make: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.url);
    const req = request({
      method: 'POST', host: url.hostname, port: url.port, path: url.pathname + url.search, agent,
      headers: { Authorization: `Bearer ${t.token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.once('socket', () => {
      const body = make();
      req.setHeader('Content-Length', Buffer.byteLength(body));
      req.end(body);
    });
  });
}

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Watch delivery figures: each latency runs from the POST leaving the writer to the event read. */
interface WatchResult {
  p50: number;
  p99: number;
  max: number;
  postP50: number;
  postP99: number;
  delivered: number;
  /** CPU share of one core over the sending period: the server, and the load generator. */
  serverCpu: number;
  clientCpu: number;
  /** Server CPU per event: the create plus its delivery to every watcher. */
  serverUsPerEvent: number;
  /** The furthest any POST left behind its schedule (the load generator falling behind). */
  behindMs: number;
  /** p99 of the load generator's event-loop delay: how much of the tail is the client's own. */
  clientLoopDelayP99: number;
  /** Share of the machine's CPU time the hypervisor gave to other guests during the run. */
  hostSteal: number;
}

interface LoadReport {
  latencies: number[];
  postMs: number[];
  failures: number;
  expected: number;
  serverCpu: number;
  clientCpu: number;
  elapsed: number;
  behindMs: number;
  clientLoopDelayP99: number;
  hostSteal: number;
}

let watchRuns = 0;

/**
 * How the watchers reach the server: `https`, HTTP/1.1 with a TLS connection per watch (as
 * client-node opens them); `h2`, every watch a stream of one HTTP/2 session (as client-go and kubectl
 * multiplex them); `http`, HTTP/1.1 on the plain loopback listener. The writer uses HTTP/1.1.
 */
type Transport = 'https' | 'h2' | 'http';

async function watchLatency(t: Target, watchers: number, rate: number, transport: Transport): Promise<WatchResult> {
  // One load process (watchers and writer) beside one server process: on two cores each has one.
  const namespace = `bench-watch-${++watchRuns}`;
  const env = { ...process.env, BENCH_WATCH_PROTOCOL: transport === 'h2' ? 'h2' : 'h1', BENCH_URL: transport === 'http' ? t.plainUrl : t.url, BENCH_CA: t.ca, BENCH_TOKEN: t.token, BENCH_WATCHERS: String(watchers), BENCH_RATE: String(rate), BENCH_SECONDS: String(SECONDS), BENCH_SERVER_PID: String(t.child.pid), BENCH_NAMESPACE: namespace };
  const load = fork(fileURLToPath(new URL('./apiserver/watch-load.ts', import.meta.url)), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const r = await new Promise<LoadReport>((resolve, reject) => {
    load.once('message', (m) => resolve(m as LoadReport));
    load.once('exit', (code) => reject(new Error(`watch load generator exited ${code}`)));
  });
  if (r.failures) throw new Error(`${r.failures} watch bench creates failed`);
  if (t.stateful) await dropNamespace(t, namespace);
  const latencies = r.latencies.sort((a, b) => a - b);
  const postMs = r.postMs.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN,
    postP50: percentile(postMs, 50), postP99: percentile(postMs, 99), delivered: latencies.length / r.expected,
    serverCpu: r.serverCpu, clientCpu: r.clientCpu, serverUsPerEvent: (r.serverCpu * 1e6) / rate, behindMs: r.behindMs, clientLoopDelayP99: r.clientLoopDelayP99, hostSteal: r.hostSteal,
  };
}

/**
 * Deletes a run's namespace and waits until the server has removed it with its objects, so every
 * run starts from the same store and heap instead of the thousands of objects earlier runs left.
 */
async function dropNamespace(t: Target, namespace: string): Promise<void> {
  const agent = new Agent({ keepAlive: true, ca: t.ca });
  try {
    await send(t, agent, 'DELETE', `/api/v1/namespaces/${namespace}`);
    const deadline = Date.now() + 120_000;
    while ((await send(t, agent, 'GET', `/api/v1/namespaces/${namespace}`)) !== 404) {
      if (Date.now() > deadline) throw new Error(`namespace ${namespace} was not removed within 2 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    agent.destroy();
  }
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
    const results = Object.fromEntries(transports.map((t) => [t, { floors: [] as WatchResult[], watches: [] as WatchResult[] }])) as Record<Transport, { floors: WatchResult[]; watches: WatchResult[] }>;
    try {
      // Alternating runs, so that background load falls on every side alike; the run with the
      // median p99 of each is printed in full.
      for (let i = 0; i < runs; i++) {
        for (const transport of transports) {
          results[transport].floors.push(await watchLatency(fanout, watchers, rate, transport));
          results[transport].watches.push(await watchLatency(api, watchers, rate, transport));
        }
      }
    } finally {
      fanout.child.kill('SIGTERM');
    }
    const median = (rs: WatchResult[]) => [...rs].sort((a, b) => a.p99 - b.p99)[Math.floor(rs.length / 2)]!;
    const steal = (w: WatchResult) => `${(w.hostSteal * 100).toFixed(1)}%`;
    const p99s = (rs: WatchResult[]) => rs.map((r) => `${r.p99.toFixed(1)} (${steal(r)})`).join(', ');
    const describe = (w: WatchResult) => `p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, max ${w.max.toFixed(0)} ms, delivered ${(w.delivered * 100).toFixed(1)}%; POST p50 ${w.postP50.toFixed(2)} ms p99 ${w.postP99.toFixed(2)} ms; server CPU ${w.serverUsPerEvent.toFixed(0)} us/event; CPU (share of a core) server ${(w.serverCpu * 100).toFixed(0)}%, load generator ${(w.clientCpu * 100).toFixed(0)}%; writer at most ${w.behindMs.toFixed(1)} ms behind schedule, load generator loop delay p99 ${w.clientLoopDelayP99.toFixed(1)} ms; host steal ${steal(w)}`;
    console.log(`watch delivery (${watchers} watchers, ${rate} events/s for ${SECONDS}s after a 1 s warm-up, POST leaving the client to event received; median of ${runs} runs by p99):`);
    const titles = {
      https: 'over HTTPS with HTTP/1.1, a connection per watch (client-node)',
      h2: 'over HTTPS with HTTP/2, every watch a stream of one connection (client-go, kubectl)',
      http: 'over the plain-HTTP loopback listener with HTTP/1.1 (--insecure-port; no TLS on either side)',
    };
    const verdicts: string[] = [];
    const quietVerdicts: string[] = [];
    for (const transport of transports) {
      const { floors, watches } = results[transport];
      const watch = median(watches);
      console.log(` ${titles[transport]}:`);
      console.log(`  apiserver:             ${describe(watch)}`);
      console.log(`  bare fan-out ceiling:  ${describe(median(floors))}`);
      // Beside each run's p99, the CPU share the hypervisor took meanwhile: long tails of both servers come with it.
      console.log(`  p99 of each run (host steal): apiserver ${p99s(watches)} ms; bare fan-out ${p99s(floors)} ms`);
      // The runs the hypervisor left alone say what the servers do; all runs say what this host did to them.
      const quiet = (rs: WatchResult[]) => rs.filter((r) => r.hostSteal < QUIET_STEAL);
      const quietMedian = (rs: WatchResult[]) => (quiet(rs).length ? `${median(quiet(rs)).p99.toFixed(1)} ms (${quiet(rs).length} of ${rs.length} runs)` : `no run (of ${rs.length})`);
      console.log(`  median p99 of the runs with host steal under ${QUIET_STEAL * 100}%: apiserver ${quietMedian(watches)}; bare fan-out ${quietMedian(floors)}`);
      if (quiet(watches).length) quietVerdicts.push(`${transport === 'h2' ? 'HTTP/2' : transport.toUpperCase()} ${median(quiet(watches)).p99 < 10 ? 'met' : 'missed'} (${median(quiet(watches)).p99.toFixed(1)} ms)`);
      // BENCH_WATCH_VERBOSE=1 prints every run in full: CPU and the writer's lag show which side a tail came from.
      if (process.env.BENCH_WATCH_VERBOSE) for (const [who, w] of [...watches.map((w) => ['apiserver', w] as const), ...floors.map((w) => ['bare', w] as const)]) console.log(`   ${who}: ${describe(w)}`);
      verdicts.push(`${transport === 'h2' ? 'HTTP/2' : transport.toUpperCase()} ${watch.p99 < 10 ? 'met' : 'missed'} (${watch.p99.toFixed(1)} ms)`);
    }
    console.log(`target: watch p99 < 10 ms: ${verdicts.join('; ')}`);
    console.log(`  in the runs with host steal under ${QUIET_STEAL * 100}%: ${quietVerdicts.length ? quietVerdicts.join('; ') : 'no such run'}`);
    if (only) return;
    const heap = await heapPerObject(10_000);
    console.log(`heap per stored ConfigMap: ${Number.isNaN(heap) ? 'n/a (run with --expose-gc)' : `${heap.toFixed(0)} bytes`}`);
  } finally {
    api.child.kill('SIGTERM');
    ceiling.child.kill('SIGTERM');
  }
}

await main();
