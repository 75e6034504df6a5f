/**
 * The CLI as a user runs it, for the command tests: `node cli/main.ts <args>` as a child process
 * with its output captured, bounded waits for conditions and exit, and no child left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

const children: ChildProcess[] = [];

/** A running `tsop` child. */
export interface Spawned {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  out(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `tsop <args>` at the repository root. */
export function spawnTsop(...args: string[]): Spawned {
  const child = spawn(join(root, 'node_modules/.bin/node'), ['cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** Kills the children still running (a failed assertion must not leave a server keeping the test file alive). */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** The exit code, or 'still running' when the process has not exited within ms. */
export function within(exited: Promise<number | null>, ms: number): Promise<number | null | 'still running'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'still running'>((resolve) => { timer = setTimeout(() => resolve('still running'), ms); });
  return Promise.race([exited, late]).finally(() => clearTimeout(timer));
}

/** Polls probe until it gives a value other than undefined or false; fails with log() after timeoutMs. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, log: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
