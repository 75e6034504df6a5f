/**
 * The watch benchmark's load generator, one process: N watchers and a writer that creates
 * ConfigMaps at a fixed rate, each carrying the wall-clock time its POST left in `data.sent`.
 * Each watcher records, per event, receive time minus that stamp.
 *
 * It speaks HTTP/1.1 over raw TLS sockets (or HTTP/2 through the minimal client beside it) and
 * only scans for the stamps, like wrk does for its requests: on a 2-core machine the bench's own
 * clients would otherwise compete with the server for the CPU, and their queueing would show up as
 * the server's latency.
 *
 * Run by bench/apiserver.ts with BENCH_URL, BENCH_CA, BENCH_TOKEN, BENCH_WATCHERS, BENCH_RATE,
 * BENCH_SECONDS (BENCH_WARMUP seconds at the same rate come first); it reports over IPC.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect } from 'node:tls';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openH2Watches } from './h2-watch-client.ts';
import { cpuSeconds, machineTicks, stealShare } from './process-cpu.ts';

const env = process.env as Record<string, string>;
const base = new URL(env.BENCH_URL!);
const token = env.BENCH_TOKEN!;
const watchers = Number(env.BENCH_WATCHERS ?? 100);
const rate = Number(env.BENCH_RATE ?? 1000);
const seconds = Number(env.BENCH_SECONDS ?? 3);
const writers = Number(env.BENCH_WRITERS ?? 16);
const warmupSeconds = Number(env.BENCH_WARMUP ?? 1);
/** h1: a connection per watch; h2: every watch a stream of one HTTP/2 session. */
const protocol = env.BENCH_WATCH_PROTOCOL === 'h2' ? 'h2' : 'h1';
const namespace = env.BENCH_NAMESPACE ?? 'bench-watch';
const collection = `/api/v1/namespaces/${namespace}/configmaps`;
const MARK = Buffer.from('"sent":"');
const wallNow = () => performance.timeOrigin + performance.now();

/** A connection to the target: TLS for https://, plain TCP for the http:// loopback listener. */
function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const secure = base.protocol === 'https:';
    const socket = secure ? connect({ host: base.hostname, port: Number(base.port), ca: env.BENCH_CA }) : connectTcp({ host: base.hostname, port: Number(base.port) });
    socket.setNoDelay(true);
    socket.once(secure ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function head(method: string, path: string, extra = ''): string {
  return `${method} ${path} HTTP/1.1\r\nHost: ${base.host}\r\nAuthorization: Bearer ${token}\r\nAccept: application/json\r\n${extra}\r\n`;
}

/**
 * Reads the stamps out of a watch stream's bytes and records each one's latency. Chunk framing sits
 * between events, never inside a stamp, so scanning the raw bytes is enough; only a stamp cut by a
 * read boundary is carried over.
 */
function stampReader(latencies: number[]): (d: Buffer, now: number) => void {
  let tail: Buffer | undefined;
  return (d, now) => {
    const buf = tail ? Buffer.concat([tail, d]) : d;
    tail = undefined;
    let from = 0;
    for (;;) {
      const at = buf.indexOf(MARK, from);
      if (at < 0) { from = Math.max(from, buf.length - MARK.length); break; }
      const end = buf.indexOf(34, at + MARK.length);
      if (end < 0) { from = at; break; }
      latencies.push(now - Number(buf.toString('latin1', at + MARK.length, end)));
      from = end + 1;
    }
    if (from < buf.length && buf[buf.length - 1] !== 10) tail = Buffer.from(buf.subarray(from));
  };
}

const watchPath = () => `${collection}?watch=true&resourceVersion=0`;

/** One watch on its own HTTP/1.1 connection (as client-node opens them); resolves on the headers. */
async function watchHttp1(latencies: number[]): Promise<void> {
  const socket = await open();
  const read = stampReader(latencies);
  let header: Buffer | undefined = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      const now = wallNow();
      if (header) {
        const buf = Buffer.concat([header, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) { header = buf; return; }
        if (!buf.toString('latin1', 0, 12).startsWith('HTTP/1.1 200')) return reject(new Error(`watch refused: ${buf.toString('latin1', 0, end)}`));
        header = undefined;
        resolve();
        d = buf.subarray(end + 4);
      }
      read(d, now);
    });
    socket.on('error', reject);
    socket.write(head('GET', watchPath()));
  });
}

