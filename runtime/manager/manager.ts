/**
 * The manager hosts the shared cache, the client, the controllers and the endpoints (metrics,
 * health probes), and runs leader election so that controllers run in one replica at a time.
 * Shutdown is graceful: intake stops, in-flight reconciles get gracefulShutdownTimeoutMs to
 * finish, then the Lease is released so a successor takes over at once.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../core/meta.ts';
import { ApiClient } from '../client/api-client.ts';
import { CachedClient } from '../client/cached-client.ts';
import type { ApiObject, Resource } from '../client/resource.ts';
import { InformerCache, type InformerCacheOptions, type InformerScope } from '../cache/informer-cache.ts';
import type { SharedInformer } from '../cache/informer.ts';
import { Controller, type ControllerOptions } from '../controller/controller.ts';
import type { ControllerHost } from '../builder/builder.ts';
import { CheckSet } from '../health/checks.ts';
import { serveEndpoints, type BindAddress, type EndpointServer } from '../health/server.ts';
import { LeaderElector, LeaseLock, type LeaderElectionConfig } from '../leaderelection/index.ts';
import { newLogger, type Logger } from '../log/logger.ts';
import { RuntimeMetrics } from '../metrics/runtime-metrics.ts';
import { WebhookServer, type WebhookServerOptions } from '../webhook/server.ts';
import { LeaderElectionLostError, type Runnable } from './runnable.ts';

/** Leader-election settings of a manager. */
export interface ManagerLeaderElection extends LeaderElectionConfig {
  /** Lease name (unique per operator). */
  id: string;
  /** Lease namespace. Default POD_NAMESPACE or 'default'. */
  namespace?: string;
  /**
   * What to do when leadership is lost: 'exit' stops and exits the process with status 1 (like
   * controller-runtime), 'stop' makes start() reject with LeaderElectionLostError, 'follow' keeps
   * running as a follower and campaigns again. Default 'exit'.
   */
  onLost?: 'exit' | 'stop' | 'follow';
}

/** Options of a manager. */
export interface ManagerOptions {
  kubeConfig: KubeConfig;
  /** Root logger. Default a pino logger on stdout at TSOP_LOG_LEVEL or info. */
  logger?: Logger;
  /** Field manager of the client's writes. Default 'tsop'. */
  fieldManager?: string;
  /** Informer cache options (namespace restriction, per-kind scopes, transforms). */
  cache?: InformerCacheOptions;
  /** Kinds whose client reads bypass the cache. */
  uncached?: Resource[];
  /** Serve /metrics here; omitted = no metrics server. */
  metricsBindAddress?: BindAddress;
  /** Serve /healthz and /readyz here; omitted = no probe server. */
  healthProbeBindAddress?: BindAddress;
  /** Leader election; omitted = always leader. */
  leaderElection?: ManagerLeaderElection;
  /** Time in-flight reconciles get to finish on shutdown. Default 30 000 ms. */
  gracefulShutdownTimeoutMs?: number;
  /** Defaults for every controller built on this manager. */
  controllerDefaults?: Partial<Omit<ControllerOptions, 'name'>>;
  /** Log (not crash on) unhandled rejections and uncaught exceptions while running. Default true. */
  catchUnhandled?: boolean;
  /** The webhook server (port 9443, certificate directory); it runs only once a webhook is registered. */
  webhookServer?: WebhookServerOptions;
}

/** Hosts controllers, cache, client and endpoints. */
export class Manager implements ControllerHost {
  readonly cache: InformerCache;
  readonly apiReader: ApiClient;
  readonly client: CachedClient;
  readonly metrics: RuntimeMetrics;
  readonly healthz = new CheckSet('healthz');
  readonly readyz = new CheckSet('readyz');
  readonly logger: Logger;
  /** Hosts admission and conversion webhooks; started with the manager when any is registered. */
  readonly webhookServer: WebhookServer;
  private readonly opts: ManagerOptions;
  private readonly runnables: Runnable[] = [];
  private readonly controllerNames = new Set<string>();
  private elector: LeaderElector | undefined;
  private servers: EndpointServer[] = [];
  private electedWaiters: (() => void)[] = [];
  private leader = false;
  private started = false;

