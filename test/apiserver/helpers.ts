/** Shared helpers for API server tests: fixtures, raw HTTPS requests, polling. */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RunningApiServer } from '../../apiserver/index.ts';

/** Absolute path of a fixture under test/fixtures/apiserver. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/apiserver/${name}`, import.meta.url));
}

/** A parsed YAML fixture. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

/** A raw response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Sends one HTTPS request with the admin token (unless headers override Authorization). */
export function raw(api: RunningApiServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(api, api.url, method, path, body, { Authorization: `Bearer ${api.adminToken}`, ...headers });
}

/** Sends one request to the plain-HTTP loopback listener, without credentials unless headers add them. */
export function rawPlain(api: RunningApiServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  if (!api.insecureUrl) throw new Error('the server has no plain-HTTP listener (start it with insecurePort)');
  return send(api, api.insecureUrl, method, path, body, headers);
}

function send(api: RunningApiServer, base: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const url = new URL(path, base);
    const secure = url.protocol === 'https:';
    const req = (secure ? httpsRequest : httpRequest)({
      method, host: url.hostname, port: url.port, path: url.pathname + url.search, ...(secure ? { ca: api.caPem } : {}),
      headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Polls until fn returns a truthy value or the timeout passes. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Creates a CRD fixture and waits until it is Established and served. */
export async function installCrd(api: RunningApiServer, name: string): Promise<Record<string, any>> {
  const crd = fixture<Record<string, any>>(name);
  const res = await raw(api, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  if (res.status !== 201) throw new Error(`CRD create failed: ${res.status} ${res.text}`);
  const gv = `/apis/${crd.spec.group}/${crd.spec.versions[0].name}`;
  await eventually(async () => (await raw(api, 'GET', gv)).status === 200, 5000, `${gv} served`);
  return crd;
}

/** An open watch stream collecting decoded events. */
export interface WatchHandle {
  status: Promise<number>;
  events: { type: string; object: any }[];
  ended: Promise<void>;
  close(): void;
}

/** Opens a watch (or any streaming GET) and collects its JSON lines. */
export function watch(api: RunningApiServer, path: string, headers: Record<string, string> = {}): WatchHandle {
  const events: { type: string; object: any }[] = [];
  let resolveStatus!: (n: number) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>((r) => { resolveStatus = r; });
  const ended = new Promise<void>((r) => { resolveEnded = r; });
  const url = new URL(path, api.url);
  const req = httpsRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, ca: api.caPem, headers: { Authorization: `Bearer ${api.adminToken}`, ...headers } }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    let buf = '';
    res.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
    });
    res.on('end', () => resolveEnded());
    res.on('close', () => resolveEnded());
  });
  req.on('error', () => { resolveStatus(0); resolveEnded(); });
  req.end();
  return { status, events, ended, close: () => req.destroy() };
}
