/**
 * Facts about this tsop installation that scaffolded projects pin: its version and the versions
 * of the libraries a project shares with it, so one npm install resolves a single copy of each.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { ScaffoldError } from './errors.ts';

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

let own: PackageJson | undefined;

/** This package's package.json (found from source or compiled code). */
export function tsopPackage(): PackageJson {
  if (own) return own;
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (pkg.name === 'tsop') return (own = pkg);
    } catch {
      // not here; keep walking up
    }
    if (dirname(dir) === dir) throw new ScaffoldError('missing', 'cannot find the tsop package.json');
  }
}

/** The version range a project's package.json gives for `name`, from this package's own. */
export function sharedVersion(name: string, fallback: string): string {
  const pkg = tsopPackage();
  return pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? fallback;
}

/** Runs a command, inheriting or capturing output; rejects with a one-line reason when it fails. */
export function runCommand(cmd: string, args: string[], opts: { cwd: string; quiet?: boolean; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', (err) => reject(new ScaffoldError('command-failed', `${cmd}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else {
        const tail = out.trim().split('\n').filter((l) => !/Unknown user config/.test(l)).slice(-1)[0] ?? '';
        reject(new ScaffoldError('command-failed', `\`${[cmd, ...args].join(' ')}\` failed with exit code ${code}${tail ? `: ${tail}` : ''}`));
      }
    });
  });
}
