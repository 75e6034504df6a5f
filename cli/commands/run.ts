/**
 * `tsop run`: runs the project's operators against a cluster, like kubebuilder's `make run` —
 * the current kubeconfig context by default, CRDs installed beforehand, one manager for all.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import {
  ApiClient, CustomResourceDefinitions, Manager, isForbidden, isNotFound, newLogger, setupSignalHandler,
  type BindAddress, type Logger,
} from '../../runtime/index.ts';
import { registerAll, requiredCrds } from '../../controllers/index.ts';

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
  });
  const registered = registerAll(mgr, { only: opts.only });
  opts.logger.info({ operators: registered.map((o) => o.name) }, 'operators registered');
  return mgr;
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
    .action(async (flags: RunFlags) => {
      const logger = newLogger();
      const only = operatorList(flags.operators);
      const metrics = parseBindAddress(flags.metricsBindAddress, '--metrics-bind-address');
      const health = parseBindAddress(flags.healthProbeBindAddress, '--health-probe-bind-address');
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
      const mgr = buildManager({
        kubeConfig: kc, logger, namespace: flags.namespace, only, metricsBindAddress: metrics, healthProbeBindAddress: health,
        leaderElection: flags.leaderElect ? { id: flags.leaderElectionId, namespace: flags.leaderElectionNamespace } : undefined,
      });
      logger.info({ server: kc.getCurrentCluster()?.server, namespace: flags.namespace ?? '(all)' }, 'starting manager');
      await mgr.start(setupSignalHandler());
      logger.info('manager stopped');
    });
}
