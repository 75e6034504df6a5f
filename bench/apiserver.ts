/**
 * API server benchmark: creates/s and gets/s with 1 and 16 keep-alive clients, the same loops
 * against a bare Node HTTPS server answering a fixed JSON body (the ceiling), watch delivery
 * latency with 100 watchers at 1000 events/s, and heap bytes per stored object.
 *
 * Servers run in child processes so the load generator does not share their CPU.
 * Run: npm run bench:apiserver
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parentPort, Worker, workerData } from 'node:worker_threads';

interface Target {
  url: string;
  ca: string;
  token: string;
  child: ChildProcess;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WATCH_WORKERS = 2;
const self = fileURLToPath(import.meta.url);

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
  const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, 'apiserver', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /listening on (\S+),/);
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  return { url: m[1]!, token: kc.users[0].user.token, ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), child };
}

async function startCeilingChild(): Promise<Target> {
  const child = spawn(process.execPath, [self, '--ceiling-server'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /ceiling (\S+) (\S+)\n/);
  return { url: m[1]!, token: 'x', ca: Buffer.from(m[2]!, 'base64').toString(), child };
}

/** Child mode: a bare HTTPS server that reads the body and answers a fixed ConfigMap. */
async function runCeilingServer(): Promise<void> {
  const { createServingCertificates } = await import('../apiserver/tls/cert.ts');
  const certs = createServingCertificates();
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'bench', uid: '7a0e6b9e-0000-4000-8000-000000000000', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' }, data: { k: 'v' } });
  const server = createServer({ cert: certs.server.certPem, key: certs.server.keyPem, keepAliveTimeout: 65_000 }, (req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    process.stdout.write(`ceiling https://127.0.0.1:${port} ${Buffer.from(certs.ca.certPem).toString('base64')}\n`);
  });
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

/** CPU seconds a child process has used (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Worker mode: opens watchers and reports delivery latencies (receive time minus the sent stamp). */
function runWatchWorker(): void {
  const { url: base, ca, token, count } = workerData as { url: string; ca: string; token: string; count: number };
  const agent = new Agent({ keepAlive: true, maxSockets: count, ca });
  const latencies: number[] = [];
  let ready = 0;
  for (let i = 0; i < count; i++) {
    const url = new URL('/api/v1/namespaces/kube-public/configmaps?watch=true&resourceVersion=0', base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      if (++ready === count) parentPort!.postMessage({ ready: true });
      let buf = '';
      res.on('data', (d: Buffer) => {
        const now = performance.timeOrigin + performance.now();
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const at = line.indexOf('"sent":"');
          if (at >= 0) latencies.push(now - Number(line.slice(at + 8, line.indexOf('"', at + 8))));
        }
      });
    });
    req.on('error', () => {});
    req.end();
  }
  parentPort!.on('message', (m: { report?: boolean }) => {
    if (m.report) { parentPort!.postMessage({ latencies: latencies.splice(0) }); process.exit(0); }
    else parentPort!.postMessage({ count: latencies.length });
  });
}

async function watchLatency(t: Target, watchers: number, rate: number): Promise<{ p50: number; p99: number; delivered: number; serverCpu: number }> {
  // Watchers live in worker threads so that reading 100 streams does not delay the writer.
  const perWorker = Math.ceil(watchers / WATCH_WORKERS);
  const workers = Array.from({ length: WATCH_WORKERS }, (_, i) => new Worker(self, {
    argv: ['--watch-worker'], workerData: { url: t.url, ca: t.ca, token: t.token, count: Math.min(perWorker, watchers - i * perWorker) },
  }));
  const ask = <T>(w: Worker, msg: object) => new Promise<T>((resolve) => { w.once('message', resolve); w.postMessage(msg); });
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: t.ca });
  const total = rate * SECONDS;
  const cpuBefore = cpuSeconds(t.child.pid);
  const start = performance.now();
  const inflight: Promise<number>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${i}` }, data: { sent: String(performance.timeOrigin + performance.now()) } });
    inflight.push(send(t, agent, 'POST', '/api/v1/namespaces/kube-public/configmaps', body));
    if (inflight.length > 256) await inflight.shift();
  }
  await Promise.all(inflight);
  const serverCpu = cpuSeconds(t.child.pid) - cpuBefore;
  const expected = total * watchers;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const counts = await Promise.all(workers.map((w) => ask<{ count: number }>(w, {})));
    if (counts.reduce((a, c) => a + c.count, 0) >= expected || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const latencies = (await Promise.all(workers.map((w) => ask<{ latencies: number[] }>(w, { report: true })))).flatMap((r) => r.latencies);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), delivered: latencies.length / expected, serverCpu };
}

async function heapPerObject(count: number): Promise<number> {
  const { startApiServer } = await import('../apiserver/index.ts');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  const api = await startApiServer();
  const { ObjectStore } = await import('../apiserver/storage/store.ts');
  void ObjectStore;
  const t: Target = { url: api.url, ca: api.caPem, token: api.adminToken, child: undefined as unknown as ChildProcess };
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
  if (process.argv.includes('--ceiling-server')) return runCeilingServer();
  if (process.argv.includes('--watch-worker')) return runWatchWorker();
  const api = await startApiServerChild();
  const ceiling = await startCeilingChild();
  try {
    const agent = new Agent({ keepAlive: true, ca: api.ca });
    await send(api, agent, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench-get' }, data: { k: 'v' } }));
    agent.destroy();
    const rows: string[][] = [['operation', 'clients', 'apiserver req/s', 'ceiling req/s', 'ratio', 'CPU us/req', 'ceiling us/req', 'CPU ratio']];
    const ratios: Record<string, number> = {};
    const only = process.env.BENCH_ONLY;
    for (const op of only === 'watch' ? [] : ['create', 'get'] as const) {
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
    const watch = await watchLatency(api, Number(process.env.BENCH_WATCHERS ?? 100), 1000);
    const heap = await heapPerObject(10_000);
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(i === 0 ? 10 : 16)).join(''));
    console.log('(ratio: throughput against the ceiling; CPU ratio: ceiling CPU per request / apiserver CPU per request, which background load distorts less)');
    console.log(`watch delivery (100 watchers, 1000 events/s for ${SECONDS}s): p50 ${watch.p50.toFixed(2)} ms, p99 ${watch.p99.toFixed(2)} ms, delivered ${(watch.delivered * 100).toFixed(1)}%, server CPU ${(watch.serverCpu / SECONDS * 100).toFixed(0)}% of a core`);
    console.log(`heap per stored ConfigMap: ${Number.isNaN(heap) ? 'n/a (run with --expose-gc)' : `${heap.toFixed(0)} bytes`}`);
    const writeRatio = Math.min(ratios['create/1'] ?? NaN, ratios['create/16'] ?? NaN);
    console.log(`targets: writes >= 40% of ceiling: ${writeRatio >= 0.4 ? 'met' : 'missed'} (${(writeRatio * 100).toFixed(0)}%); watch p99 < 10 ms: ${watch.p99 < 10 ? 'met' : 'missed'}`);
  } finally {
    api.child.kill('SIGTERM');
    ceiling.child.kill('SIGTERM');
  }
}

await main();
