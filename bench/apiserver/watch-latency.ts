/**
 * The watch part of the API server bench: one run (a load generator process beside a server, see
 * watch-load.ts), and the summary over runs. Each run also records the share of the machine's CPU
 * the hypervisor took meanwhile, since on a shared host that, more than either server, makes the tail.
 */
import { fork } from 'node:child_process';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { send, type Target } from './targets.ts';

/** A watch run during which the hypervisor took less than this share of the machine counts as quiet. */
const QUIET_STEAL = 0.01;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Watch delivery figures: each latency runs from the POST leaving the writer to the event read. */

/** What one watch run measured. */
export interface WatchResult {
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
export type Transport = 'https' | 'h2' | 'http';

/** One watch run against `t`: `watchers` watches and creates at `rate` per second for `seconds`. */
export async function watchLatency(t: Target, watchers: number, rate: number, transport: Transport, seconds: number): Promise<WatchResult> {
  // One load process (watchers and writer) beside one server process: on two cores each has one.
  const namespace = `bench-watch-${++watchRuns}`;
  const env = { ...process.env, BENCH_WATCH_PROTOCOL: transport === 'h2' ? 'h2' : 'h1', BENCH_URL: transport === 'http' ? t.plainUrl : t.url, BENCH_CA: t.ca, BENCH_TOKEN: t.token, BENCH_WATCHERS: String(watchers), BENCH_RATE: String(rate), BENCH_SECONDS: String(seconds), BENCH_SERVER_PID: String(t.child.pid), BENCH_NAMESPACE: namespace };
  const load = fork(fileURLToPath(new URL('./watch-load.ts', import.meta.url)), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

/** The runs of each transport: against the bare fan-out server (`floors`) and against the API server. */
export type WatchRuns = Record<Transport, { floors: WatchResult[]; watches: WatchResult[] }>;

/** Prints each transport's median run, every run's p99 with the host's steal, and the verdicts. */
export function printWatchSummary(results: WatchRuns, transports: Transport[], setup: { watchers: number; rate: number; seconds: number; runs: number }): void {
  const { watchers, rate, seconds, runs } = setup;
  const median = (rs: WatchResult[]) => [...rs].sort((a, b) => a.p99 - b.p99)[Math.floor(rs.length / 2)]!;
  const steal = (w: WatchResult) => `${(w.hostSteal * 100).toFixed(1)}%`;
  const p99s = (rs: WatchResult[]) => rs.map((r) => `${r.p99.toFixed(1)} (${steal(r)})`).join(', ');
  const describe = (w: WatchResult) => `p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, max ${w.max.toFixed(0)} ms, delivered ${(w.delivered * 100).toFixed(1)}%; POST p50 ${w.postP50.toFixed(2)} ms p99 ${w.postP99.toFixed(2)} ms; server CPU ${w.serverUsPerEvent.toFixed(0)} us/event; CPU (share of a core) server ${(w.serverCpu * 100).toFixed(0)}%, load generator ${(w.clientCpu * 100).toFixed(0)}%; writer at most ${w.behindMs.toFixed(1)} ms behind schedule, load generator loop delay p99 ${w.clientLoopDelayP99.toFixed(1)} ms; host steal ${steal(w)}`;
  console.log(`watch delivery (${watchers} watchers, ${rate} events/s for ${seconds}s after a 1 s warm-up, POST leaving the client to event received; median of ${runs} runs by p99):`);
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
}
