/** Checks and server-owned fields common to creates and updates. */
import { randomUUID } from 'node:crypto';
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceType } from '../resources/types.ts';
import { apiVersionOf } from './context.ts';

/** Ensures the body is an object with metadata, and of the endpoint's kind and version. */
export function checkBodyShape(rt: ResourceType, input: unknown, requireTypeMeta: boolean): KubeObject {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw statusError('BadRequest', { message: `the object provided is unrecognized (must be of type ${rt.kind})` });
  }
  const obj = input as KubeObject;
  const av = apiVersionOf(rt);
  if (requireTypeMeta && !obj.kind) throw statusError('BadRequest', { message: `Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 200)}'` });
  if (obj.kind !== undefined && obj.kind !== rt.kind) {
    throw statusError('BadRequest', { message: `the kind in the data (${String(obj.kind)}) does not match the expected kind (${rt.kind})` });
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== av) {
    throw statusError('BadRequest', { message: `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${av})` });
  }
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) {
    throw statusError('BadRequest', { message: `metadata: expected an object, got ${JSON.stringify(obj.metadata)}` });
  }
  const out = { ...obj, apiVersion: av, kind: rt.kind, metadata: { ...(obj.metadata ?? {}) } } as KubeObject;
  return out;
}

/** Reconciles metadata.namespace with the request's namespace. */
export function checkNamespace(rt: ResourceType, obj: KubeObject, namespace: string | undefined): void {
  if (rt.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw statusError('BadRequest', { message: 'the namespace of the provided object does not match the namespace sent on the request' });
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    if (!obj.metadata.namespace) throw statusError('BadRequest', { message: 'the server could not find the requested resource: a namespace is required' });
  } else {
    delete obj.metadata.namespace;
  }
}

/** Sets uid, creationTimestamp and generation on a new object and drops fields clients may not set. */
export function fillCreateFields(rt: ResourceType, obj: KubeObject, now: string, keepManagedFields = false): void {
  const md = obj.metadata;
  md.uid = randomUUID();
  md.creationTimestamp = now;
  delete md.deletionTimestamp;
  delete md.deletionGracePeriodSeconds;
  delete md.selfLink;
  if (!keepManagedFields) delete md.managedFields;
  if (rt.generation) md.generation = 1;
  else delete md.generation;
}

/** Copies the fields clients cannot change on update from the stored object. */
export function keepSystemFields(obj: KubeObject, live: KubeObject): void {
  const md = obj.metadata;
  const lm = live.metadata;
  md.uid = lm.uid;
  md.creationTimestamp = lm.creationTimestamp;
  md.name = lm.name;
  if (lm.namespace) md.namespace = lm.namespace;
  if (lm.deletionTimestamp) { md.deletionTimestamp = lm.deletionTimestamp; md.deletionGracePeriodSeconds = lm.deletionGracePeriodSeconds; }
  else { delete md.deletionTimestamp; delete md.deletionGracePeriodSeconds; }
  if (lm.generation !== undefined) md.generation = lm.generation; else delete md.generation;
  delete md.selfLink;
  if (md.managedFields === undefined && lm.managedFields) md.managedFields = lm.managedFields;
}
