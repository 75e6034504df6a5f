/**
 * `tsop dev`: a whole development cluster in one process. Starts the local API server with its
 * state under `.tsop/`, server-side applies the generated CRDs, runs every operator in one
 * manager (with leader election, as in production), and writes `.tsop/kubeconfig` for kubectl.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, CustomResourceDefinitions, newLogger, setupSignalHandler, type KubeObject, type Logger } from '../../runtime/index.ts';
import { operatorsWithWebhooks, requiredCrds, selectOperators } from '../../controllers/index.ts';
import {
  endpointUrl, manifestsFile, prepareEndpoint, readAdmissionConfigurations, removeAdmissionConfigurations, type ConfiguredWebhooks, type WebhookEndpoint,
} from '../webhook-setup.ts';
import { buildManager, checkCrds, ClusterNotReadyError, loadKubeConfig, operatorList, parseBindAddress, parsePort, setUpWebhooks } from './run.ts';

/** Flags of `tsop dev`. */
interface DevFlags {
  port: string;
  dir: string;
  crds?: string;
  authz: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  operators?: string;
  webhookPort: string;
  webhookManifests?: string;
}

/** Resolves true when 127.0.0.1:port can be bound now. */
function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A port on 127.0.0.1 free right now (the webhook server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** The CRD directory: the flag, else ./generated/crds, else the one shipped beside this CLI. */
function crdDir(flag: string | undefined): string {
  if (flag) return resolve(flag);
  const local = resolve('generated/crds');
  if (existsSync(local)) return local;
  return fileURLToPath(new URL('../../generated/crds/', import.meta.url));
}

/** Every CustomResourceDefinition in the YAML files of dir. */
export function readCrds(dir: string): KubeObject[] {
  if (!existsSync(dir)) throw new ClusterNotReadyError(`no CRD directory ${dir}; run \`tsop generate\` first`);
  const out: KubeObject[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const obj = doc.toJS() as KubeObject | null;
      if (obj?.kind === 'CustomResourceDefinition') out.push(obj);
    }
  }
  return out;
}

