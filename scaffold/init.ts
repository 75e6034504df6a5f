/**
 * `tsop init`: a new operator project — package.json depending on tsop, TypeScript settings,
 * the manager entry point, the controller registry, a test environment on the local API server,
 * README, .gitignore and a CI workflow. It passes its own `npm test` as written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { FileChanges, type AppliedChanges } from './changes.ts';
import { ScaffoldError } from './errors.ts';
import { validateDomain, validateProjectName } from './names.ts';
import { renderProject } from './project.ts';
import { renderTemplate } from './templates.ts';
import { runCommand, sharedVersion, tsopPackage } from './toolchain.ts';

/** Options of initProject. */
export interface InitOptions {
  dir: string;
  domain: string;
  /** Repository (module) name recorded in PROJECT; defaults to the project name. */
  repo?: string;
  /** Project name; defaults to the directory's name. */
  projectName?: string;
  /** The tsop dependency spec written to package.json (a version range, `file:` path, tarball). */
  tsop?: string;
  /** Write into a non-empty directory, overwriting files of the same names. */
  force?: boolean;
  /** Run `npm install` after writing (default true). */
  install?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Template file -> path in the project. */
const INIT_FILES: [string, string][] = [
  ['init/package.json', 'package.json'],
  ['init/tsconfig.json', 'tsconfig.json'],
  ['init/gitignore', '.gitignore'],
  ['init/README.md', 'README.md'],
  ['init/main.ts', 'main.ts'],
  ['init/kubeconfig.ts', 'kubeconfig.ts'],
  ['init/controllers/index.ts', 'controllers/index.ts'],
  ['init/webhooks/index.ts', 'webhooks/index.ts'],
  ['init/test/env.ts', 'test/env.ts'],
  ['init/test/env.test.ts', 'test/env.test.ts'],
  ['init/github/workflows/ci.yaml', '.github/workflows/ci.yaml'],
];

/** Creates the project; validates everything before writing anything. */
export async function initProject(opts: InitOptions): Promise<AppliedChanges & { dir: string }> {
  const log = opts.log ?? (() => {});
  const dir = resolve(opts.dir);
  const domain = validateDomain(opts.domain);
  const projectName = validateProjectName(opts.projectName ?? basename(dir));
  const repo = opts.repo ?? projectName;
  if (!/^[A-Za-z0-9][A-Za-z0-9._/@-]*$/.test(repo)) throw new ScaffoldError('invalid-input', `invalid --repo ${JSON.stringify(repo)}`);
  if (existsSync(dir) && !opts.force) {
    const entries = readdirSync(dir).filter((e) => e !== '.git');
    if (entries.length) throw new ScaffoldError('conflict', `${dir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); pass --force to scaffold into it`);
  }
  const values = {
    projectName, domain, repo,
    tsopDependency: opts.tsop ?? `^${tsopPackage().version ?? '0.0.0'}`,
    clientNodeVersion: sharedVersion('@kubernetes/client-node', '^2.0.0'),
    typescriptVersion: sharedVersion('typescript', '^5.9.0'),
    typesNodeVersion: sharedVersion('@types/node', '^24.0.0'),
    leaderElectionId: `${projectName}.${domain}`,
  };
  const changes = new FileChanges(dir);
  for (const [template, target] of INIT_FILES) changes.add(target, renderTemplate(template, values));
  changes.add('PROJECT', renderProject({ projectName, domain, repo, resources: [] }));
  changes.add('apis/.gitkeep', '');
  changes.add('samples/.gitkeep', '');
  const applied = changes.apply({ force: opts.force });
  for (const path of applied.written) log(`wrote ${path}`);
  if (opts.install !== false) {
    log('running npm install');
    try {
      await runCommand('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, quiet: true });
    } catch (err) {
      throw new ScaffoldError('command-failed', `project written to ${dir}, but ${(err as Error).message}; fix that and run npm install there`);
    }
  }
  return { ...applied, dir };
}