  constructor(opts: ManagerOptions) {
    this.opts = opts;
    this.logger = opts.logger ?? newLogger();
    this.apiReader = new ApiClient(opts.kubeConfig, { fieldManager: opts.fieldManager ?? 'tsop' });
    this.cache = new InformerCache(opts.kubeConfig, { logger: this.logger, ...opts.cache });
    this.client = new CachedClient(this.apiReader, this.cache, { uncached: opts.uncached });
    this.metrics = new RuntimeMetrics();
    this.webhookServer = new WebhookServer({ logger: this.logger, ...opts.webhookServer });
    this.healthz.add('ping', () => {});
    this.readyz.add('informers', async () => {
      if (!(await this.cache.waitForSync(AbortSignal.timeout(50)))) throw new Error('informers not synced');
    });
  }

  /** {@inheritDoc ControllerHost.informerFor} */
  informerFor<T extends ApiObject>(res: Resource<T>, scope?: InformerScope): SharedInformer<T> {
    return this.cache.informerFor(res, scope);
  }

  /** {@inheritDoc ControllerHost.controllerDefaults} */
  controllerDefaults(name: string): Partial<ControllerOptions> {
    return {
      logger: this.logger,
      metrics: this.metrics.controller(name),
      queueMetrics: (q) => this.metrics.queue(name, q),
      ...this.opts.controllerDefaults,
    };
  }

  /** Registers a controller; names must be unique. */
  addController(ctl: Controller): void {
    if (this.controllerNames.has(ctl.name)) throw new Error(`controller with name ${ctl.name} already exists; controller names must be unique`);
    this.controllerNames.add(ctl.name);
    this.add({ start: (s) => ctl.start(s), abortInFlight: (r) => ctl.abortInFlight(r), needLeaderElection: true });
  }

  /** Registers a runnable. Runnables added after start() begin at their next opportunity only if added before. */
  add(r: Runnable): void {
    if (this.started) throw new Error('cannot add runnables after the manager started');
    this.runnables.push(r);
  }

  /** True while this manager may run leader runnables. */
  isLeader(): boolean {
    return this.leader;
  }

  /** Resolves when this manager becomes leader (at once without leader election). */
  elected(): Promise<void> {
    if (this.leader) return Promise.resolve();
    return new Promise((resolve) => this.electedWaiters.push(resolve));
  }

  /** Base URLs of the started endpoint servers. */
  endpoints(): { metrics?: string; health?: string } {
    const out: { metrics?: string; health?: string } = {};
    let i = 0;
    if (this.opts.metricsBindAddress) out.metrics = this.servers[i++]?.url;
    if (this.opts.healthProbeBindAddress) out.health = this.servers[i]?.url;
    return out;
  }

