/**
 * The Locust command lines of the master and the workers: the user's command seed, then the flags
 * that wire the distributed run together, then the user's extra arguments (which Locust lets win
 * over earlier flags, so overrides work and are only reported).
 */
import type { MasterSpec } from '../../apis/locust/v2/locusttest_types.ts';
import { MASTER_PORT } from './naming.ts';

const OPERATOR_FLAGS = [
  '--master', '--worker', '--master-port', '--master-host', '--expect-workers', '--autostart',
  '--autoquit', '--otel', '--enable-rebalancing', '--only-summary',
];

/** The extra arguments that repeat a flag the operator sets itself. */
export function conflictingArgs(extraArgs: readonly string[] | undefined): string[] {
  return (extraArgs ?? []).filter((arg) => OPERATOR_FLAGS.some((f) => arg === f || arg.startsWith(`${f}=`)));
}

/** Splits a command seed on whitespace, as the shell-less container args need. */
function fields(seed: string): string[] {
  return seed.split(/\s+/).filter(Boolean);
}

/** Master args: seed, [--otel], role and port flags, autostart/autoquit, rebalancing, extra args. */
export function masterArgs(master: MasterSpec, workerReplicas: number, otelEnabled: boolean): string[] {
  const args = fields(master.command);
  if (otelEnabled) args.push('--otel');
  args.push('--master', `--master-port=${MASTER_PORT}`, `--expect-workers=${workerReplicas}`);
  if (master.autostart ?? true) args.push('--autostart');
  if (!master.autoquit || master.autoquit.enabled) {
    const timeout = master.autoquit?.timeout !== undefined && master.autoquit.timeout >= 0 ? master.autoquit.timeout : 60;
    args.push('--autoquit', String(timeout));
  }
  args.push('--enable-rebalancing', '--only-summary');
  args.push(...(master.extraArgs ?? []));
  return args;
}

/** Worker args: seed, [--otel], role flag and master address, extra args. */
export function workerArgs(seed: string, masterHost: string, otelEnabled: boolean, extraArgs: readonly string[] | undefined): string[] {
  const args = fields(seed);
  if (otelEnabled) args.push('--otel');
  args.push('--worker', `--master-port=${MASTER_PORT}`, `--master-host=${masterHost}`);
  args.push(...(extraArgs ?? []));
  return args;
}
