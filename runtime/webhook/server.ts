/**
 * The webhook server: HTTPS on port 9443 by default, with the certificate from a directory
 * (`tls.crt`/`tls.key`, as cert-manager mounts them) or, for development and tests, one minted
 * in-process whose CA goes into the webhook configurations' caBundle. Admission webhooks are
 * routed by path; every conversion goes to `/convert`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { ResourceDescriptor } from '../core/gvk.ts';
import { createServingCertificates } from '../core/x509/cert.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { BadReviewError, defaultingHandler, reviewAdmission, validatingHandler, type AdmissionHandler, type DefaultFn, type ValidateFns } from './admission.ts';
import { ConversionRegistry, type KindConversion } from './conversion.ts';
import { CONVERT_PATH, mutatePath, validatePath } from './paths.ts';

/** Options of a webhook server. */
export interface WebhookServerOptions {
  /** Port to listen on (default 9443; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default all interfaces). */
  host?: string;
  /** Directory holding the serving certificate; a self-signed one is minted when absent. */
  certDir?: string;
  /** Certificate file name in certDir (default tls.crt). */
  certName?: string;
  /** Key file name in certDir (default tls.key). */
  keyName?: string;
  /** DNS names of a minted certificate besides localhost (a Service's `<svc>.<ns>.svc`). */
  dnsNames?: string[];
  logger?: Logger;
}

type Route = (body: unknown) => Promise<unknown>;

/** Largest review body accepted (the API server limits objects to 3 MiB; reviews carry two). */
const MAX_BODY_BYTES = 7 << 20;

/**
 * How long a client may take to finish the TLS handshake. Node's default (120 s) would let a
 * stalled or port-probing client hold a socket open that long; API servers handshake in milliseconds.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Records every socket of server, from TCP accept onwards, so stopping can destroy them.
 * `closeAllConnections()` only knows sockets that became HTTP connections, i.e. that finished
 * the TLS handshake; a bare or half-handshaken socket would otherwise keep `close()` waiting.
 */
function trackSockets(server: Server): { destroyAll(): void } {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  server.on('secureConnection', track);
  return { destroyAll: () => { for (const socket of sockets) socket.destroy(); sockets.clear(); } };
}

/** Hosts admission and conversion webhooks over TLS. */
export class WebhookServer {
  readonly #routes = new Map<string, Route>();
  readonly #conversions = new ConversionRegistry();
  readonly #opts: WebhookServerOptions;
  readonly #log: Logger;
  #server: Server | undefined;
  #caPem: string | undefined;
  #listening: Promise<void> | undefined;
  #resolveListening: (() => void) | undefined;

  constructor(opts: WebhookServerOptions = {}) {
    this.#opts = opts;
    this.#log = opts.logger ?? silentLogger();
  }

  /** Number of registered webhook paths (the manager starts the server only when there is one). */
  get size(): number {
    return this.#routes.size;
  }

  /** Registers an admission handler at path. */
  admission(path: string, handler: AdmissionHandler): void {
    this.#claim(path, (body) => reviewAdmission(handler, body));
  }

  /** Registers the defaulting webhook of a kind at `/mutate-…`; returns its path. */
  defaulter<T>(desc: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>, fn: DefaultFn<T>): string {
    const path = mutatePath(desc);
    this.admission(path, defaultingHandler(fn));
    return path;
  }

  /** Registers the validating webhook of a kind at `/validate-…`; returns its path. */
  validator<T>(desc: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>, fns: ValidateFns<T>): string {
    const path = validatePath(desc);
    this.admission(path, validatingHandler(fns));
    return path;
  }

  /** Registers the conversions of a kind (hub and spokes) at `/convert`; returns the path. */
  converter<Hub>(kind: { group: string; kind: string }, hub: string, spokes: Record<string, { toHub(obj: never): Hub | Promise<Hub>; fromHub(hub: Hub): unknown }>): string {
    this.#conversions.add({ group: kind.group, kind: kind.kind, hub, spokes } as KindConversion);
    if (!this.#routes.has(CONVERT_PATH)) this.#claim(CONVERT_PATH, (body) => this.#conversions.review(body));
    return CONVERT_PATH;
  }

  #claim(path: string, route: Route): void {
    if (this.#routes.has(path)) throw new Error(`a webhook is already registered at ${path}`);
    this.#routes.set(path, route);
  }

  /** Answers a review body posted to path, as the HTTPS endpoint does (for unit tests). */
  async handle(path: string, body: unknown): Promise<unknown> {
    const route = this.#routes.get(path);
    if (!route) throw new BadReviewError(`no webhook at ${path}`);
    return route(body);
  }

  /** PEM of the CA that signed the serving certificate (the caBundle to configure), once started. */
  get caPem(): string | undefined {
    return this.#caPem;
  }

  /** The bound port, once started. */
  get port(): number | undefined {
    return (this.#server?.address() as AddressInfo | null)?.port;
  }

  /** `https://127.0.0.1:<port>` once started, to use in clientConfig.url of a local API server. */
  url(path = ''): string {
    const port = this.port;
    if (port === undefined) throw new Error('webhook server is not listening');
    return `https://127.0.0.1:${port}${path}`;
  }

  /** Resolves once the server accepts connections. */
  listening(): Promise<void> {
    this.#listening ??= new Promise((resolve) => { this.#resolveListening = resolve; });
    return this.#listening;
  }

  #tls(): { cert: string | Buffer; key: string | Buffer } {
    const dir = this.#opts.certDir;
    if (dir) {
      const cert = readFileSync(join(dir, this.#opts.certName ?? 'tls.crt'));
      this.#caPem = cert.toString('utf8');
      return { cert, key: readFileSync(join(dir, this.#opts.keyName ?? 'tls.key')) };
    }
    const certs = createServingCertificates(undefined, { caName: 'tsop-webhook-ca', serverName: 'tsop-webhook', dnsNames: this.#opts.dnsNames });
    this.#caPem = certs.ca.certPem;
    return { cert: certs.server.certPem, key: certs.server.keyPem };
  }

  /** Serves until signal aborts (a manager Runnable). */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#server) throw new Error('webhook server already started');
    const server = createServer({ ...this.#tls(), keepAliveTimeout: 65_000, handshakeTimeout: HANDSHAKE_TIMEOUT_MS }, (req, res) => { void this.#serve(req, res); });
    const sockets = trackSockets(server);
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#opts.port ?? 9443, this.#opts.host, () => { server.off('error', reject); resolve(); });
    });
    this.#log.info({ port: this.port, paths: [...this.#routes.keys()] }, 'webhook server listening');
    void this.listening();
    this.#resolveListening?.();
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      sockets.destroyAll();
    });
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'https://webhook').pathname;
    const route = this.#routes.get(path);
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    if (req.method !== 'POST') return void res.writeHead(405, { 'content-type': 'text/plain', allow: 'POST' }).end('only POST is allowed\n');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return void res.writeHead(415, { 'content-type': 'text/plain' }).end(`contentType=${req.headers['content-type'] ?? ''}, expected application/json\n`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const c of req as AsyncIterable<Buffer>) {
        size += c.length;
        if (size > MAX_BODY_BYTES) return void res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large\n');
        chunks.push(c);
      }
      const out = await route(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    } catch (err) {
      const bad = err instanceof BadReviewError || err instanceof SyntaxError;
      this.#log.error({ err, path }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(bad ? 400 : 500, { 'content-type': 'text/plain' });
      res.end(`${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
