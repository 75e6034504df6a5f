/** `tsop deploy` and `tsop undeploy`: the bundle of `tsop build`, applied to or removed from a cluster. */
import type { Command } from 'commander';
import { loadClusterConfig } from '../../scaffold/cluster.ts';
import { deployBundle, undeployBundle } from '../../scaffold/deploy.ts';
import { reportFailure } from '../../scaffold/report.ts';

interface DeployFlags {
  kubeconfig?: string;
  context?: string;
  image?: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Registers `tsop deploy` and `tsop undeploy` on the program. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('server-side apply deploy/install.yaml (from tsop build): CRDs first, waiting until Established, then RBAC and the manager')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--image <name:tag>', 'run this image instead of the one given to tsop build')
    .addHelpText('after', `
Examples:
  $ tsop build --image registry.example.com/frigate-operator:v0.1.0 && tsop deploy
  $ tsop deploy --kubeconfig ~/.kube/staging --image registry.example.com/frigate-operator:v0.1.1`)
    .action(async (flags: DeployFlags) => {
      try {
        const kubeConfig = loadClusterConfig(flags.kubeconfig, flags.context);
        const lines = await deployBundle({ kubeConfig, image: flags.image, log });
        process.stdout.write(`tsop deploy: ${lines.length} object(s) applied to ${kubeConfig.getCurrentCluster()?.server}\n`);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('deploy', err);
      }
    });
  program
    .command('undeploy')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('delete the objects of deploy/install.yaml in reverse order (the CRDs, and so every custom resource, last)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .addHelpText('after', `
Examples:
  $ tsop undeploy
  $ tsop undeploy --kubeconfig ~/.kube/staging`)
    .action(async (flags: DeployFlags) => {
      try {
        const kubeConfig = loadClusterConfig(flags.kubeconfig, flags.context);
        const lines = await undeployBundle({ kubeConfig, log });
        process.stdout.write(`tsop undeploy: ${lines.length} object(s) removed from ${kubeConfig.getCurrentCluster()?.server}\n`);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('undeploy', err);
      }
    });
}
