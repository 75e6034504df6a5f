/**
 * Informer benchmark: initial sync time and retained heap per object of tsop's informer versus
 * @kubernetes/client-node's makeInformer, against the local API server, at 10k and 50k ConfigMaps.
 *
 * Each measurement runs in its own child process (node --expose-gc) so heaps do not mix; the
 * parent starts the server, fills it, and prints figures and ratios.
 *
 *   node bench/runtime-cache.ts [--sizes 10000,50000] [--runs 1]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KubeConfig, CoreV1Api, makeInformer } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { ApiClient } from '../runtime/client/api-client.ts';
import { Transport } from '../runtime/client/transport.ts';
import { ConfigMaps, Namespaces } from '../runtime/client/builtins.ts';
import { SharedInformer } from '../runtime/cache/informer.ts';
import { stripManagedFields } from '../runtime/cache/informer-cache.ts';
import type { KubeObject } from '../runtime/core/meta.ts';

type Impl = 'tsop' | 'tsop-full' | 'tsop-unpaged' | 'client-node';
const impls: Impl[] = ['client-node', 'tsop', 'tsop-full', 'tsop-unpaged'];

interface Measurement {
  impl: Impl;
  objects: number;
  syncMs: number;
  /** CPU time of the informer process during the sync: its own cost, less sensitive to server load. */
  cpuMs: number;
  heapBytes: number;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run children with --expose-gc');
  for (let i = 0; i < 3; i++) g();
}

/** Child: sync one informer over `ns` and report time and retained heap. */
async function child(impl: Impl, kubeconfigPath: string, ns: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  let stop: () => Promise<void> | void;
  let count: () => number;
  // Warm up code paths and connections on a tiny namespace so the timings measure the sync itself.
  const core = kc.makeApiClient(CoreV1Api);
  await core.listNamespacedConfigMap({ namespace: 'kube-system' }).catch(() => undefined);
  gc();
  const base = process.memoryUsage().heapUsed;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  if (impl === 'client-node') {
    const informer = makeInformer<KubernetesObject>(kc, `/api/v1/namespaces/${ns}/configmaps`, () => core.listNamespacedConfigMap({ namespace: ns }));
    informer.on('error', (err) => { process.stderr.write(`client-node informer error: ${String(err)}\n`); });
    await informer.start();
    stop = () => informer.stop();
    count = () => informer.list().length;
  } else {
    const transport = new Transport(kc);
    const informer = new SharedInformer<KubeObject>({
      transport, resource: ConfigMaps, namespace: ns,
      transform: impl === 'tsop-full' ? undefined : stripManagedFields,
      pageSize: impl === 'tsop-unpaged' ? 0 : 500,
    });
    informer.start();
    await informer.waitForSync();
    stop = async () => { await informer.stop(); transport.close(); };
    count = () => informer.store.size;
  }
  const syncMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  gc();
  const heapBytes = process.memoryUsage().heapUsed - base;
  const objects = count();
  process.stdout.write(JSON.stringify({ impl, objects, syncMs, cpuMs, heapBytes } satisfies Measurement) + '\n');
  await stop();
  process.exit(0);
}

/** A ConfigMap of realistic size (~1.5 KB): labels, annotations, a few data keys. */
function configMap(ns: string, i: number): KubeObject {
  return {
    metadata: {
      name: `cm-${String(i).padStart(6, '0')}`, namespace: ns,
      labels: { app: `app-${i % 50}`, tier: i % 2 ? 'web' : 'worker', 'app.kubernetes.io/managed-by': 'bench' },
      annotations: { 'bench.tsop.dev/revision': String(i), 'bench.tsop.dev/checksum': `sha256:${(i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8)}` },
    },
    data: {
      'application.properties': `server.port=${8000 + (i % 1000)}\nlogging.level=INFO\nfeature.flags=a,b,c\ncache.size=${i % 4096}\n`,
      'config.json': JSON.stringify({ id: i, replicas: i % 5, endpoints: [`http://svc-${i % 97}:8080`, `http://svc-${(i + 1) % 97}:8080`] }),
      'notes.txt': 'x'.repeat(600),
    },
  };
}

async function fill(client: ApiClient, ns: string, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await client.create(ConfigMaps, configMap(ns, i));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

// Asynchronous on purpose: the API server runs in this process and must keep serving the child.
async function runChild(impl: Impl, kubeconfigPath: string, ns: string): Promise<Measurement> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--max-old-space-size=8192', self, '--child', impl, '--kubeconfig', kubeconfigPath, '--ns', ns], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    child: { type: 'string' }, kubeconfig: { type: 'string' }, ns: { type: 'string' },
    sizes: { type: 'string', default: '10000,50000' }, runs: { type: 'string', default: '1' },
  } });
  if (values.child) return child(values.child as Impl, values.kubeconfig!, values.ns!);

  const { startApiServer } = await import('../apiserver/index.ts');
  const dir = mkdtempSync(join(tmpdir(), 'tsop-bench-'));
  const api = await startApiServer();
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, api.kubeconfig);
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig);
  const client = new ApiClient(kc, { fieldManager: 'bench' });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  try {
    const ns = 'bench';
    await client.create(Namespaces, { metadata: { name: ns } });
    let filled = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      await fill(client, ns, filled, size);
      filled = size;
      console.log(`\n${size} ConfigMaps (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      const results = Object.fromEntries(impls.map((i) => [i, [] as Measurement[]])) as Record<Impl, Measurement[]>;
      for (let r = 0; r < runs; r++) {
        // Rotate the order each run and let the server settle, so no variant always follows the heaviest.
        for (let k = 0; k < impls.length; k++) {
          const impl = impls[(k + r) % impls.length]!;
          await new Promise((res) => setTimeout(res, 1000));
          results[impl].push(await runChild(impl, kubeconfigPath, ns));
        }
      }
      const best = (impl: Impl) => ({
        syncMs: Math.min(...results[impl].map((m) => m.syncMs)),
        cpuMs: Math.min(...results[impl].map((m) => m.cpuMs)),
        perObject: Math.min(...results[impl].map((m) => m.heapBytes / m.objects)),
        objects: results[impl][0]!.objects,
      });
      const cn = best('client-node');
      console.log('impl           objects   sync ms    cpu ms   heap B/object   sync ratio    cpu ratio   heap ratio (vs client-node, best of runs)');
      for (const impl of impls) {
        const b = best(impl);
        console.log(`${impl.padEnd(13)} ${String(b.objects).padStart(8)} ${b.syncMs.toFixed(0).padStart(9)} ${b.cpuMs.toFixed(0).padStart(9)} ${b.perObject.toFixed(0).padStart(15)} ${(b.syncMs / cn.syncMs).toFixed(2).padStart(12)} ${(b.cpuMs / cn.cpuMs).toFixed(2).padStart(12)} ${(b.perObject / cn.perObject).toFixed(2).padStart(12)}`);
      }
    }
    console.log('\ntsop = default informer (pages of 500, managedFields stripped); tsop-full = no transform (objects kept whole);\ntsop-unpaged = one list request like makeInformer (isolates client cost from server pagination cost)');
  } finally {
    client.transport.close();
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
