/** `tsop import`. */
import type { Command } from 'commander';

/** Registers `tsop import` on the program. */
export function registerImport(program: Command): void {
  program.command('import').description('(not yet available)').action(() => {
    process.stderr.write('tsop import: not implemented yet\n');
    process.exitCode = 1;
  });
}
