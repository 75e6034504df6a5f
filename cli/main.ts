/**
 * The `tsop` command: the one composition root that wires generator/, runtime/, apiserver/ and
 * controllers/ together. Each subcommand lives in cli/commands/<name>.ts.
 */
import { Command, CommanderError } from 'commander';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerApiServer } from './commands/apiserver.ts';
import { registerRun } from './commands/run.ts';
import { registerDev } from './commands/dev.ts';
import { registerInit } from './commands/init.ts';
import { registerCreate } from './commands/create.ts';
import { registerBuild } from './commands/build.ts';
import { registerDeploy } from './commands/deploy.ts';

/** Runs the CLI with process-style argv and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('tsop')
    .description('TypeScript operator SDK for Kubernetes')
    .exitOverride()
    .showHelpAfterError();
  registerGenerate(program);
  registerImport(program);
  registerApiServer(program);
  registerRun(program);
  registerDev(program);
  registerInit(program);
  registerCreate(program);
  registerBuild(program);
  registerDeploy(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`tsop: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv);
}
