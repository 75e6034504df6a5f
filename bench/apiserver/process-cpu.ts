/**
 * Reading another process's CPU time, so each bench process's share of the machine can be reported,
 * and the machine's own: the time its hypervisor gave to other guests.
 */
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used, from Linux /proc; NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Jiffies of the whole machine from Linux /proc/stat: all of them, and those stolen by the hypervisor. */
export interface MachineTicks {
  total: number;
  steal: number;
}

/** The machine's CPU ticks so far; NaN fields where /proc/stat is missing. */
export function machineTicks(): MachineTicks {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: cpu.reduce((a, b) => a + b, 0), steal: cpu[7]! };
  } catch {
    return { total: NaN, steal: NaN };
  }
}

/** The share of the machine's CPU time the hypervisor took between two readings. */
export function stealShare(before: MachineTicks, after: MachineTicks): number {
  return (after.steal - before.steal) / (after.total - before.total);
}
