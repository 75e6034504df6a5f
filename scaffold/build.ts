/**
 * `tsop build`: the operator compiled to JavaScript in dist/, a Dockerfile for it (Node 24 slim,
 * non-root, production dependencies only) and the deploy bundle (install.yaml, kustomize tree,
 * optionally a Helm chart) for the image named.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildBundle } from './bundle.ts';
import { compileProject } from './compile.ts';
import { ScaffoldError } from './errors.ts';
import { renderBundleFiles } from './manifests.ts';
import { readProject } from './project.ts';
import { renderTemplate } from './templates.ts';

/** Options of buildProject. */
export interface BuildOptions {
  dir?: string;
  /** Image reference the Deployment runs (default `<project>:latest`). */
  image?: string;
  helm?: boolean;
}

/** What buildProject wrote. */
export interface BuildResult {
  image: string;
  compiled: string[];
  files: string[];
}

/** What each build rewrites from scratch. */
const BUILD_OWNED = ['deploy/install.yaml', 'deploy/config', 'deploy/chart'];

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Builds the project at dir; see the module comment. */
export function buildProject(opts: BuildOptions = {}): BuildResult {
  const dir = resolve(opts.dir ?? '.');
  const project = readProject(dir);
  const image = opts.image ?? `${project.projectName}:latest`;
  if (!IMAGE.test(image)) throw new ScaffoldError('invalid-input', `invalid --image ${JSON.stringify(image)}: expected NAME[:TAG], e.g. registry.example.com/${project.projectName}:v0.1.0`);
  const bundle = buildBundle(dir, project, image);
  const compiled = compileProject(dir);
  const files = renderBundleFiles(bundle, project, { helm: opts.helm, image });
  files.set('Dockerfile', renderTemplate('build/Dockerfile', { projectName: project.projectName, image }));
  files.set('.dockerignore', renderTemplate('build/dockerignore', {}));
  // These are derived entirely from the project, so stale files of an earlier build go; anything
  // else a user keeps under deploy/ stays.
  for (const owned of BUILD_OWNED) rmSync(join(dir, owned), { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { image, compiled, files: [...files.keys()] };
}
