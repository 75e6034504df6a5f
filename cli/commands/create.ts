/** `tsop create api` and `tsop create webhook`: add a kind, its controller or its webhooks to a project. */
import type { Command } from 'commander';
import { createApi } from '../../scaffold/api.ts';
import { parseBool } from '../../scaffold/names.ts';
import { reportFailure } from '../../scaffold/report.ts';
import { createWebhook } from '../../scaffold/webhook.ts';

interface ApiFlags {
  group: string;
  version: string;
  kind: string;
  namespaced?: string | boolean;
  resource?: string | boolean;
  controller?: string | boolean;
  force?: boolean;
  generate: boolean;
}

interface WebhookFlags {
  group: string;
  version: string;
  kind: string;
  defaulting?: boolean;
  validation?: boolean;
  conversion?: boolean;
  force?: boolean;
  generate: boolean;
}

function printChanges(command: string, result: { written: string[]; skipped: string[]; generated: string[] }): void {
  for (const path of result.written) process.stdout.write(`wrote ${path}\n`);
  for (const path of result.skipped) process.stdout.write(`skipped ${path}\n`);
  for (const path of result.generated) process.stdout.write(`generated ${path}\n`);
  process.stdout.write(`tsop ${command}: ${result.written.length} file(s) written, ${result.skipped.length} skipped, ${result.generated.length} generated\n`);
}

/** Registers `tsop create` and its subcommands on the program. */
export function registerCreate(program: Command): void {
  const create = program.command('create').description('add an API (kind, controller, test, sample) or webhooks to a project made by tsop init');
  create
    .command('api')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('add a kind: API types with markers, controller with RBAC markers, an end-to-end test and a sample, then run generation')
    .requiredOption('--group <group>', 'short API group (the project domain is appended), e.g. ship')
    .requiredOption('--version <version>', 'API version, e.g. v1 or v1alpha1')
    .requiredOption('--kind <Kind>', 'kind in PascalCase, e.g. Frigate')
    .option('--namespaced [bool]', 'namespaced (true) or cluster-scoped (false)', 'true')
    .option('--resource [bool]', 'write the API types', 'true')
    .option('--controller [bool]', 'write a controller and its test', 'true')
    .option('--force', 'overwrite files that already exist')
    .option('--no-generate', 'do not run generation afterwards')
    .addHelpText('after', `
Examples:
  $ tsop create api --group ship --version v1 --kind Frigate
  $ tsop create api --group ship --version v1beta1 --kind Harbor --namespaced=false
  $ tsop create api --group ship --version v1 --kind Frigate --resource=false --controller   # controller for an existing kind`)
    .action(async (flags: ApiFlags) => {
      try {
        const result = await createApi({
          group: flags.group, version: flags.version, kind: flags.kind, force: flags.force, generate: flags.generate,
          namespaced: parseBool('namespaced', flags.namespaced, true),
          resource: parseBool('resource', flags.resource, true),
          controller: parseBool('controller', flags.controller, true),
        });
        printChanges('create api', result);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('create api', err);
      }
    });
  create
    .command('webhook')
    // Bad input gets a one-line reason; --help has the usage and examples.
    .showHelpAfterError(false)
    .description('add admission webhooks (defaulting, validation) or conversion for a kind: plain TypeScript functions served by the manager over TLS')
    .requiredOption('--group <group>', 'short API group of the kind')
    .requiredOption('--version <version>', 'API version of the kind')
    .requiredOption('--kind <Kind>', 'the kind')
    .option('--defaulting', 'a mutating webhook that sets defaults')
    .option('--validation', 'a validating webhook for create, update and delete')
    .option('--conversion', 'a conversion webhook between the kind\'s versions')
    .option('--force', 'overwrite files that already exist')
    .option('--no-generate', 'do not run generation afterwards')
    .addHelpText('after', `
Examples:
  $ tsop create webhook --group ship --version v1 --kind Frigate --defaulting --validation
  $ tsop create webhook --group ship --version v1 --kind Frigate --conversion`)
    .action(async (flags: WebhookFlags) => {
      try {
        const result = await createWebhook({
          group: flags.group, version: flags.version, kind: flags.kind, force: flags.force, generate: flags.generate,
          defaulting: flags.defaulting ?? false, validation: flags.validation ?? false, conversion: flags.conversion ?? false,
        });
        printChanges('create webhook', result);
        process.exitCode = 0;
      } catch (err) {
        reportFailure('create webhook', err);
      }
    });
}
