/**
 * `tsop deploy` and `tsop undeploy`: the bundle written by `tsop build` (deploy/install.yaml)
 * server-side applied with field manager `tsop` — CRDs first, waiting until they are Established,
 * then the rest — and removed again in reverse order. Both are idempotent and report each object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiClient } from '../runtime/client/api-client.ts';
import { CustomResourceDefinitions, ResourceRegistry } from '../runtime/client/builtins.ts';
import { defineResource, type Resource } from '../runtime/client/resource.ts';
import { isNotFound, StatusError } from '../runtime/core/errors.ts';
import type { KubeObject } from '../runtime/core/meta.ts';
import { parseYamlObjects } from './bundle.ts';
import { ScaffoldError } from './errors.ts';

/** The field manager of every write. */
export const FIELD_MANAGER = 'tsop';

/** Options of deployBundle and undeployBundle. */
export interface DeployOptions {
  dir?: string;
  kubeConfig: KubeConfig;
  /** Replaces the image of the Deployment's containers. */
  image?: string;
  /** How long to wait for CRDs to become Established (default 60 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

const registry = new ResourceRegistry();
for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
  registry.register(defineResource({ group: 'admissionregistration.k8s.io', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: false }));
}
for (const kind of ['Issuer', 'Certificate']) {
  registry.register(defineResource({ group: 'cert-manager.io', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: true }));
}

/** Reads deploy/install.yaml of the project at dir. */
export function readInstallBundle(dir: string, image?: string): KubeObject[] {
  const path = join(resolve(dir), 'deploy', 'install.yaml');
  if (!existsSync(path)) throw new ScaffoldError('missing', `${path} does not exist: run \`tsop build\` first`);
  const objects = parseYamlObjects(readFileSync(path, 'utf8'), path);
  if (image) {
    for (const obj of objects) {
      const containers = (obj as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }).spec?.template?.spec?.containers;
      if (obj.kind === 'Deployment' && containers) for (const c of containers) c.image = image;
    }
  }
  return objects;
}

function resourceOf(obj: KubeObject): Resource {
  const res = obj.apiVersion && obj.kind ? registry.lookup(obj.apiVersion, obj.kind) : undefined;
  if (!res) throw new ScaffoldError('invalid-input', `deploy/install.yaml: unsupported kind ${obj.apiVersion} ${obj.kind}`);
  return res;
}

function describe(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

function clusterError(action: string, obj: KubeObject, err: unknown): ScaffoldError {
  if (err instanceof StatusError) return new ScaffoldError('cluster', `${action} ${describe(obj)}: ${err.message}`);
  const e = err as NodeJS.ErrnoException;
  return new ScaffoldError('cluster', `${action} ${describe(obj)}: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`);
}

async function waitEstablished(client: ApiClient, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await client.get(CustomResourceDefinitions, { name });
    const conditions = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new ScaffoldError('cluster', `CRD ${name} is not Established after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Applies the bundle; returns one line per object (`created`, `configured` or `unchanged`). */
export async function deployBundle(opts: DeployOptions): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const objects = readInstallBundle(opts.dir ?? '.', opts.image);
  const resources = objects.map(resourceOf);
  const client = new ApiClient(opts.kubeConfig, { fieldManager: FIELD_MANAGER });
  const order = objects.map((obj, i) => ({ obj, res: resources[i]! }));
  const crds = order.filter((o) => o.res === CustomResourceDefinitions);
  const rest = order.filter((o) => o.res !== CustomResourceDefinitions);
  const lines: string[] = [];
  const applyOne = async ({ obj, res }: { obj: KubeObject; res: Resource }) => {
    let before: string | undefined;
    try {
      before = (await client.get(res, { name: obj.metadata.name!, namespace: obj.metadata.namespace })).metadata.resourceVersion;
    } catch (err) {
      if (!isNotFound(err)) throw clusterError('reading', obj, err);
    }
    let after: KubeObject;
    try {
      after = await client.apply(res, obj, { force: true, fieldManager: FIELD_MANAGER });
    } catch (err) {
      throw clusterError('applying', obj, err);
    }
    const what = before === undefined ? 'created' : before === after.metadata.resourceVersion ? 'unchanged' : 'configured';
    const line = `${describe(obj)} ${what}`;
    lines.push(line);
    log(line);
  };
  for (const o of crds) await applyOne(o);
  for (const o of crds) {
    await waitEstablished(client, o.obj.metadata.name!, opts.timeoutMs ?? 60_000);
    log(`CustomResourceDefinition ${o.obj.metadata.name} established`);
  }
  for (const o of rest) await applyOne(o);
  return lines;
}

/** Deletes the bundle's objects in reverse order; returns one line per object (`deleted` or `absent`). */
export async function undeployBundle(opts: DeployOptions): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const objects = readInstallBundle(opts.dir ?? '.').reverse();
  const resources = objects.map(resourceOf);
  const client = new ApiClient(opts.kubeConfig, { fieldManager: FIELD_MANAGER });
  const lines: string[] = [];
  for (const [i, obj] of objects.entries()) {
    let what = 'deleted';
    try {
      await client.delete(resources[i]!, { name: obj.metadata.name!, namespace: obj.metadata.namespace }, { propagationPolicy: 'Background' });
    } catch (err) {
      if (isNotFound(err)) what = 'absent';
      else throw clusterError('deleting', obj, err);
    }
    const line = `${describe(obj)} ${what}`;
    lines.push(line);
    log(line);
  }
  return lines;
}
