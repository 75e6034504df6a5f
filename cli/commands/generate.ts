/** `tsop generate`. */
import type { Command } from 'commander';

/** Registers `tsop generate` on the program. */
export function registerGenerate(program: Command): void {
  program.command('generate').description('(not yet available)').action(() => {
    process.stderr.write('tsop generate: not implemented yet\n');
    process.exitCode = 1;
  });
}
