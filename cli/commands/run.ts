/**
 * `tsop run`: runs the project's operators against a cluster, like kubebuilder's `make run` —
 * the current kubeconfig context by default, CRDs installed beforehand, one manager for all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import {
  ApiClient, CustomResourceDefinitions, Manager, isForbidden, isNotFound, newLogger, setupSignalHandler,
  type BindAddress, type Logger, type WebhookServerOptions,
} from '../../runtime/index.ts';
import { operatorsWithWebhooks, registerAll, requiredCrds, type OperatorEntry } from '../../controllers/index.ts';
import {
  configureWebhooks, endpointUrl, manifestsFile, pointAtEndpoint, prepareEndpoint, readAdmissionConfigurations, removeAdmissionConfigurations,
  type ConfiguredWebhooks, type WebhookEndpoint,
} from '../webhook-setup.ts';

/** Flags of `tsop run`. */
interface RunFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  leaderElect?: boolean;
  leaderElectionId: string;
  leaderElectionNamespace?: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  operators?: string;
  webhookHost?: string;
  webhookPort: string;
  webhookCertDir?: string;
  webhookManifests?: string;
}

/** Raised when the cluster lacks what the operators need; the message says how to fix it. */
export class ClusterNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterNotReadyError';
  }
}

/**
 * Parses a controller-runtime style bind address: `:8080`, `127.0.0.1:8080`, `8080`; `0` (or
 * empty) disables the endpoint.
 */
export function parseBindAddress(value: string, flag: string): BindAddress | undefined {
  if (value === '' || value === '0') return undefined;
  const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d+)$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new Error(`${flag} must look like :8080 or 127.0.0.1:8080 (0 disables), got ${JSON.stringify(value)}`);
  const host = m[1] ? m[1].replace(/^\[|\]$/g, '') : undefined;
  return host ? { port, host } : { port };
}

/** Loads the kubeconfig the way kubectl does: --kubeconfig, else $KUBECONFIG, ~/.kube/config, in-cluster. */
export function loadKubeConfig(path?: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (context) kc.setCurrentContext(context);
  if (!kc.getCurrentCluster()) throw new ClusterNotReadyError('no cluster in the kubeconfig; pass --kubeconfig or set KUBECONFIG (or run `tsop dev` for a local API server)');
  return kc;
}

/**
 * Checks that every CRD exists and is Established. A client that may not read CRDs cannot tell;
 * it gets a warning and the informers report any real absence.
 */
export async function checkCrds(client: ApiClient, names: readonly string[], logger?: Logger): Promise<void> {
  const problems: string[] = [];
  for (const name of names) {
    try {
      const crd = await client.get(CustomResourceDefinitions, { name });
      const conds = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      if (!conds.some((c) => c.type === 'Established' && c.status === 'True')) problems.push(`CRD ${name} is installed but not Established yet; check \`kubectl describe crd ${name}\``);
    } catch (err) {
      if (isNotFound(err)) problems.push(`CRD ${name} is not installed; run: kubectl apply -f generated/crds/`);
      else if (isForbidden(err)) logger?.warn({ crd: name }, 'not allowed to read CustomResourceDefinitions; assuming the CRD is installed');
      else throw err;
    }
  }
  if (problems.length) throw new ClusterNotReadyError(problems.join('\n'));
}

/** What startOperators needs. */
export interface OperatorRunOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  namespace?: string;
  leaderElection?: { id: string; namespace?: string; identity?: string };
  metricsBindAddress?: BindAddress;
  healthProbeBindAddress?: BindAddress;
  /** Operator names to run; all when empty. */
  only?: string[];
  /** Serve the operators' webhooks with these options; webhooks are not registered when absent. */
  webhookServer?: WebhookServerOptions;
}

/** Builds the manager with every selected operator registered; the caller starts it. */
export function buildManager(opts: OperatorRunOptions): Manager {
  const mgr = new Manager({
    kubeConfig: opts.kubeConfig,
    logger: opts.logger,
    fieldManager: 'tsop',
    cache: opts.namespace ? { namespace: opts.namespace } : undefined,
    metricsBindAddress: opts.metricsBindAddress,
    healthProbeBindAddress: opts.healthProbeBindAddress,
    leaderElection: opts.leaderElection
      ? { ...opts.leaderElection, namespace: opts.leaderElection.namespace ?? opts.namespace ?? process.env.POD_NAMESPACE ?? 'default' }
      : undefined,
    webhookServer: opts.webhookServer,
  });
  const registered = registerAll(mgr, { only: opts.only, webhooks: Boolean(opts.webhookServer) });
  opts.logger.info({ operators: registered.map((o) => o.name) }, 'operators registered');
  return mgr;
}

/** Parses a port flag (0 allowed when `zero` says so). */
export function parsePort(value: string, flag: string, zero = false): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535 || (port === 0 && !zero)) throw new Error(`${flag} must be a port number, got ${JSON.stringify(value)}`);
  return port;
}

/**
 * Points the cluster at the endpoint: the converting CRDs' spec.conversion and the generated
 * admission configurations of the given operators, logged in one line.
 */
