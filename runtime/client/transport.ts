/**
 * HTTP transport to a Kubernetes API server. TLS material and credentials come from a client-node
 * KubeConfig (files, in-cluster, tokens, exec plugins), but the requests themselves go through
 * node:https with a keep-alive agent so that lists stay fast and watch streams can be read
 * incrementally and aborted precisely.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { statusErrorFromBody, StatusError, statusError } from '../core/errors.ts';

/** One HTTP request against the API server. `path` starts with `/api` or `/apis`. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Abort the request (and, for streams, the response) when this signal fires. */
  signal?: AbortSignal;
  /** Milliseconds of socket inactivity before the request fails; 0 disables. */
  timeoutMs?: number;
}

/** A buffered response with a 2xx status. */
export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Options of a Transport. */
export interface TransportOptions {
  /**
   * Maximum concurrent sockets per host. Unlimited by default: every watch holds a socket for
   * minutes, so a cap would let many informers starve ordinary requests.
   */
  maxSockets?: number;
  /** Default socket inactivity timeout of buffered requests, in milliseconds. */
  requestTimeoutMs?: number;
  /** User-Agent header. */
  userAgent?: string;
}

/** True for errors that are worth retrying: network failures, 429, 5xx, server timeouts. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof StatusError) {
    return err.code === 429 || err.code >= 500 || err.reason === 'ServerTimeout' || err.reason === 'Timeout';
  }
  return !(err instanceof Error && err.name === 'AbortError');
}

/** The Retry-After the server asked for, in milliseconds, if any. */
export function retryAfterMs(err: unknown): number | undefined {
  if (err instanceof StatusError && err.retryAfterSeconds !== undefined) return err.retryAfterSeconds * 1000;
  return undefined;
}

interface Connection {
  base: URL;
  agent: http.Agent;
  lib: typeof http | typeof https;
}

/**
 * Sends requests to the current cluster of a KubeConfig. Authentication headers are computed per
 * request (exec plugins and token files refresh); the agent is built once from the TLS material.
 */
export class Transport {
  readonly kubeConfig: KubeConfig;
  readonly #opts: Required<TransportOptions>;
  #conn: Promise<Connection> | undefined;

  constructor(kubeConfig: KubeConfig, opts: TransportOptions = {}) {
    this.kubeConfig = kubeConfig;
    this.#opts = {
      maxSockets: opts.maxSockets ?? Infinity,
      requestTimeoutMs: opts.requestTimeoutMs ?? 60_000,
      userAgent: opts.userAgent ?? 'tsop',
    };
  }

  /** The server URL of the current cluster. */
  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    return cluster.server;
  }

  async #connection(): Promise<Connection> {
    this.#conn ??= (async () => {
      const base = new URL(this.server);
      const opts: https.RequestOptions = {};
      await this.kubeConfig.applyToHTTPSOptions(opts);
      const cluster = this.kubeConfig.getCurrentCluster();
      const lib = base.protocol === 'http:' ? http : https;
      // A proxied cluster keeps client-node's proxy agent; otherwise our own keep-alive agent.
      const agent = cluster?.proxyUrl && opts.agent instanceof http.Agent
        ? opts.agent
        : new lib.Agent({
          keepAlive: true,
          maxSockets: this.#opts.maxSockets,
          ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase,
          rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername,
        } as https.AgentOptions);
      return { base, agent, lib };
    })();
    try {
      return await this.#conn;
    } catch (err) {
      this.#conn = undefined;
      throw err;
    }
  }

  async #headers(req: TransportRequest): Promise<Record<string, string>> {
    const opts: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.#opts.userAgent,
    };
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    return headers;
  }

  #url(conn: Connection, req: TransportRequest): string {
    const prefix = conn.base.pathname.replace(/\/+$/, '');
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${prefix}${req.path}${qs ? `?${qs}` : ''}`;
  }

  /** Opens a request and resolves with the response head; the caller consumes the body. */
  async open(req: TransportRequest): Promise<http.IncomingMessage> {
    const conn = await this.#connection();
    const headers = await this.#headers(req);
    const payload = req.body === undefined ? undefined
      : Buffer.isBuffer(req.body) ? req.body
      : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    if (payload) headers['Content-Length'] = String(payload.length);
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const r = conn.lib.request({
        protocol: conn.base.protocol,
        hostname: conn.base.hostname,
        port: conn.base.port,
        method: req.method,
        path: this.#url(conn, req),
        headers,
        agent: conn.agent,
        signal: req.signal,
      }, resolve);
      const timeout = req.timeoutMs ?? this.#opts.requestTimeoutMs;
      if (timeout > 0) {
        r.setTimeout(timeout, () => {
          r.destroy(statusError('Timeout', { message: `request ${req.method} ${req.path} timed out after ${timeout}ms`, code: 504 }));
        });
      }
      r.on('error', reject);
      r.end(payload);
    });
  }

  /** Sends a request and buffers the response; non-2xx statuses become StatusErrors. */
  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.open(req);
    const body = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw errorFromResponse(status, res.headers, body);
    return { status, headers: res.headers, body };
  }

  /** Sends a request and parses the JSON response body. */
  async json<T>(req: TransportRequest): Promise<T> {
    const res = await this.request(req);
    return JSON.parse(res.body.toString('utf8')) as T;
  }

  /** Releases pooled sockets. */
  close(): void {
    void this.#conn?.then((c) => c.agent.destroy(), () => undefined);
    this.#conn = undefined;
  }
}

/** Reads a whole response body. */
export function readBody(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('response aborted')));
  });
}

/** Builds the typed error of a failed response, honouring the Retry-After header. */
export function errorFromResponse(status: number, headers: http.IncomingHttpHeaders, body: Buffer): StatusError {
  let parsed: unknown = body.toString('utf8');
  try { parsed = JSON.parse(parsed as string); } catch { /* plain text body */ }
  const err = statusErrorFromBody(status, parsed);
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && err.status.details?.retryAfterSeconds === undefined) {
    err.status.details = { ...err.status.details, retryAfterSeconds: retryAfter };
  }
  return err;
}