/** Opens every watch over the configured protocol. */
async function openWatches(latencies: number[]): Promise<void> {
  if (protocol === 'h1') {
    await Promise.all(Array.from({ length: watchers }, () => watchHttp1(latencies)));
    return;
  }
  const readers = Array.from({ length: watchers }, () => stampReader(latencies));
  await openH2Watches({
    host: base.hostname, port: Number(base.port), ca: env.BENCH_CA!, streams: watchers,
    headers: [[':method', 'GET'], [':scheme', 'https'], [':authority', base.host], [':path', watchPath()], ['authorization', `Bearer ${token}`], ['accept', 'application/json']],
    onData: (i, data, now) => readers[i]!(data, now),
  });
}

/** A keep-alive connection that carries one POST at a time and reads Content-Length responses. */
class Writer {
  private readonly socket: Socket;
  private pending: Buffer | undefined;
  private done: ((status: number) => void) | undefined;
  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => this.read(d));
  }
  get idle(): boolean { return this.done === undefined; }
  post(body: string, path = collection): Promise<number> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.socket.write(head('POST', path, `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`) + body);
    });
  }
  private read(d: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, d]) : d;
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) { this.pending = buf; return; }
    const headers = buf.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? NaN);
    if (Number.isNaN(length)) throw new Error(`response without Content-Length: ${headers}`);
    if (buf.length < end + 4 + length) { this.pending = buf; return; }
    this.pending = buf.length > end + 4 + length ? buf.subarray(end + 4 + length) : undefined;
    const done = this.done!;
    this.done = undefined;
    done(Number(headers.slice(9, 12)));
  }
}

/** What one phase of sending measured. */
interface Phase {
  postMs: number[];
  failures: number;
  behindMs: number;
  elapsed: number;
}

/** Sends `total` creates on schedule through the writer pool; resolves when all were answered. */
async function send(pool: Writer[], total: number, tag: string): Promise<Phase> {
  if (total === 0) return { postMs: [], failures: 0, behindMs: 0, elapsed: 0 };
  const postMs: number[] = [];
  const queue: number[] = [];
  let failures = 0;
  let sent = 0;
  let behind = 0;
  const start = performance.now();
  await new Promise<void>((finish) => {
    let completed = 0;
    const pump = () => {
      for (const w of pool) {
        if (!queue.length) break;
        if (!w.idle) continue;
        const i = queue.shift()!;
        const stamp = wallNow();
        behind = Math.max(behind, performance.now() - (start + (i * 1000) / rate));
        const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${process.pid}-${tag}-${i}` }, data: { sent: String(stamp) } });
        void w.post(body).then((status) => {
          if (status >= 300) failures++;
          postMs.push(wallNow() - stamp);
          if (++completed === total) finish();
          else pump();
        });
      }
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) queue.push(sent++);
      pump();
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  return { postMs, failures, behindMs: behind, elapsed: (performance.now() - start) / 1000 };
}

async function settle(latencies: number[], expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function run(): Promise<void> {
  const pool = await Promise.all(Array.from({ length: writers }, async () => new Writer(await open())));
  // A namespace of its own per run, so the watches start empty however many runs came before.
  const created = await pool[0]!.post(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }), '/api/v1/namespaces');
  if (created >= 300) throw new Error(`creating namespace ${namespace}: ${created}`);
  const latencies: number[] = [];
  await openWatches(latencies);
  // A warm-up at the same rate first: the server's first second includes compiling its hot paths.
  const warm = Math.round(rate * warmupSeconds);
  await send(pool, warm, 'warm');
  await settle(latencies, warm * watchers);
  latencies.length = 0;
  const total = rate * seconds;
  const serverPid = Number(env.BENCH_SERVER_PID);
  const serverBefore = cpuSeconds(serverPid);
  const cpuBefore = process.cpuUsage();
  // Time the hypervisor gave to other guests: on a shared host it stalls both processes at once.
  const machineBefore = machineTicks();
  // The generator's own event-loop delay: a late loop would add to every latency it records.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const phase = await send(pool, total, 'run');
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const hostSteal = stealShare(machineBefore, machineTicks());
  const serverCpu = (cpuSeconds(serverPid) - serverBefore) / phase.elapsed;
  const expected = total * watchers;
  await settle(latencies, expected);
  const { postMs, failures, elapsed, behindMs } = phase;
  process.send!({ latencies, postMs, failures, expected, clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed, serverCpu, elapsed, behindMs, clientLoopDelayP99: loopDelay.percentile(99) / 1e6, hostSteal }, () => process.exit(0));
}

await run();
