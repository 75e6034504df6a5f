/** `tsop build`: compiled operator, Dockerfile and deploy bundle. */
import type { Command } from 'commander';
import { buildProject } from '../../scaffold/build.ts';
import { reportFailure } from '../../scaffold/report.ts';

interface BuildFlags {
  image?: string;
  helm?: boolean;
}

/** Registers `tsop build` on the program. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('compile the operator to JavaScript (dist/), write a Dockerfile and the deploy bundle (deploy/install.yaml, deploy/config/ kustomize tree)')
    .option('--image <name:tag>', 'image the Deployment runs (default: <project>:latest)')
    .option('--helm', 'also write a Helm chart to deploy/chart/')
    .addHelpText('after', `
Examples:
  $ tsop build --image registry.example.com/frigate-operator:v0.1.0
  $ docker build -t registry.example.com/frigate-operator:v0.1.0 . && docker push registry.example.com/frigate-operator:v0.1.0
  $ tsop build --image ghcr.io/acme/ops:v1 --helm && helm install ops deploy/chart`)
    .action((flags: BuildFlags) => {
      try {
        const result = buildProject({ image: flags.image, helm: flags.helm });
        process.stdout.write(`compiled ${result.compiled.length} file(s) to dist/\n`);
        for (const file of result.files) process.stdout.write(`wrote ${file}\n`);
        process.stdout.write(`tsop build: done; image ${result.image} — build it with: docker build -t ${result.image} .\n`);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('build', err);
      }
    });
}
