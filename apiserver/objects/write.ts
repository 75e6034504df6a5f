/**
 * The create and update pipelines shared by every write path (POST, PUT, PATCH, apply,
 * subresources, and the server's own controllers): system fields, strategy, schema admission,
 * validation, generation, managedFields, optimistic concurrency, finalizer-driven deletion.
 */
import { alreadyExists, conflict, invalid, notFound, statusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { NAMESPACE_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import type { Mutation } from '../storage/types.ts';
import { objectKey } from '../storage/types.ts';
import { validateBuiltinObject } from '../validation/builtin/index.ts';
import { validateName, validateObjectMeta } from '../validation/objectmeta.ts';
import { resetFieldsFor, type UserInfo } from '../extensions.ts';
import { decodeCustom, validateCustom, type FieldValidation } from './admission.ts';
import { defaultPodResources, validateLimitRanges } from './limit-ranger.ts';
import { checkBuiltinFields } from './builtin-fields.ts';
import { getStored, nowTimestamp, servedAs, type ApiContext } from './context.ts';
import { admitQuota } from './quota-admission.ts';
import { readView, seedReadView } from './read-view.ts';
import { cloneJson, differsOutside, jsonEqual } from './equality.ts';
import { generateName } from './generate-name.ts';
import { prepareStatusWrite, strategyFor, type Release } from './strategies.ts';
import { EPHEMERAL_CONTAINERS, ephemeralContainersCandidate, validateEphemeralContainersUpdate } from './builtin-pod-ephemeral-containers.ts';
import { toCauses } from '../validation/field-errors.ts';
import { mutateWrite, storageForm, validateWrite, ensureServable, type ReviewView } from '../webhooks/index.ts';
import { checkBodyShape, checkNamespace, fillCreateFields, keepSystemFields } from './system-fields.ts';

/** The subresources a write may go through. */
export type WriteSubresource = 'status' | 'scale' | 'finalize' | 'ephemeralcontainers';

/** Options of a write. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  subresource?: WriteSubresource;
  /** Collects warnings for the Warning header. */
  warnings?: string[];
  /** PUT semantics: resources without unconditional update need metadata.resourceVersion. */
  requireResourceVersion?: boolean;
  /** managedFields were already computed (server-side apply). */
  managedFieldsDone?: boolean;
  /** The authenticated user of the request (admission webhooks receive it); absent for the server's own writes. */
  user?: UserInfo;
  /** The kind admission webhooks see when it is not the resource's own (a Scale for `/scale`). */
  reviewAs?: ReviewView;
  /** Request options webhooks see beside fieldManager (`fieldValidation` as the client sent it). */
  options?: Record<string, unknown>;
}

/** Checks that a namespace exists and accepts new content. */
export function checkNamespaceOpen(ctx: ApiContext, namespace: string, rt: ResourceType): void {
  const ns = ctx.store.get(NAMESPACE_RESOURCE.storageKey, objectKey('', namespace));
  if (!ns) throw notFound('', 'namespaces', namespace);
  if (ns.metadata.deletionTimestamp) {
    throw statusError('Forbidden', {
      message: `${rt.plural}${rt.group ? '.' + rt.group : ''} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      kind: rt.plural, group: rt.group,
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    });
  }
}

/**
 * Metadata, the kind's content rules for this write (a subresource write runs only that
 * subresource's rules) and the strategy's update rules. The 422 names the kind Kubernetes
 * validates internally: events.k8s.io Events are core Events there, so they are `Event "x"`.
 */
function validateAll(ctx: ApiContext, rt: ResourceType, obj: KubeObject, old: KubeObject | undefined, subresource?: WriteOptions['subresource']): void {
  const strategy = strategyFor(rt);
  const causes: StatusCause[] = [];
  if (!old) causes.push(...validateName(obj.metadata.name!, strategy.nameRule ?? 'subdomain'));
  causes.push(...validateObjectMeta(obj));
  if (subresource === EPHEMERAL_CONTAINERS) {
    // The subresource's own judgement replaces the pod's: its update rule refuses any ephemeral-container change.
    causes.push(...toCauses(validateEphemeralContainersUpdate(obj, old!)));
  } else {
    if (!rt.custom) causes.push(...validateBuiltinObject(rt.storageKey, obj, old, { subresource }));
    if (strategy.validate) causes.push(...strategy.validate(obj, old, ctx));
  }
  const group = rt.storageKey === 'events.k8s.io/events' ? '' : rt.group;
  if (causes.length) throw invalid(group, rt.kind, obj.metadata.name ?? '', causes);
}

function recordManagedFields(ctx: ApiContext, rt: ResourceType, old: KubeObject | undefined, obj: KubeObject, opts: WriteOptions, now: string): KubeObject {
  if (opts.managedFieldsDone || !opts.fieldManager) return obj;
  const sub = opts.subresource === 'finalize' ? undefined : opts.subresource;
  return ctx.ext.ssa.recordUpdate(old, obj, { manager: opts.fieldManager, operation: 'Update', subresource: sub, now, schema: rt.schema, resetFields: resetFieldsFor(rt.status, sub) });
}

/**
 * Mutating admission: the webhooks, then the kind's defaults again on what they returned, as
 * Kubernetes decodes each webhook's answer (custom resources are decoded inside mutateWrite).
 */
async function mutate(ctx: ApiContext, rt: ResourceType, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old: KubeObject | undefined, opts: WriteOptions): Promise<KubeObject> {
  const out = await mutateWrite(ctx, rt, operation, obj, old, opts);
  if (out !== obj && !rt.custom) strategyFor(rt).default?.(out);
  return out;
}

/** Creates an object from a request body (or a controller). Returns it as served in rt's version. */
export async function createObject(ctx: ApiContext, rt: ResourceType, namespace: string | undefined, input: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
  const now = nowTimestamp();
  // The input belongs to the caller's request; checkBodyShape copies the levels written below.
  let obj = checkBodyShape(rt, input, false);
  checkNamespace(rt, obj, namespace);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw invalid(rt.group, rt.kind, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  }
  if (obj.metadata.resourceVersion) throw statusError('BadRequest', { message: 'resourceVersion should not be set on objects to be created' });
  if (rt.namespaced) checkNamespaceOpen(ctx, obj.metadata.namespace!, rt);
  if (rt.crd?.metadata.deletionTimestamp) {
    throw statusError('MethodNotAllowed', { message: 'create not allowed while custom resource definition is terminating' });
  }
  // Decoding and the built-in admission plugins: what mutating webhooks see.
  const strategy = strategyFor(rt);
  if (!rt.custom && !rt.virtual) checkBuiltinFields(obj, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
  if (rt.custom) obj = decodeCustom(ctx, rt, obj, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
  strategy.default?.(obj);
  strategy.admitCreate?.(obj, ctx);
  defaultPodResources(ctx, rt, obj);
  obj = await mutate(ctx, rt, 'CREATE', obj, undefined, opts);
  // Then the registry's create: name, uid and timestamps, status reset, server-set fields.
  const md = obj.metadata;
  if (!md.name && md.generateName) md.name = generateName(md.generateName);
  fillCreateFields(rt, obj, now, opts.managedFieldsDone);
  if (rt.status) delete obj.status;
  return holding(strategy.prepareCreate?.(obj, ctx, { now, dryRun: opts.dryRun === true }), () => admitAndStore(ctx, rt, obj, opts, now));
}

/**
 * Runs the rest of a write while what its prepare hook reserved (cluster IPs, node ports) is held, and gives it
 * back once the write is stored or has failed. (A dry run's hooks reserve nothing.)
 */
async function holding<T>(release: Release | void, rest: () => Promise<T>): Promise<T> {
  try {
    return await rest();
  } finally {
    release?.();
  }
}

/** The create after the registry's own steps: validation, validating admission, quota, storage. */
async function admitAndStore(ctx: ApiContext, rt: ResourceType, obj: KubeObject, opts: WriteOptions, now: string): Promise<KubeObject> {
  if (rt.custom) validateCustom(ctx, rt, obj, undefined, 'CREATE');
  validateAll(ctx, rt, obj, undefined);
  validateLimitRanges(ctx, rt, obj, 'CREATE');
  await validateWrite(ctx, rt, 'CREATE', obj, undefined, opts);
  await admitQuota(ctx, rt, obj, opts.dryRun);
  obj = recordManagedFields(ctx, rt, undefined, obj, opts, now);
  const stored = await storageForm(ctx, rt, obj);
  const key = objectKey(obj.metadata.namespace ?? '', obj.metadata.name!);
  if (ctx.store.get(rt.storageKey, key)) throw alreadyExists(rt.group, rt.plural, obj.metadata.name!);
  if (opts.dryRun) return servedAs(stored, rt);
  seedReadView(ctx, stored, rt);
  const { durable } = ctx.store.commit([{ op: 'put', resource: rt.storageKey, key, object: stored }]);
  await durable;
  return servedAs(stored, rt);
}

/** Computes the desired object from the current one (served in rt's version). */
export type UpdateFn = (current: KubeObject) => unknown;

/** The outcome of an update. */
export interface UpdateResult {
  object: KubeObject;
  /** The write removed the object (finalizers emptied on a deleting object). */
  deleted: boolean;
}

function buildCandidate(rt: ResourceType, live: KubeObject, desired: KubeObject, opts: WriteOptions): KubeObject {
  // The status strategy of a built-in kind, and the ephemeral-containers strategy, reset the rest once
  // mutating admission has run (prepareSubresourceWrite): webhooks see the request as sent.
  if ((opts.subresource === 'status' && !rt.custom) || opts.subresource === EPHEMERAL_CONTAINERS) return desired;
  if (opts.subresource === 'status') {
    const out = cloneJson(live);
    out.status = desired.status;
    if (desired.metadata.managedFields) out.metadata.managedFields = desired.metadata.managedFields;
    return out;
  }
  if (opts.subresource === 'finalize') {
    const out = cloneJson(live);
    const spec = (desired.spec as Record<string, unknown> | undefined) ?? {};
    out.spec = { ...(out.spec as object), finalizers: spec.finalizers ?? [] };
    return out;
  }
  const out = desired;
  if (rt.status) { if (live.status === undefined) delete out.status; else out.status = live.status; }
  return out;
}

/**
 * What a status or ephemeral-containers write keeps of the admitted object, as those strategies'
 * PrepareForUpdate: the status strategy's resets, or the stored pod with only its ephemeral containers
 * taken from the write (the managedFields the write computed stay).
 */
function prepareSubresourceWrite(rt: ResourceType, obj: KubeObject, live: KubeObject, subresource: WriteOptions['subresource']): KubeObject {
  if (subresource === 'status' && !rt.custom) prepareStatusWrite(rt, obj, live);
  if (subresource !== EPHEMERAL_CONTAINERS) return obj;
  const out = ephemeralContainersCandidate(live, obj);
  if (obj.metadata.managedFields) out.metadata.managedFields = obj.metadata.managedFields;
  return out;
}

/** Updates an existing object through `update`. Throws NotFound when it does not exist. */
export async function updateObject(ctx: ApiContext, rt: ResourceType, namespace: string | undefined, name: string, update: UpdateFn, opts: WriteOptions = {}): Promise<UpdateResult> {
  const now = nowTimestamp();
  const live = getStored(ctx, rt, namespace, name);
  if (!live) throw notFound(rt.group, rt.plural, name);
  await ensureServable(ctx, rt, [live]);
  // The update starts from the object as read, decoded through the current schema.
  const liveView = readView(ctx, live, rt);
  let desired = checkBodyShape(rt, update(cloneJson(liveView)), false);
  if (desired.metadata.name !== undefined && desired.metadata.name !== name) {
    throw statusError('BadRequest', { message: `the name of the object (${desired.metadata.name}) does not match the name on the URL (${name})` });
  }
  if (rt.namespaced && desired.metadata.namespace && desired.metadata.namespace !== live.metadata.namespace) {
    throw statusError('BadRequest', { message: 'the namespace of the provided object does not match the namespace sent on the request' });
  }
  const rv = desired.metadata.resourceVersion;
  if (rv && rv !== live.metadata.resourceVersion) {
    throw conflict(rt.group, rt.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  if (!rv && opts.requireResourceVersion && !rt.unconditionalUpdate) {
    throw invalid(rt.group, rt.kind, name, [{ reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }]);
  }
  if (!rt.custom) checkBuiltinFields(desired, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
  let obj = buildCandidate(rt, liveView, desired, opts);
  keepSystemFields(obj, live);
  const oldFinalizers = new Set(live.metadata.finalizers ?? []);
  if (live.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).some((f) => !oldFinalizers.has(f))) {
    throw invalid(rt.group, rt.kind, name, [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }]);
  }
  const strategy = strategyFor(rt);
  const whole = !opts.subresource || opts.subresource === 'scale';
  if (rt.custom) obj = decodeCustom(ctx, rt, obj, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
  // Every write decodes the whole object, so status writes get their defaults too.
  strategy.default?.(obj);
  obj = await mutate(ctx, rt, 'UPDATE', obj, liveView, opts);
  obj = prepareSubresourceWrite(rt, obj, live, opts.subresource);
  const release = whole ? strategy.prepareUpdate?.(obj, live, ctx, { now, dryRun: opts.dryRun === true }) : undefined;
  return holding(release, async (): Promise<UpdateResult> => {
    if (rt.custom) validateCustom(ctx, rt, obj, liveView, 'UPDATE');
    validateAll(ctx, rt, obj, live, opts.subresource);
    validateLimitRanges(ctx, rt, obj, 'UPDATE', opts.subresource);
    await validateWrite(ctx, rt, 'UPDATE', obj, liveView, opts);
    // Webhooks run while other writes proceed: start over on a newer object, as Kubernetes retries.
    if (getStored(ctx, rt, namespace, name) !== live) return updateObject(ctx, rt, namespace, name, update, opts);
    if (!opts.subresource) await admitQuota(ctx, rt, obj, opts.dryRun, live);
    if (rt.generation && live.metadata.generation !== undefined) {
      const ignored = rt.status ? ['metadata', 'status', 'apiVersion', 'kind'] : ['metadata', 'apiVersion', 'kind'];
      if (differsOutside(obj, live, ignored)) obj.metadata.generation = (live.metadata.generation ?? 0) + 1;
    }
    obj = await storageForm(ctx, rt, obj);
    if (getStored(ctx, rt, namespace, name) !== live) return updateObject(ctx, rt, namespace, name, update, opts);
    obj.metadata.resourceVersion = live.metadata.resourceVersion;
    if (jsonEqual({ ...obj, metadata: { ...obj.metadata, managedFields: undefined } }, { ...live, metadata: { ...live.metadata, managedFields: undefined } })) {
      return { object: liveView, deleted: false };
    }
    obj = recordManagedFields(ctx, rt, live, obj, opts, now);
    const key = objectKey(live.metadata.namespace ?? '', name);
    const deleting = !!obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).length && !pendingSpecFinalizers(rt, obj);
    const mutation: Mutation = deleting ? { op: 'delete', resource: rt.storageKey, key } : { op: 'put', resource: rt.storageKey, key, object: obj };
    if (opts.dryRun) return { object: servedAs(obj, rt), deleted: deleting };
    if (mutation.op === 'put') seedReadView(ctx, mutation.object, rt);
    const { events, durable } = ctx.store.commit([mutation]);
    await durable;
    return { object: servedAs(events[0]?.object ?? obj, rt), deleted: deleting };
  });
}

/** Namespaces are kept until their spec.finalizers are cleared through /finalize. */
export function pendingSpecFinalizers(rt: ResourceType, obj: KubeObject): boolean {
  if (rt.storageKey !== NAMESPACE_RESOURCE.storageKey) return false;
  const f = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
  return !!f && f.length > 0;
}
