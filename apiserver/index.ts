/**
 * A local Kubernetes-compatible API server: HTTPS on 127.0.0.1 with a self-signed CA, a bearer
 * token, discovery, OpenAPI, CRUD/list/watch of built-in and CRD-defined resources, garbage
 * collection and namespace lifecycle. `startApiServer()` is quick enough for one per test file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TokenAuthenticator, UNSECURED_USER } from './authn/tokens.ts';
import { startControllers } from './controllers/index.ts';
import { loadExtensions } from './extensions.ts';
import { OpenApiHandler } from './handlers/openapi.ts';
import { createServerListener, type Listener } from './http/listener.ts';
import { handleHttp } from './http/server.ts';
import { loadIdentity } from './identity.ts';
import { renderKubeconfig } from './kubeconfig.ts';
import { compiledVersionCache, type ApiContext } from './objects/context.ts';
import { ResourceCatalog } from './resources/catalog.ts';
import { CRD_RESOURCE } from './resources/registry.ts';
import { seedDefaults } from './seed.ts';
import { ObjectStore } from './storage/store.ts';
import { WatchHub } from './watch/hub.ts';
import { attachWebhooks, type WebhookOptions } from './webhooks/index.ts';

/** Options of startApiServer. */
export interface ApiServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Directory for durable state; memory only when absent. */
  dataDir?: string;
  authz?: 'AlwaysAllow' | 'RBAC';
  /** `major.minor` reported by /version (it selects kubectl's version through the dispatcher). */
  kubeVersion?: string;
  /** Where to write the kubeconfig; a temporary file when absent. */
  kubeconfigPath?: string;
  /**
   * Also serve plain HTTP on 127.0.0.1 at this port (0 picks a free one). Requests there without
   * credentials act as `system:unsecured` (system:masters), as kubectl sends none over HTTP;
   * requests with a token are authenticated as usual. Off when absent.
   */
  insecurePort?: number;
  /** Internal limits, for tests and benchmarks. */
  tuning?: ApiServerTuning;
  /** How admission and conversion webhooks are reached (Service references). */
  webhooks?: WebhookOptions;
}

/** Limits that are fixed in production use. */
export interface ApiServerTuning {
  /** Events kept for resuming watches (default 100000). */
  historyEvents?: number;
  /** Lifetime of watches that give no timeoutSeconds (default 30-60 minutes). */
  watchLifetimeMs?: number;
  /** Write-ahead log size that triggers compaction (default 16 MiB). */
  compactBytes?: number;
}

/** A running server. */
export interface RunningApiServer {
  url: string;
  /** `http://127.0.0.1:<port>` when the plain-HTTP listener is on. */
  insecureUrl?: string;
  kubeconfigPath: string;
  kubeconfig: string;
  adminToken: string;
  caPem: string;
  stop(): Promise<void>;
}

/** Starts a server and resolves once it accepts requests (the kubeconfig is written first). */
export async function startApiServer(opts: ApiServerOptions = {}): Promise<RunningApiServer> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const [ext, store] = await Promise.all([loadExtensions(), ObjectStore.open({ dataDir: opts.dataDir, historyEvents: opts.tuning?.historyEvents, compactBytes: opts.tuning?.compactBytes })]);
  const identity = loadIdentity(opts.dataDir);
  const tokens = new TokenAuthenticator(identity.adminToken, identity.signingKey);
  const catalog = new ResourceCatalog(store.list(CRD_RESOURCE.storageKey));
  store.subscribe((events) => {
    if (events.some((e) => e.resource === CRD_RESOURCE.storageKey)) catalog.rebuild(store.list(CRD_RESOURCE.storageKey));
  });
  const hub = new WatchHub(store);
  const ctx: ApiContext = {
    store, catalog, hub, ext, kubeVersion: opts.kubeVersion ?? '1.32', authz: opts.authz ?? 'AlwaysAllow',
    compiledVersion: compiledVersionCache(ext), watchLifetimeMs: opts.tuning?.watchLifetimeMs,
  };
  const detachWebhooks = attachWebhooks(ctx, opts.webhooks);
  await seedDefaults(ctx);
  const controllers = startControllers(ctx, { rootCaPem: identity.certs.ca.certPem });
  let port = 0;
  const openapi = new OpenApiHandler(ctx);
  const parts = { ctx, tokens, openapi, serverAddress: () => `127.0.0.1:${port}` };
  const log = process.env.TSOP_APISERVER_LOG === '1';
  const listener = createServerListener({ tls: { certPem: identity.certs.server.certPem, keyPem: identity.certs.server.keyPem } }, (req, res) => {
    if (log) res.on('finish', () => process.stderr.write(`${req.method} ${req.url} HTTP/${req.httpVersion} ${res.statusCode} accept=${req.headers.accept ?? ''} type=${req.headers['content-type'] ?? ''}\n`));
    void handleHttp(parts, req, res);
  });
  const { server } = listener;
  await listen(server, opts.port ?? 0);
  port = (server.address() as { port: number }).port;
  let insecure: Listener<HttpServer> | undefined;
  if (opts.insecurePort !== undefined) {
    const loopback = { ...parts, anonymous: UNSECURED_USER };
    insecure = createServerListener({ plain: true }, (req, res) => void handleHttp(loopback, req, res));
    await listen(insecure.server, opts.insecurePort);
  }
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = renderKubeconfig(url, identity.certs.ca.certPem, identity.adminToken);
  const kubeconfigPath = opts.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), 'tsop-apiserver-')), 'kubeconfig');
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  let stopped: Promise<void> | undefined;
  return {
    url, kubeconfigPath, kubeconfig,
    insecureUrl: insecure ? `http://127.0.0.1:${(insecure.server.address() as { port: number }).port}` : undefined, adminToken: identity.adminToken, caPem: identity.certs.ca.certPem,
    stop: () => {
      stopped ??= (async () => {
        controllers.stop();
        detachWebhooks();
        hub.finishAll();
        await Promise.all([listener.close(), insecure?.close()]);
        hub.close();
        await store.close();
      })();
      return stopped;
    },
  };
}

/** Listens on 127.0.0.1 (never on other interfaces). */
function listen(server: NetServer, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