  /**
   * Runs everything until signal aborts (or leadership is lost, see onLost), then shuts down
   * gracefully. Resolves when everything has stopped.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('manager already started');
    this.started = true;
    const unhook = this.opts.catchUnhandled === false ? () => {} : this.hookUnhandled();
    let lostError: Error | undefined;
    try {
      await this.startServers();
      this.cache.start();
      const background = this.runnables.filter((r) => r.needLeaderElection === false).map((r) => this.guard(r.start(signal)));
      // Every replica serves webhooks, leader or not, as the API server may call any of them.
      if (this.webhookServer.size) background.push(this.guard(this.webhookServer.start(signal)));
      const leaderRuns = this.opts.leaderElection ? this.campaign(signal) : this.lead(signal, signal);
      lostError = await leaderRuns;
      await Promise.all(background);
    } finally {
      unhook();
      await this.cache.stop();
      await Promise.all(this.servers.map((s) => s.close()));
      this.servers = [];
    }
    if (lostError) {
      if ((this.opts.leaderElection?.onLost ?? 'exit') === 'exit') {
        this.logger.error({ err: lostError }, 'leader election lost, exiting');
        process.exit(1);
      }
      throw lostError;
    }
  }

  /** Runs leader runnables while `leading` holds; applies the shutdown deadline when `shutdown` aborts. */
  private async lead(leading: AbortSignal, shutdown: AbortSignal): Promise<undefined> {
    const leaders = this.runnables.filter((r) => r.needLeaderElection !== false);
    this.leader = true;
    this.electedWaiters.splice(0).forEach((w) => w());
    const runs = leaders.map((r) => this.guard(r.start(leading)));
    await new Promise<void>((resolve) => {
      if (leading.aborted) return resolve();
      leading.addEventListener('abort', () => resolve(), { once: true });
    });
    this.leader = false;
    const lost = !shutdown.aborted;
    // Losing the Lease means another replica may already be reconciling: stop now, not gracefully.
    if (lost) this.abortLeaders('leader election lost');
    const deadline = this.opts.gracefulShutdownTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), deadline); });
    const finished = await Promise.race([Promise.all(runs).then(() => false), timedOut]);
    clearTimeout(timer);
    if (finished) {
      this.logger.warn({ timeoutMs: deadline }, 'graceful shutdown timed out; aborting in-flight reconciles');
      this.abortLeaders('shutdown deadline exceeded');
    }
    return undefined;
  }

  private async campaign(signal: AbortSignal): Promise<Error | undefined> {
    const le = this.opts.leaderElection!;
    const namespace = le.namespace ?? process.env.POD_NAMESPACE ?? 'default';
    const lock = new LeaseLock(this.apiReader, namespace, le.id);
    for (;;) {
      const elector = new LeaderElector(lock, { logger: this.logger, ...le, identity: le.identity ?? this.elector?.identity });
      this.elector = elector;
      // The Lease keeps being renewed while leader runnables drain on shutdown, as controller-runtime
      // does; it is given up (released) only once they have stopped, so no successor overlaps them.
      const election = new AbortController();
      let leading: Promise<undefined> | undefined;
      const onShutdown = () => {
        if (!leading) election.abort();
        else void leading.then(() => election.abort());
      };
      signal.addEventListener('abort', onShutdown, { once: true });
      if (signal.aborted) onShutdown();
      const { lost } = await elector.run(election.signal, {
        onStartedLeading: (leadSignal) => {
          this.metrics.leader(le.id, true);
          let settled = false;
          leading = this.lead(AbortSignal.any([leadSignal, signal]), signal).finally(() => { settled = true; });
          // Lost while draining for shutdown: stop at once rather than finish gracefully.
          leadSignal.addEventListener('abort', () => { if (!settled) this.abortLeaders('leader election lost'); }, { once: true });
        },
        onStoppedLeading: async () => {
          await leading;
          this.metrics.leader(le.id, false);
        },
        onNewLeader: (id) => this.logger.info({ leader: id }, 'new leader elected'),
      });
      signal.removeEventListener('abort', onShutdown);
      await leading;
      if (!lost || signal.aborted) return undefined;
      if ((le.onLost ?? 'exit') !== 'follow') return new LeaderElectionLostError(lock.describe());
      this.logger.warn('leader election lost; continuing as follower');
    }
  }

  /** The lease holder identity of this manager (undefined without leader election). */
  identity(): string | undefined {
    return this.elector?.identity;
  }

  private abortLeaders(reason: string): void {
    for (const r of this.runnables) if (r.needLeaderElection !== false) r.abortInFlight?.(reason);
  }

  private guard(p: Promise<void>): Promise<void> {
    return p.catch((err) => { this.logger.error({ err }, 'runnable failed'); });
  }

  private async startServers(): Promise<void> {
    if (this.opts.metricsBindAddress) {
      this.servers.push(await serveEndpoints(this.opts.metricsBindAddress, [async (req, res) => {
        if (new URL(req.url ?? '/', 'http://m').pathname !== '/metrics') return false;
        res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(await this.metrics.text());
        return true;
      }]));
    }
    if (this.opts.healthProbeBindAddress) {
      this.servers.push(await serveEndpoints(this.opts.healthProbeBindAddress, [(q, s) => this.healthz.serve(q, s), (q, s) => this.readyz.serve(q, s)]));
    }
  }

  private hookUnhandled(): () => void {
    const onRejection = (reason: unknown) => this.logger.error({ err: reason }, 'unhandled promise rejection');
    const onException = (err: Error) => this.logger.error({ err }, 'uncaught exception');
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    return () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    };
  }
}
