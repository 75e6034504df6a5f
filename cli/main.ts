/**
 * The `tsop` command: the one composition root that wires generator/, runtime/, apiserver/ and
 * controllers/ together. Each subcommand lives in cli/commands/<name>.ts.
 *
 * Start-up convention: a command module's top level imports only `import type` and light helpers
 * (node built-ins, commander types); anything heavy (generator/ and ts-morph, apiserver/, runtime/,
 * controllers/, client-node) is loaded with `await import(...)` inside the action. On top of that,
 * main loads only the module of the command being run (every module for help or an unknown
 * command), so a slow module costs its own command alone. To add a command, add one entry to
 * COMMANDS: the names it registers and a loader of its register function.
 */
import { Command, CommanderError } from 'commander';

type Register = (program: Command) => void;

/** Command modules by the top-level command names they register. */
const COMMANDS: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ['generate'], load: async () => (await import('./commands/generate.ts')).registerGenerate },
  { names: ['import'], load: async () => (await import('./commands/import.ts')).registerImport },
  { names: ['apiserver'], load: async () => (await import('./commands/apiserver.ts')).registerApiServer },
  { names: ['run'], load: async () => (await import('./commands/run.ts')).registerRun },
  { names: ['dev'], load: async () => (await import('./commands/dev.ts')).registerDev },
  { names: ['init'], load: async () => (await import('./commands/init.ts')).registerInit },
  { names: ['create'], load: async () => (await import('./commands/create.ts')).registerCreate },
  { names: ['build'], load: async () => (await import('./commands/build.ts')).registerBuild },
  { names: ['deploy', 'undeploy'], load: async () => (await import('./commands/deploy.ts')).registerDeploy },
];

/** Runs the CLI with process-style argv and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('tsop')
    .description('TypeScript operator SDK for Kubernetes')
    .exitOverride()
    .showHelpAfterError();
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  const chosen = COMMANDS.filter((c) => name !== undefined && c.names.includes(name));
  // Registration order is kept so that help lists the commands as before.
  for (const register of await Promise.all((chosen.length ? chosen : COMMANDS).map((c) => c.load()))) register(program);
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
