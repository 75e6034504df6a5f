/**
 * Get-mutate-write helpers: read the live object (or start from the desired one), let the caller
 * set the fields it owns, and write only when something changed.
 */
import type { KubeObject } from '../core/meta.ts';
import { isNotFound } from '../core/errors.ts';
import type { Client } from '../client/types.ts';
import type { Resource } from '../client/resource.ts';
import { apiVersionOf } from '../client/resource.ts';
import { createMergePatch, jsonEqual } from './merge-patch.ts';

/** What a createOrUpdate/createOrPatch call did. */
export type OperationResult = 'created' | 'updated' | 'unchanged';

/** Mutates obj to the desired state; runs on the live object, or on the fresh one before create. */
export type MutateFunc<T extends KubeObject> = (obj: T) => void | Promise<void>;

const clone = <T>(v: T): T => structuredClone(v);

async function fetchOrNew<T extends KubeObject>(client: Client, res: Resource<T>, obj: T): Promise<{ live: T | undefined; working: T }> {
  const key = { namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
  try {
    const live = await client.get(res, key);
    return { live, working: clone(live) };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return { live: undefined, working: clone(obj) };
  }
}

function checkIdentity<T extends KubeObject>(obj: T, mutated: T): void {
  if (obj.metadata.name !== mutated.metadata.name || (obj.metadata.namespace ?? '') !== (mutated.metadata.namespace ?? '')) {
    throw new Error('MutateFunc cannot change the object name or namespace');
  }
}

/**
 * Creates obj (after mutate) if absent, else applies mutate to the live object and updates it when
 * it differs. Conflicts surface as Conflict StatusErrors; the reconcile retries.
 */
export async function createOrUpdate<T extends KubeObject>(client: Client, res: Resource<T>, obj: T, mutate: MutateFunc<T>): Promise<{ result: OperationResult; object: T }> {
  const { live, working } = await fetchOrNew(client, res, obj);
  working.apiVersion ??= apiVersionOf(res);
  working.kind ??= res.kind;
  await mutate(working);
  checkIdentity(obj, working);
  if (!live) return { result: 'created', object: await client.create(res, working) };
  if (jsonEqual(live, working)) return { result: 'unchanged', object: live };
  return { result: 'updated', object: await client.update(res, working) };
}

/**
 * Like createOrUpdate, but writes merge patches: one for the object and, when status changed,
 * one for the status subresource. Patches carry no resourceVersion, so they never conflict.
 */
export async function createOrPatch<T extends KubeObject>(client: Client, res: Resource<T>, obj: T, mutate: MutateFunc<T>): Promise<{ result: OperationResult; object: T }> {
  const { live, working } = await fetchOrNew(client, res, obj);
  working.apiVersion ??= apiVersionOf(res);
  working.kind ??= res.kind;
  await mutate(working);
  checkIdentity(obj, working);
  if (!live) {
    const status = working.status;
    let created = await client.create(res, working);
    if (status !== undefined && !jsonEqual(created.status, status)) {
      created = await client.patchStatus(res, keyOf(created), { status }, { type: 'merge' });
    }
    return { result: 'created', object: created };
  }
  const { status: liveStatus, ...liveRest } = live as KubeObject;
  const { status: wantStatus, ...wantRest } = working as KubeObject;
  const patch = createMergePatch(liveRest, wantRest);
  const statusPatch = createMergePatch({ status: liveStatus }, { status: wantStatus });
  if (patch === undefined && statusPatch === undefined) return { result: 'unchanged', object: live };
  let out = live;
  if (patch !== undefined) out = await client.patch(res, keyOf(live), patch, { type: 'merge' });
  if (statusPatch !== undefined) out = await client.patchStatus(res, keyOf(live), statusPatch, { type: 'merge' });
  return { result: 'updated', object: out };
}

function keyOf(obj: KubeObject): { namespace?: string; name: string } {
  return { namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** Options of applyObject. */
export interface ApplyObjectOptions {
  /** Field manager that owns the applied fields. Required: it is the identity of the applier. */
  fieldManager: string;
  /** Take over fields owned by other managers. Default true, as controllers own their intent. */
  force?: boolean;
}

/**
 * Server-side applies the fields set in obj under fieldManager, filling apiVersion and kind from
 * the resource. Fields the manager applied before but omits now are removed by the server.
 */
export async function applyObject<T extends KubeObject>(client: Client, res: Resource<T>, obj: Partial<T> & { metadata: KubeObject['metadata'] }, opts: ApplyObjectOptions): Promise<T> {
  const body = { ...obj, apiVersion: apiVersionOf(res), kind: res.kind };
  const { managedFields: _mf, resourceVersion: _rv, ...metadata } = obj.metadata;
  body.metadata = metadata;
  return client.apply(res, body as Partial<T> & { metadata: KubeObject['metadata'] }, { fieldManager: opts.fieldManager, force: opts.force ?? true });
}