export async function setUpWebhooks(
  client: ApiClient, ep: WebhookEndpoint, ops: readonly OperatorEntry[], manifests: string, fieldManager: string, logger: Logger,
): Promise<ConfiguredWebhooks> {
  const configurations = pointAtEndpoint(readAdmissionConfigurations(manifests), ep, ops.flatMap((o) => o.crds));
  const done = await configureWebhooks(client, ep, { conversionCrds: ops.flatMap((o) => o.conversionCrds ?? []), configurations, fieldManager });
  const admission = done.configurations.flatMap((c) => ((c as { webhooks?: { name: string }[] }).webhooks ?? []).map((w) => w.name));
  logger.info({ url: endpointUrl(ep), conversion: done.conversions, admission }, 'webhooks configured');
  if (!admission.length) logger.warn({ manifests }, 'no admission webhooks of the running operators in the manifests; run `tsop generate`');
  return done;
}

/**
 * A signal that aborts once the admission configurations are gone, after `signal` aborts:
 * configurations left behind would refuse every write to the kinds once this process is gone,
 * and removing them before the drain spares the webhook server new calls while it closes. The
 * CRDs keep converting through the address: without it, writes in the old versions would be
 * stored unconverted.
 */
export function unconfigureFirst(signal: AbortSignal, client: ApiClient, configured: ConfiguredWebhooks, logger: Logger, timeoutMs = 5_000): AbortSignal {
  const stop = new AbortController();
  signal.addEventListener('abort', () => {
    const removal = removeAdmissionConfigurations(client, configured.configurations)
      .then(() => logger.info({ configurations: configured.configurations.map((c) => c.metadata.name) }, 'webhook configurations removed'))
      .catch((err: unknown) => logger.error({ err }, 'could not remove the webhook configurations; delete them by hand'));
    const late = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([removal, late]).then(() => stop.abort(signal.reason));
  }, { once: true });
  return stop.signal;
}

/** Splits a comma-separated operator list. */
export function operatorList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Registers `tsop run` on the program. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the operators against the cluster of the current kubeconfig context (CRDs must be installed)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'kubeconfig context to use (default: the current one)')
    .option('--namespace <ns>', 'watch only this namespace (default: all)')
    .option('--leader-elect', 'enable leader election, so only one replica reconciles at a time')
    .option('--leader-election-id <id>', 'name of the leader election Lease', 'tsop-operators')
    .option('--leader-election-namespace <ns>', 'namespace of the Lease (default: --namespace, $POD_NAMESPACE or default)')
    .option('--metrics-bind-address <addr>', 'serve Prometheus metrics here (0 disables)', ':8080')
    .option('--health-probe-bind-address <addr>', 'serve /healthz and /readyz here (0 disables)', ':8081')
    .option('--operators <names>', 'comma-separated operators to run (default: all)')
    .option('--webhook-host <host>', 'serve the operators\' webhooks; the API server calls https://<host>:<port> (an address of this machine it can reach)')
    .option('--webhook-port <port>', 'port of the webhook server', '9443')
    .option('--webhook-cert-dir <dir>', 'serving certificate: tls.crt, tls.key and ca.crt (default: a CA and certificate for --webhook-host, minted at start)')
    .option('--webhook-manifests <file>', 'admission configurations to point at the server (default: generated/webhook/manifests.yaml)')
    .action(async (flags: RunFlags) => {
      const logger = newLogger();
      const only = operatorList(flags.operators);
      const metrics = parseBindAddress(flags.metricsBindAddress, '--metrics-bind-address');
      const health = parseBindAddress(flags.healthProbeBindAddress, '--health-probe-bind-address');
      const webhookPort = parsePort(flags.webhookPort, '--webhook-port');
      const hooked = operatorsWithWebhooks(only);
      let kc: KubeConfig;
      try {
        kc = loadKubeConfig(flags.kubeconfig, flags.context);
        await checkCrds(new ApiClient(kc), requiredCrds(only), logger);
      } catch (err) {
        if (!(err instanceof ClusterNotReadyError)) throw err;
        process.stderr.write(`tsop run: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (hooked.length && !flags.webhookHost) {
        logger.warn({ operators: hooked.map((o) => o.name) }, 'webhooks not served (no conversion or admission for these operators\' kinds): pass --webhook-host with an address of this machine the API server can reach');
      }
      const mintDir = hooked.length && flags.webhookHost && !flags.webhookCertDir ? mkdtempSync(join(tmpdir(), 'tsop-webhook-')) : undefined;
      try {
        const endpoint = hooked.length && flags.webhookHost
          ? prepareEndpoint({ host: flags.webhookHost, port: webhookPort, certDir: flags.webhookCertDir, mintDir })
          : undefined;
        const mgr = buildManager({
          kubeConfig: kc, logger, namespace: flags.namespace, only, metricsBindAddress: metrics, healthProbeBindAddress: health,
          leaderElection: flags.leaderElect ? { id: flags.leaderElectionId, namespace: flags.leaderElectionNamespace } : undefined,
          webhookServer: endpoint?.server,
        });
        const client = new ApiClient(kc);
        // Configured before the controllers start, so their own writes never meet stale webhook addresses.
        const configured = endpoint ? await setUpWebhooks(client, endpoint, hooked, manifestsFile(flags.webhookManifests), 'tsop', logger) : undefined;
        logger.info({ server: kc.getCurrentCluster()?.server, namespace: flags.namespace ?? '(all)' }, 'starting manager');
        const signal = setupSignalHandler();
        await mgr.start(configured ? unconfigureFirst(signal, client, configured, logger) : signal);
        logger.info('manager stopped');
      } finally {
        if (mintDir) rmSync(mintDir, { recursive: true, force: true });
      }
    });
}
