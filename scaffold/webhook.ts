/**
 * `tsop create webhook`: admission webhooks (defaulting, validation) and conversion for an
 * existing kind, as plain functions in webhooks/<kind>_webhook.ts with `+kubebuilder:webhook`
 * markers, registered in webhooks/index.ts, with tests in which the local API server calls them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiPaths } from './api.ts';
import { FileChanges } from './changes.ts';
import { ScaffoldError } from './errors.ts';
import { applyAndRegenerate } from './generate.ts';
import { kindNames } from './names.ts';
import { findResource, readProject, renderProject } from './project.ts';
import { registerWebhooks } from './registry.ts';
import { renderTemplate } from './templates.ts';

/** Options of createWebhook. */
export interface CreateWebhookOptions {
  dir?: string;
  group: string;
  version: string;
  kind: string;
  defaulting: boolean;
  validation: boolean;
  conversion: boolean;
  force?: boolean;
  generate?: boolean;
}

/** Scaffolds the webhooks; see the module comment. */
export async function createWebhook(opts: CreateWebhookOptions): Promise<{ written: string[]; skipped: string[]; generated: string[] }> {
  const dir = resolve(opts.dir ?? '.');
  const project = readProject(dir);
  const names = kindNames({ ...opts, domain: project.domain });
  const parts = (['defaulting', 'validation', 'conversion'] as const).filter((p) => opts[p]);
  if (!parts.length) throw new ScaffoldError('invalid-input', 'choose at least one of --defaulting, --validation, --conversion');
  if (!existsSync(join(dir, apiPaths(names).types))) {
    throw new ScaffoldError('missing', `${apiPaths(names).types} does not exist: run tsop create api --group ${names.group} --version ${names.version} --kind ${names.kind} first`);
  }
  const indexPath = join(dir, 'webhooks/index.ts');
  if (!existsSync(indexPath)) throw new ScaffoldError('missing', 'webhooks/index.ts is missing (projects made by tsop init have it)');
  const values = {
    group: names.group, fullGroup: names.fullGroup, version: names.version, kind: names.kind, kindLower: names.kindLower,
    plural: names.plural, projectName: project.projectName, groupDashed: names.fullGroup.replace(/\./g, '-'),
    testNamespace: names.namespaced ? ", namespace: 'default'" : '',
  };
  const registration = {
    defaulting: `mgr.webhookServer.defaulter(${names.kind}Resource, default${names.kind});`,
    validation: `mgr.webhookServer.validator(${names.kind}Resource, ${names.kindLower}Validator);`,
    conversion: `mgr.webhookServer.converter(${names.kind}Resource, '${names.version}', ${names.kindLower}Conversions);`,
  };
  const registrations = parts.map((p) => `  ${registration[p]}`).join('\n');
  const source = [renderTemplate('webhook/header.ts', values), ...parts.map((p) => renderTemplate(`webhook/${p}.ts`, values)), renderTemplate('webhook/register.ts', { ...values, registrations })].join('');
  const test = [renderTemplate('webhook/webhook.test.ts', values), ...parts.map((p) => renderTemplate(`webhook/${p}.test.ts`, values))].join('');
  const changes = new FileChanges(dir);
  changes.add(`webhooks/${names.kindLower}_webhook.ts`, source);
  changes.add(`test/${names.kindLower}_webhook.test.ts`, test);
  const skipped: string[] = [];
  const index = registerWebhooks(readFileSync(indexPath, 'utf8'), names.kind, names.kindLower);
  if (index === undefined) skipped.push(`webhooks/index.ts (no +tsop:scaffold markers: call register${names.kind}Webhooks(server) yourself)`);
  else changes.edit('webhooks/index.ts', index);
  const resources = project.resources.map((r) => (r === findResource(project, names.group, names.version, names.kind)
    ? { ...r, webhooks: { ...r.webhooks, ...Object.fromEntries(parts.map((p) => [p, true])) } }
    : r));
  changes.edit('PROJECT', renderProject({ ...project, resources }));
  const applied = await applyAndRegenerate(dir, changes, opts);
  return { written: applied.written, skipped: [...skipped, ...applied.skipped], generated: applied.generated };
}
