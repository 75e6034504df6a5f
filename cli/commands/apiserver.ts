/** `tsop apiserver`: runs the local Kubernetes-compatible API server until SIGTERM/SIGINT. */
import type { Command } from 'commander';

/** Options of `tsop apiserver`. */
interface ApiServerFlags {
  port: string;
  dataDir?: string;
  kubeconfig?: string;
  authz: string;
  kubeVersion: string;
  insecurePort?: string;
}

/** Registers `tsop apiserver` on the program. */
export function registerApiServer(program: Command): void {
  program
    .command('apiserver')
    .description('run a local Kubernetes-compatible API server (HTTPS on 127.0.0.1)')
    .option('--port <port>', 'port to listen on (0 picks a free port)', '0')
    .option('--data-dir <dir>', 'keep state in this directory (memory only when absent)')
    .option('--kubeconfig <file>', 'write the kubeconfig here (a temporary file when absent)')
    .option('--authz <mode>', 'authorization mode: AlwaysAllow or RBAC', 'AlwaysAllow')
    .option('--kube-version <major.minor>', 'version reported by /version', '1.32')
    .option('--insecure-port <port>', 'also serve plain HTTP on 127.0.0.1 (0 picks a free port); requests without credentials there act as system:unsecured')
    .action(async (flags: ApiServerFlags) => {
      if (flags.authz !== 'AlwaysAllow' && flags.authz !== 'RBAC') throw new Error(`--authz must be AlwaysAllow or RBAC, got ${flags.authz}`);
      const port = portNumber('--port', flags.port);
      const insecurePort = flags.insecurePort === undefined ? undefined : portNumber('--insecure-port', flags.insecurePort);
      // Loaded here, not at the top, so that registering the command stays cheap.
      const { startApiServer } = await import('../../apiserver/index.ts');
      const api = await startApiServer({ port, dataDir: flags.dataDir, kubeconfigPath: flags.kubeconfig, authz: flags.authz, kubeVersion: flags.kubeVersion, insecurePort });
      process.stdout.write(`apiserver listening on ${api.url}, kubeconfig ${api.kubeconfigPath}\n`);
      if (api.insecureUrl) process.stdout.write(`plain HTTP on ${api.insecureUrl} (loopback only; no credentials needed)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await api.stop();
    });
}

function portNumber(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be a port number, got ${value}`);
  return port;
}
