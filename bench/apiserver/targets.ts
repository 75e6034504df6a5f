/**
 * The servers the API server bench drives, each its own process: the API server (`tsop apiserver`,
 * or another checkout's with BENCH_APISERVER_MAIN), and the bare Node servers it is measured
 * against (bench/apiserver/ceiling-servers.ts); and a one-request HTTPS client for either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { type Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** A running server: its HTTPS and plain-HTTP addresses, the CA and token to reach it, its process. */
export interface Target {
  url: string;
  /** The plain-HTTP loopback listener. */
  plainUrl: string;
  ca: string;
  token: string;
  child: ChildProcess;
  /** Keeps what it is sent (the API server): each watch run's objects are removed before the next. */
  stateful?: boolean;
}

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

/** Starts `tsop apiserver` with a plain-HTTP listener beside the HTTPS one. */
export async function startApiServerChild(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'tsop-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // BENCH_APISERVER_MAIN points at another checkout's cli/main.ts for before/after comparisons.
  const main = process.env.BENCH_APISERVER_MAIN ?? fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
  // BENCH_SERVER_NODE_OPTIONS passes flags such as --cpu-prof to the server process.
  const nodeArgs = process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, main, 'apiserver', '--kubeconfig', kubeconfig, '--insecure-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /listening on (\S+),[^\n]*\nplain HTTP on (\S+) /);
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  return { url: m[1]!, plainUrl: m[2]!, token: kc.users[0].user.token, ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), child, stateful: true };
}

/** Starts a bare server: `--ceiling` answers a fixed body, `--fanout` copies each POST to every watch. */
export async function startCeilingChild(mode: '--ceiling' | '--fanout'): Promise<Target> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./ceiling-servers.ts', import.meta.url)), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await once(child, /ceiling (\S+) (\S+) (\S+)\n/);
  return { url: m[1]!, plainUrl: m[3]!, token: 'x', ca: Buffer.from(m[2]!, 'base64').toString(), child };
}

/** Sends one request and resolves with its status code. */
export function send(t: Target, agent: Agent, method: string, path: string, body?: string): Promise<number> {
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
