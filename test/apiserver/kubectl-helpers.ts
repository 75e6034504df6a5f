/** Running a pinned kubectl against a test server with a private HOME and cache directory. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The directory holding the pinned kubectl binaries (beside the real kubectl). */
export function kubectlDir(): string {
  const which = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  let real = which;
  try { real = realpathSync(which); } catch { real = readlinkSync(which); }
  return dirname(real);
}

/** The path of `kubectl.<minor>`, or undefined when it is not installed. */
export function pinnedKubectl(version = '1.32'): string | undefined {
  try {
    const p = join(kubectlDir(), `kubectl.${version}`);
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** The result of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to one kubeconfig, with its own HOME and discovery cache. */
export class Kubectl {
  readonly binary: string;
  readonly kubeconfig: string;
  readonly home: string;

  constructor(binary: string, kubeconfig: string) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = mkdtempSync(join(tmpdir(), 'tsop-kubectl-'));
  }

  private args(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', join(this.home, 'cache'), ...args];
  }

  /** Runs kubectl and resolves with its exit code and output (never rejects on a non-zero exit). */
  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(this.binary, this.args(args), { env: { ...process.env, HOME: this.home, KUBECONFIG: this.kubeconfig }, timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) { child.stdin!.write(input); child.stdin!.end(); }
    });
  }

  /** Runs kubectl and throws unless it exits 0; returns stdout. */
  async ok(args: string[], input?: string): Promise<string> {
    const r = await this.run(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Starts a long-running kubectl (such as `get -w`). */
  spawn(args: string[]): ChildProcess {
    return spawn(this.binary, this.args(args), { env: { ...process.env, HOME: this.home, KUBECONFIG: this.kubeconfig } });
  }
}