/** Server-side applies the CRDs, then waits until the required ones are Established. */
export async function installCrds(client: ApiClient, crds: KubeObject[], required: readonly string[]): Promise<void> {
  for (const crd of crds) await client.apply(CustomResourceDefinitions, crd, { fieldManager: 'tsop-dev', force: true });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await checkCrds(client, required);
      return;
    } catch (err) {
      if (!(err instanceof ClusterNotReadyError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Deletes the manifests' admission configurations kept in the state directory that this start did
 * not configure (their operators are not running): they would refuse every write to their kinds.
 */
async function removeStaleConfigurations(client: ApiClient, manifests: string, configured: ConfiguredWebhooks | undefined): Promise<void> {
  const applied = new Set(configured?.configurations.map((c) => `${c.kind}/${c.metadata.name}`));
  await removeAdmissionConfigurations(client, readAdmissionConfigurations(manifests).filter((c) => !applied.has(`${c.kind}/${c.metadata.name}`)));
}

/** The banner line about webhooks, when any are served. */
function webhookLine(ep: WebhookEndpoint | undefined, done: ConfiguredWebhooks | undefined): string[] {
  if (!ep || !done) return [];
  const admission = done.configurations.flatMap((c) => ((c as { webhooks?: { name: string }[] }).webhooks ?? []).map((w) => w.name));
  const what = [...done.conversions.map((c) => `conversion of ${c}`), ...admission].join(', ');
  return [`  webhooks served at ${endpointUrl(ep)}: ${what || '(none configured)'}`];
}

function banner(api: RunningApiServer, dataDir: string, crds: KubeObject[], operators: string[], webhooks: string[]): string {
  const kubeconfig = shown(api.kubeconfigPath);
  const exported = isAbsolute(kubeconfig) ? kubeconfig : `$PWD/${kubeconfig}`;
  return [
    `tsop dev: API server ${api.url} (state in ${shown(dataDir)})`,
    `  CRDs installed: ${crds.map((c) => c.metadata.name).join(', ') || '(none)'}`,
    `  operators running: ${operators.join(', ')}`,
    ...webhooks,
    '',
    'Point kubectl at it:',
    `  export KUBECONFIG=${exported}`,
    '  kubectl apply -f samples/ -R',
    '  kubectl get locusttests,jobs,services',
    '',
    'Stop with Ctrl-C (state is kept; delete the directory to start afresh).',
    '',
  ].join('\n');
}

async function startServer(port: number, dir: string, authz: 'AlwaysAllow' | 'RBAC', logger: Logger): Promise<RunningApiServer> {
  let chosen = port;
  if (!(await portFree(port))) {
    process.stderr.write(`tsop dev: port ${port} is in use; using a free port instead (pass --port to pick one)\n`);
    chosen = 0;
  }
  const api = await startApiServer({ port: chosen, dataDir: join(dir, 'data'), kubeconfigPath: join(dir, 'kubeconfig'), authz });
  logger.info({ url: api.url, kubeconfig: api.kubeconfigPath }, 'API server started');
  return api;
}

/** Registers `tsop dev` on the program. */
export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('start a local API server with the CRDs installed and every operator running (state in .tsop/)')
    .option('--port <port>', 'API server port (0 picks a free one; a taken port falls back to a free one)', '6443')
    .option('--dir <dir>', 'state directory: data/ and kubeconfig', '.tsop')
    .option('--crds <dir>', 'directory of CRD YAML to install (default: generated/crds)')
    .option('--authz <mode>', 'authorization mode of the API server: AlwaysAllow or RBAC', 'AlwaysAllow')
    .option('--metrics-bind-address <addr>', 'serve the operators\' Prometheus metrics here (0 disables)', '0')
    .option('--health-probe-bind-address <addr>', 'serve /healthz and /readyz here (0 disables)', '0')
    .option('--operators <names>', 'comma-separated operators to run (default: all)')
    .option('--webhook-port <port>', 'port of the operators\' webhook server on 127.0.0.1 (0 picks a free one)', '0')
    .option('--webhook-manifests <file>', 'admission configurations to point at the webhook server (default: generated/webhook/manifests.yaml)')
    .action(async (flags: DevFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${flags.port}`);
      if (flags.authz !== 'AlwaysAllow' && flags.authz !== 'RBAC') throw new Error(`--authz must be AlwaysAllow or RBAC, got ${flags.authz}`);
      const only = operatorList(flags.operators);
      const metrics = parseBindAddress(flags.metricsBindAddress, '--metrics-bind-address');
      const health = parseBindAddress(flags.healthProbeBindAddress, '--health-probe-bind-address');
      const webhookPort = parsePort(flags.webhookPort, '--webhook-port', true);
      const hooked = operatorsWithWebhooks(only);
      const required = requiredCrds(only);
      const crds = readCrds(crdDir(flags.crds));
      const missing = required.filter((n) => !crds.some((c) => c.metadata.name === n));
      if (missing.length) throw new Error(`the CRD directory lacks ${missing.join(', ')}; run \`tsop generate\``);
      const logger = newLogger({ destination: process.stderr });
      const dir = resolve(flags.dir);
      const signal = setupSignalHandler();
      const api = await startServer(port, dir, flags.authz, logger);
      try {
        const kc = loadKubeConfig(api.kubeconfigPath);
        const client = new ApiClient(kc);
        await installCrds(client, crds, required);
        // The webhook address and certificate change with every start: the CRDs and admission
        // configurations kept in the state directory are pointed at the new ones before any controller runs.
        const endpoint = hooked.length
          ? prepareEndpoint({ host: '127.0.0.1', bindHost: '127.0.0.1', port: webhookPort || await freePort(), mintDir: join(dir, 'webhook-certs') })
          : undefined;
        const manifests = manifestsFile(flags.webhookManifests);
        const configured = endpoint ? await setUpWebhooks(client, endpoint, hooked, manifests, 'tsop-dev', logger) : undefined;
        await removeStaleConfigurations(client, manifests, configured);
        const mgr = buildManager({
          kubeConfig: kc, logger, only, metricsBindAddress: metrics, healthProbeBindAddress: health,
          leaderElection: { id: 'tsop-dev-operators', namespace: 'kube-system', identity: `tsop-dev_${hostname()}` },
          webhookServer: endpoint?.server,
        });
        const running = mgr.start(signal);
        await Promise.race([Promise.all([mgr.elected(), endpoint ? mgr.webhookServer.listening() : undefined]), running]);
        const names = selectOperators(only).map((o) => o.name);
        if (!signal.aborted) process.stdout.write(banner(api, join(dir, 'data'), crds, names, webhookLine(endpoint, configured)));
        await running;
      } finally {
        await api.stop();
        logger.info('stopped');
      }
    });
}
