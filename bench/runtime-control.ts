/**
 * Control-plane benchmark: event-to-reconcile latency (p50/p99) while creating objects at a target
 * rate, and reconciles per second at concurrency 1, 4 and 16, against the local API server
 * running in a child process (so server CPU does not distort the operator's event loop).
 *
 *   node bench/runtime-control.ts [--rate 1000] [--seconds 5] [--objects 2000] [--concurrency 1,4,16]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient } from '../runtime/client/api-client.ts';
import { ConfigMaps, Namespaces } from '../runtime/client/builtins.ts';
import type { KubeObject } from '../runtime/core/meta.ts';
import { Manager } from '../runtime/manager/manager.ts';
import { controllerFor } from '../runtime/builder/builder.ts';
import { silentLogger } from '../runtime/log/logger.ts';

const { values: args } = parseArgs({ options: {
  serve: { type: 'boolean', default: false },
  rate: { type: 'string', default: '1000' },
  seconds: { type: 'string', default: '5' },
  objects: { type: 'string', default: '2000' },
  concurrency: { type: 'string', default: '1,4,16' },
} });


async function startServerProcess(): Promise<{ kc: KubeConfig; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const kc = new KubeConfig();
  kc.loadFromString((JSON.parse(line) as { kubeconfig: string }).kubeconfig);
  return { kc, stop: () => { child.stdin!.end(); } };
}

const now = () => performance.timeOrigin + performance.now();
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function namespace(client: ApiClient, name: string): Promise<void> {
  await client.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Creates objects at `rate`/s for `seconds`; measures create-sent → first reconcile start. */
async function latency(kc: KubeConfig, rate: number, seconds: number): Promise<void> {
  const client = new ApiClient(kc);
  const ns = 'bench-latency';
  await namespace(client, ns);
  const sent = new Map<string, number>();
  const seen = new Map<string, number>();
  const delivered = new Map<string, number>();
  const mgr = new Manager({ kubeConfig: kc, logger: silentLogger(), cache: { namespace: ns } });
  // The controller's informer (same resource and scope): records when each watch event arrives.
  mgr.cache.informerFor(ConfigMaps).addEventHandler({ onAdd: (o) => { delivered.set(o.metadata.name!, now()); } });
  controllerFor(mgr, ConfigMaps).withOptions({ maxConcurrentReconciles: 4 }).complete((req) => {
    if (!seen.has(req.name)) seen.set(req.name, now());
  });
  const stop = new AbortController();
  const run = mgr.start(stop.signal);
  await mgr.elected();
  await mgr.cache.waitForSync();
  const total = rate * seconds;
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const started = now();
  let issued = 0;
  let inFlight = 0;
  let failed = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((now() - started) / 1000) * rate) + perTick);
    while (issued < due && inFlight < 512) {
      const name = `o-${issued++}`;
      inFlight++;
      sent.set(name, now());
      client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { k: 'v' } })
        .catch(() => { failed++; sent.delete(name); })
        .finally(() => { inFlight--; });
    }
    await sleep(tickMs);
  }
  const achieved = total / ((now() - started) / 1000);
  const deadline = now() + 30_000;
  while (seen.size < sent.size && now() < deadline) await sleep(20);
  const endToEnd = [...sent].filter(([n]) => seen.has(n)).map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
  const eventToReconcile = [...delivered].filter(([n]) => seen.has(n)).map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
  const line = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms   p90 ${pct(xs, 90).toFixed(2)} ms   p99 ${pct(xs, 99).toFixed(2)} ms   max ${xs[xs.length - 1]!.toFixed(2)} ms`;
  console.log(`latency: ${endToEnd.length} objects created at ${achieved.toFixed(0)} creates/s (target ${rate}), ${failed} failed creates, ${sent.size - endToEnd.length} never reconciled`);
  console.log(`  watch event -> reconcile start:  ${line(eventToReconcile)}`);
  console.log(`  create sent -> reconcile start:  ${line(endToEnd)}`);
  stop.abort();
  await run;
}

/** Preloads `objects` parents, then times a fresh manager reconciling all of them. */
async function throughput(kc: KubeConfig, objects: number, concurrency: number, mode: 'api-write' | 'sleep-5ms'): Promise<number> {
  const client = new ApiClient(kc);
  const ns = `bench-tput-${mode}-${concurrency}`;
  await namespace(client, ns);
  const names = Array.from({ length: objects }, (_, i) => `p-${i}`);
  for (let i = 0; i < names.length; i += 64) {
    await Promise.all(names.slice(i, i + 64).map((name) => client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { k: name } })));
  }
  const mgr = new Manager({ kubeConfig: kc, logger: silentLogger(), cache: { namespace: ns } });
  let done = 0;
  let first = 0;
  let last = 0;
  controllerFor(mgr, ConfigMaps, { predicates: [{ create: (o) => (o as KubeObject).metadata.name!.startsWith('p-'), update: () => false, delete: () => false }] })
    .withOptions({ maxConcurrentReconciles: concurrency })
    .complete(async (req) => {
      if (!first) first = now();
      const parent = await mgr.client.get(ConfigMaps, req);
      if (mode === 'api-write') {
        await mgr.client.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${req.name}-child`, namespace: req.namespace }, data: parent.data as Record<string, string> });
      } else {
        await sleep(5);
      }
      done++;
      last = now();
    });
  const stop = new AbortController();
  const run = mgr.start(stop.signal);
  while (done < objects) await sleep(10);
  stop.abort();
  await run;
  return objects / ((last - first) / 1000);
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  try {
    await latency(server.kc, Number(args.rate), Number(args.seconds));
    const objects = Number(args.objects);
    for (const mode of ['api-write', 'sleep-5ms'] as const) {
      const row: string[] = [];
      for (const c of args.concurrency!.split(',').map(Number)) row.push(`c=${c}: ${(await throughput(server.kc, objects, c, mode)).toFixed(0)}/s`);
      console.log(`reconciles/s (${objects} objects, reconcile = cached get + ${mode === 'api-write' ? 'one API create' : '5 ms sleep'}): ${row.join('   ')}`);
    }
  } finally {
    server.stop();
  }
}

if (args.serve) {
  const { startApiServer } = await import('../apiserver/index.ts');
  const api = await startApiServer();
  process.stdout.write(`${JSON.stringify({ kubeconfig: api.kubeconfig })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void api.stop().then(() => process.exit(0)));
} else {
  await main();
}
