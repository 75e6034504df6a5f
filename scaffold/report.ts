/** How the scaffolding commands report failures: one line on stderr and exit code 1. */
import { ScaffoldError } from './errors.ts';

/** Prints `tsop <command>: <reason>` for a ScaffoldError and sets exit code 1; rethrows anything else. */
export function reportFailure(command: string, err: unknown): void {
  if (!(err instanceof ScaffoldError)) throw err;
  process.stderr.write(`tsop ${command}: ${err.message}\n`);
  process.exitCode = 1;
}
