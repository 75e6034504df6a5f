/**
 * Owner references: the controller reference that makes garbage collection and Owns() watches
 * work, plus plain (non-controller) references.
 */
import type { KubeObject, OwnerReference } from '../core/meta.ts';
import { parseApiVersion } from '../core/gvk.ts';

/** Raised when an object already has a different controller. */
export class AlreadyOwnedError extends Error {
  /** The existing controller reference. */
  readonly existing: OwnerReference;
  /** The object that could not be adopted. */
  readonly object: KubeObject;

  constructor(object: KubeObject, existing: OwnerReference) {
    super(`Object ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} is already owned by another ${existing.kind} controller ${existing.name}`);
    this.name = 'AlreadyOwnedError';
    this.existing = existing;
    this.object = object;
  }
}

/** Raised when an owner reference would be invalid (cross-namespace, missing identity). */
export class InvalidOwnerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOwnerError';
  }
}

/** Options for owner references; scope decides whether cross-namespace checks apply. */
export interface OwnerRefOptions {
  /** Whether the owner's kind is namespaced. Default: inferred from owner.metadata.namespace. */
  ownerNamespaced?: boolean;
  /** blockOwnerDeletion on the reference. Default true for controller references. */
  blockOwnerDeletion?: boolean;
}

function referenceTo(owner: KubeObject): OwnerReference {
  if (!owner.apiVersion || !owner.kind) throw new InvalidOwnerError('owner has no apiVersion/kind; set them or read it from the API');
  if (!owner.metadata.name || !owner.metadata.uid) throw new InvalidOwnerError('owner has no name/uid; it must exist in the API before it can own objects');
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid };
}

function checkScope(owner: KubeObject, obj: KubeObject, opts: OwnerRefOptions): void {
  const ownerNs = owner.metadata.namespace ?? '';
  const namespaced = opts.ownerNamespaced ?? ownerNs !== '';
  if (!namespaced) return;
  const objNs = obj.metadata.namespace ?? '';
  if (!objNs) throw new InvalidOwnerError(`cluster-scoped resource must not have a namespace-scoped owner, owner's namespace ${ownerNs}`);
  if (objNs !== ownerNs) throw new InvalidOwnerError(`cross-namespace owner references are disallowed, owner's namespace ${ownerNs}, obj's namespace ${objNs}`);
}

function sameOwner(a: OwnerReference, b: OwnerReference): boolean {
  return parseApiVersion(a.apiVersion).group === parseApiVersion(b.apiVersion).group && a.kind === b.kind && a.name === b.name;
}

function upsert(obj: KubeObject, ref: OwnerReference): void {
  const refs = obj.metadata.ownerReferences ?? [];
  const i = refs.findIndex((r) => sameOwner(r, ref));
  if (i >= 0) refs[i] = ref;
  else refs.push(ref);
  obj.metadata.ownerReferences = refs;
}

/**
 * Makes owner the controller of obj (controller: true, blockOwnerDeletion: true). Throws
 * AlreadyOwnedError when another object is already the controller.
 */
export function setControllerReference(owner: KubeObject, obj: KubeObject, opts: OwnerRefOptions = {}): void {
  const ref: OwnerReference = { ...referenceTo(owner), blockOwnerDeletion: opts.blockOwnerDeletion ?? true, controller: true };
  checkScope(owner, obj, opts);
  const existing = getControllerOf(obj);
  if (existing && !sameOwner(existing, ref)) throw new AlreadyOwnedError(obj, existing);
  upsert(obj, ref);
}

/** Adds (or refreshes) a non-controller owner reference to owner. */
export function setOwnerReference(owner: KubeObject, obj: KubeObject, opts: OwnerRefOptions = {}): void {
  const ref: OwnerReference = referenceTo(owner);
  if (opts.blockOwnerDeletion !== undefined) ref.blockOwnerDeletion = opts.blockOwnerDeletion;
  checkScope(owner, obj, opts);
  const existing = obj.metadata.ownerReferences?.find((r) => sameOwner(r, ref));
  if (existing?.controller) ref.controller = true;
  upsert(obj, ref);
}

/** Removes any owner reference to owner; returns true when obj changed. */
export function removeOwnerReference(owner: KubeObject, obj: KubeObject): boolean {
  const refs = obj.metadata.ownerReferences ?? [];
  const kept = refs.filter((r) => r.uid !== owner.metadata.uid);
  if (kept.length === refs.length) return false;
  obj.metadata.ownerReferences = kept;
  return true;
}

/** The controller reference of obj, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** True when owner (by uid) is the controller of obj. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}
