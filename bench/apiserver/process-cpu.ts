/** Reading another process's CPU time, so each bench process's share of the machine can be reported. */
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
