/**
 * The PROJECT file at the root of a scaffolded operator: its name, domain and the APIs created
 * so far. Commands that extend a project read it to find the domain and refuse to run elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ScaffoldError } from './errors.ts';

/** One API the project serves. */
export interface ProjectResource {
  group: string;
  domain: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  controller: boolean;
  webhooks?: { defaulting?: boolean; validation?: boolean; conversion?: boolean };
}

/** The PROJECT file's content. */
export interface ProjectFile {
  projectName: string;
  domain: string;
  repo: string;
  resources: ProjectResource[];
}

/** Name of the file marking a project root. */
export const PROJECT_FILE = 'PROJECT';

/** Reads PROJECT from dir; a missing file means the command runs outside a project. */
export function readProject(dir: string): ProjectFile {
  const path = join(dir, PROJECT_FILE);
  if (!existsSync(path)) throw new ScaffoldError('not-a-project', `no ${PROJECT_FILE} file in ${dir}: run this inside a project made by \`tsop init\``);
  const data = parse(readFileSync(path, 'utf8')) as Partial<ProjectFile> | null;
  if (!data || typeof data.domain !== 'string' || typeof data.projectName !== 'string') {
    throw new ScaffoldError('not-a-project', `${path} lacks projectName or domain`);
  }
  return { projectName: data.projectName, domain: data.domain, repo: data.repo ?? data.projectName, resources: data.resources ?? [] };
}

/** Renders PROJECT, keeping its leading comment. */
export function renderProject(project: ProjectFile): string {
  return `# Written by tsop init and tsop create; tsop reads it to know the project's domain and APIs.\n${stringify(project)}`;
}

/** The resource entry for group/version/kind, if the project has it. */
export function findResource(project: ProjectFile, group: string, version: string, kind: string): ProjectResource | undefined {
  return project.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
}
