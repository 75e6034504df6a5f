/**
 * The {{projectName}} operator: connects to the cluster, registers every controller in one
 * manager and runs it until SIGTERM (in-flight reconciles get time to finish).
 *
 * Flags follow controller-runtime's: --kubeconfig, --leader-elect, --metrics-bind-address,
 * --health-probe-bind-address, --webhook-port and --webhook-cert-dir (webhooks, when there are any).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { Manager, newLogger, setupSignalHandler, type BindAddress } from 'tsop';
import { registerControllers } from './controllers/index.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { registerWebhooks } from './webhooks/index.ts';

const { values: flags } = parseArgs({
  options: {
    'kubeconfig': { type: 'string' },
    'leader-elect': { type: 'boolean', default: false },
    'leader-election-id': { type: 'string', default: '{{leaderElectionId}}' },
    'metrics-bind-address': { type: 'string', default: ':8080' },
    'health-probe-bind-address': { type: 'string', default: ':8081' },
    'webhook-port': { type: 'string', default: '9443' },
    'webhook-cert-dir': { type: 'string', default: '/tmp/k8s-webhook-server/serving-certs' },
  },
});

/** `:8080` or `127.0.0.1:8080`; `0` turns the endpoint off. */
function bindAddress(value: string): BindAddress | undefined {
  if (value === '0' || value === '') return undefined;
  const at = value.lastIndexOf(':');
  const port = Number(value.slice(at + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a bind address: ${value}`);
  const host = at > 0 ? value.slice(0, at) : undefined;
  return host ? { host, port } : { port };
}

const logger = newLogger();
let kubeConfig: KubeConfig;
try {
  kubeConfig = loadKubeConfig(flags.kubeconfig);
} catch (err) {
  process.stderr.write(`{{projectName}}: ${(err as Error).message}\n`);
  process.exit(1);
}
const mgr = new Manager({
  kubeConfig,
  logger,
  fieldManager: '{{projectName}}',
  metricsBindAddress: bindAddress(flags['metrics-bind-address']),
  healthProbeBindAddress: bindAddress(flags['health-probe-bind-address']),
  leaderElection: flags['leader-elect'] ? { id: flags['leader-election-id'] } : undefined,
  // Without a mounted certificate (a local run) the webhook server mints a self-signed one.
  webhookServer: { port: Number(flags['webhook-port']), certDir: existsSync(flags['webhook-cert-dir']) ? flags['webhook-cert-dir'] : undefined },
});
registerControllers(mgr);
registerWebhooks(mgr);
logger.info({ server: kubeConfig.getCurrentCluster()?.server }, 'starting manager');
await mgr.start(setupSignalHandler());
logger.info('manager stopped');
