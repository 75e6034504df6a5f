/**
 * A fault-injecting HTTPS reverse proxy for tests. It sits in front of an API server and can drop
 * connections, stall streams, or answer chosen requests with errors (410/429/500/...), so clients
 * can be tested against the failures real networks and servers produce.
 *
 *   const proxy = await startFaultProxy({ url: api.url, caPem: api.caPem, token: api.adminToken });
 *   kc.loadFromString(proxy.kubeconfig());
 *   proxy.inject({ match: (r) => r.watch, action: { status: 410 } });
 *   proxy.dropConnections((r) => r.watch);
 */
import type * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The upstream API server. `token` replaces the client's Authorization header when set. */
export interface ProxyTarget {
  url: string;
  caPem?: string;
  token?: string;
}

/** What the proxy knows about a request when matching rules. */
export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  watch: boolean;
}

/** What to do with a matching request. */
export type FaultAction =
  | 'drop' // destroy the client connection without answering
  | 'stall' // accept and never answer
  | 'expire' // 200 with a single ERROR event (410 Expired), as the API server does for old watch RVs
  | { status: number; reason?: string; retryAfterSeconds?: number; message?: string };

/** A fault rule: applies to the next `times` matching requests (default 1; Infinity for all). */
export interface FaultRule {
  match: (req: ProxiedRequest) => boolean;
  action: FaultAction;
  times?: number;
}

/** One request seen by the proxy, with the outcome. */
export interface ProxyLogEntry extends ProxiedRequest {
  fault?: string;
  status?: number;
}

interface ActiveStream {
  req: ProxiedRequest;
  client: http.ServerResponse;
  upstream?: http.IncomingMessage;
  stalled: boolean;
}

/** A running fault proxy. */
export interface FaultProxy {
  url: string;
  caPem: string;
  /** Every request seen, in order. */
  log: ProxyLogEntry[];
  /** A kubeconfig (YAML) pointing at the proxy. */
  kubeconfig(token?: string): string;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Destroys in-flight requests/streams matching the filter (all when omitted); returns how many. */
  dropConnections(filter?: (r: ProxiedRequest) => boolean): number;
  /** Stops forwarding bytes on in-flight streams matching the filter, keeping connections open. */
  stallStreams(filter?: (r: ProxiedRequest) => boolean): number;
  /** Number of in-flight requests (watches included) matching the filter. */
  active(filter?: (r: ProxiedRequest) => boolean): number;
  /** Points the proxy at another upstream (e.g. a restarted API server). */
  setTarget(target: ProxyTarget): void;
  close(): Promise<void>;
}

function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fault-proxy-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statusBody(code: number, reason: string, message: string, retryAfterSeconds?: number): string {
  return JSON.stringify({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code,
    ...(retryAfterSeconds !== undefined ? { details: { retryAfterSeconds } } : {}),
  });
}

const defaultReason: Record<number, string> = { 410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };

/** Starts a fault proxy on 127.0.0.1 with a fresh self-signed certificate. */
export async function startFaultProxy(initial: ProxyTarget): Promise<FaultProxy> {
  let target = initial;
  let agent = new https.Agent({ keepAlive: true, ca: target.caPem });
  const rules: (FaultRule & { left: number })[] = [];
  const streams = new Set<ActiveStream>();
  const held = new Set<http.ServerResponse>();
  const log: ProxyLogEntry[] = [];
  const tls = selfSignedCert();

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const u = new URL(req.url ?? '/', 'https://proxy');
    const info: ProxiedRequest = {
      method: req.method ?? 'GET', path: u.pathname, query: u.searchParams,
      watch: u.searchParams.get('watch') === 'true' || u.searchParams.get('watch') === '1',
    };
    const entry: ProxyLogEntry = { ...info };
    log.push(entry);
    const rule = rules.find((r) => r.left > 0 && r.match(info));
    if (rule) {
      rule.left--;
      const a = rule.action;
      entry.fault = typeof a === 'string' ? a : String(a.status);
      if (a === 'drop') { req.socket.destroy(); return; }
      if (a === 'stall') { held.add(res); res.on('close', () => held.delete(res)); return; }
      if (a === 'expire') {
        entry.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const status = JSON.parse(statusBody(410, 'Expired', 'too old resource version: injected'));
        res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
        return;
      }
      entry.status = a.status;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (a.retryAfterSeconds !== undefined) headers['Retry-After'] = String(a.retryAfterSeconds);
      res.writeHead(a.status, headers);
      res.end(statusBody(a.status, a.reason ?? defaultReason[a.status] ?? 'InternalError', a.message ?? `injected ${a.status}`, a.retryAfterSeconds));
      return;
    }
    forward(req, res, info, entry);
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, info: ProxiedRequest, entry: ProxyLogEntry) => {
    const up = new URL(target.url);
    const headers = { ...req.headers, host: up.host };
    if (target.token) headers.authorization = `Bearer ${target.token}`;
    const stream: ActiveStream = { req: info, client: res, stalled: false };
    streams.add(stream);
    res.on('close', () => { streams.delete(stream); upReq.destroy(); });
    const upReq = https.request({
      hostname: up.hostname, port: up.port, method: req.method, path: req.url, headers, agent,
    }, (upRes) => {
      stream.upstream = upRes;
      entry.status = upRes.statusCode;
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      res.flushHeaders();
      upRes.on('data', (chunk: Buffer) => { if (!stream.stalled) res.write(chunk); });
      upRes.on('end', () => { if (!stream.stalled) res.end(); });
      upRes.on('error', () => res.destroy());
      upRes.on('aborted', () => res.destroy());
    });
    upReq.on('error', () => {
      if (res.headersSent) { res.destroy(); return; }
      entry.status = 503;
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(statusBody(503, 'ServiceUnavailable', 'upstream unavailable'));
    });
    req.pipe(upReq);
  };

  const server = https.createServer({ key: tls.key, cert: tls.cert }, handle);
  const sockets = new Set<Socket>();
  server.on('secureConnection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const pick = (filter?: (r: ProxiedRequest) => boolean) => [...streams].filter((s) => !filter || filter(s.req));

  return {
    url,
    caPem: tls.cert,
    log,
    kubeconfig(token = 'fault-proxy') {
      const ca = Buffer.from(tls.cert).toString('base64');
      return [
        'apiVersion: v1', 'kind: Config', 'current-context: proxy',
        'clusters:', '- name: proxy', '  cluster:', `    server: ${url}`, `    certificate-authority-data: ${ca}`,
        'users:', '- name: proxy', '  user:', `    token: ${token}`,
        'contexts:', '- name: proxy', '  context:', '    cluster: proxy', '    user: proxy',
        '',
      ].join('\n');
    },
    inject(rule) { rules.push({ ...rule, left: rule.times ?? 1 }); },
    clearFaults() { rules.length = 0; },
    dropConnections(filter) {
      const hit = pick(filter);
      for (const s of hit) { s.client.socket?.destroy(); s.upstream?.destroy(); }
      return hit.length;
    },
    stallStreams(filter) {
      const hit = pick(filter);
      for (const s of hit) s.stalled = true;
      return hit.length;
    },
    active(filter) { return pick(filter).length; },
    setTarget(next) {
      target = next;
      agent.destroy();
      agent = new https.Agent({ keepAlive: true, ca: next.caPem });
    },
    async close() {
      rules.length = 0;
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
