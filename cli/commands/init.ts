/** `tsop init`: scaffolds a new operator project. */
import type { Command } from 'commander';
import { initProject } from '../../scaffold/init.ts';
import { reportFailure } from '../../scaffold/report.ts';

interface InitFlags {
  domain?: string;
  repo?: string;
  projectName?: string;
  tsop?: string;
  force?: boolean;
  install: boolean;
}

/** Registers `tsop init` on the program. */
export function registerInit(program: Command): void {
  program
    .command('init')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('create a new operator project (package.json, main.ts, controllers/, tests on a local API server, CI)')
    .argument('<dir>', 'directory to create the project in (must be empty or absent)')
    .option('--domain <domain>', 'domain of the project\'s API groups, e.g. example.com (required)')
    .option('--repo <name>', 'repository name recorded in PROJECT (default: the project name)')
    .option('--project-name <name>', 'project name (default: the directory name)')
    .option('--tsop <spec>', 'tsop dependency written to package.json (version range, file: path or tarball)')
    .option('--force', 'scaffold into a non-empty directory, overwriting files of the same names')
    .option('--no-install', 'do not run npm install')
    .addHelpText('after', `
Examples:
  $ tsop init frigate-operator --domain example.com
  $ tsop init ./ops --domain acme.io --repo github.com/acme/ops --no-install
  $ cd frigate-operator && npx tsop create api --group ship --version v1 --kind Frigate`)
    .action(async (dir: string, flags: InitFlags) => {
      try {
        if (!flags.domain) {
          process.stderr.write('tsop init: --domain is required (e.g. --domain example.com)\n');
          process.exitCode = 1;
          return;
        }
        const result = await initProject({
          dir, domain: flags.domain, repo: flags.repo, projectName: flags.projectName, tsop: flags.tsop, force: flags.force,
          install: flags.install, log: (line) => process.stdout.write(`${line}\n`),
        });
        process.stdout.write(`tsop init: project ready in ${result.dir}; next: npx tsop create api --group <group> --version v1 --kind <Kind>\n`);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('init', err);
      }
    });
}
