/**
 * `tsop create api`: a new kind — its types with starter markers (status subresource, printer
 * columns), groupversion.ts for a new group-version, a controller with RBAC markers registered
 * in controllers/index.ts, an end-to-end test on the local API server and a sample — then
 * regeneration. Nothing is overwritten without force; on failure nothing is left changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileChanges } from './changes.ts';
import { ScaffoldError } from './errors.ts';
import { applyAndRegenerate } from './generate.ts';
import { kindNames, type KindNames } from './names.ts';
import { findResource, readProject, renderProject } from './project.ts';
import { registerController } from './registry.ts';
import { renderTemplate } from './templates.ts';

/** Options of createApi. */
export interface CreateApiOptions {
  dir?: string;
  group: string;
  version: string;
  kind: string;
  namespaced?: boolean;
  /** Write the API types (default true). */
  resource?: boolean;
  /** Write the controller and its test (default true). */
  controller?: boolean;
  force?: boolean;
  /** Run generation afterwards (default true). */
  generate?: boolean;
}

/** What createApi did. */
export interface CreateApiResult {
  names: KindNames;
  written: string[];
  /** Files left as they were, with the reason. */
  skipped: string[];
  generated: string[];
}

/** Paths of a kind's files inside the project. */
export function apiPaths(n: KindNames): { types: string; groupVersion: string; controller: string; test: string; sample: string } {
  const apiDir = `apis/${n.group}/${n.version}`;
  return {
    types: `${apiDir}/${n.kindLower}_types.ts`,
    groupVersion: `${apiDir}/groupversion.ts`,
    controller: `controllers/${n.kindLower}_controller.ts`,
    test: `test/${n.kindLower}.test.ts`,
    sample: `samples/${n.fullGroup}_${n.version}_${n.kindLower}.yaml`,
  };
}

/** Scaffolds the API; see the module comment. */
export async function createApi(opts: CreateApiOptions): Promise<CreateApiResult> {
  const dir = resolve(opts.dir ?? '.');
  const project = readProject(dir);
  const names = kindNames({ ...opts, domain: project.domain });
  const resource = opts.resource ?? true;
  const controller = opts.controller ?? true;
  if (!resource && !controller) throw new ScaffoldError('invalid-input', 'nothing to do: --resource=false and --controller=false');
  const paths = apiPaths(names);
  const known = findResource(project, names.group, names.version, names.kind);
  if (resource && known && !opts.force) {
    throw new ScaffoldError('conflict', `API ${names.fullGroup}/${names.version} ${names.kind} already exists in PROJECT; pass --force to write its files again`);
  }
  if (!resource && !existsSync(join(dir, paths.types))) {
    throw new ScaffoldError('missing', `${paths.types} does not exist: create the API first (--resource)`);
  }
  const values = {
    group: names.group, fullGroup: names.fullGroup, version: names.version, kind: names.kind, kindLower: names.kindLower,
    plural: names.plural, scope: names.namespaced ? 'Namespaced' : 'Cluster',
    testNamespace: names.namespaced ? ", namespace: 'default'" : '',
  };
  const changes = new FileChanges(dir);
  const skipped: string[] = [];
  if (resource) {
    if (!existsSync(join(dir, paths.groupVersion))) changes.add(paths.groupVersion, renderTemplate('api/groupversion.ts', values));
    changes.add(paths.types, renderTemplate('api/types.ts', values));
    changes.add(paths.sample, renderTemplate('api/sample.yaml', values));
  }
  if (controller) {
    changes.add(paths.controller, renderTemplate('api/controller.ts', values));
    changes.add(paths.test, renderTemplate('api/kind.test.ts', values));
    const registryPath = join(dir, 'controllers/index.ts');
    const registry = existsSync(registryPath) ? registerController(readFileSync(registryPath, 'utf8'), names.kind, names.kindLower) : undefined;
    if (registry === undefined) skipped.push(`controllers/index.ts (no +tsop:scaffold markers: call register${names.kind}Controller(mgr) yourself)`);
    else changes.edit('controllers/index.ts', registry);
  }
  const resources = project.resources.filter((r) => r !== known);
  resources.push({
    group: names.group, domain: project.domain, version: names.version, kind: names.kind, plural: names.plural,
    namespaced: names.namespaced, controller: controller || (known?.controller ?? false), ...(known?.webhooks ? { webhooks: known.webhooks } : {}),
  });
  changes.edit('PROJECT', renderProject({ ...project, resources }));
  const applied = await applyAndRegenerate(dir, changes, opts);
  return { names, written: applied.written, skipped: [...skipped, ...applied.skipped], generated: applied.generated };
}
