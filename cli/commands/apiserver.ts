/** `tsop apiserver`. */
import type { Command } from 'commander';

/** Registers `tsop apiserver` on the program. */
export function registerApiServer(program: Command): void {
  program.command('apiserver').description('(not yet available)').action(() => {
    process.stderr.write('tsop apiserver: not implemented yet\n');
    process.exitCode = 1;
  });
}
