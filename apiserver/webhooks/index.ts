/**
 * Webhooks called by the API server: dynamic admission (MutatingWebhookConfiguration,
 * ValidatingWebhookConfiguration) on create, update and delete, and CRD conversion through a
 * webhook. The write, read and watch pipelines call the hooks below; each returns at once when no
 * webhook is configured.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { UserInfo } from '../extensions.ts';
import { decodeCustom, type FieldValidation } from '../objects/admission.ts';
import { checkBuiltinFields } from '../objects/builtin-fields.ts';
import { servedAs, type ApiContext } from '../objects/context.ts';
import { CRD_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import type { EventEncoder } from '../watch/stream.ts';
import { runMutating, runValidating } from './admission.ts';
import type { AdmissionAttributes, ReviewView } from './matching.ts';
import { localServiceResolver, type ServiceResolver } from './call.ts';
import { toStorageVersion } from './conversion.ts';
import { ensureViews, forgetCrd, forgetViews, prepareViews } from './views.ts';

export { admissionCalls, deniedError } from './admission.ts';
export { callWebhook, localServiceResolver, WebhookCallError, type ServiceResolver } from './call.ts';
export { MUTATING_KEY, VALIDATING_KEY } from './configurations.ts';
export { conversionCalls, convertObjects, usesWebhookConversion } from './conversion.ts';
export { viewOf } from './views.ts';
export type { ReviewView } from './matching.ts';

/** Webhook options of a server. */
export interface WebhookOptions {
  /** Maps clientConfig.service references to `host:port` (default the local manager, 127.0.0.1:9443). */
  resolveService?: ServiceResolver;
}

const settings = new WeakMap<ApiContext, Required<WebhookOptions>>();

function settingsOf(ctx: ApiContext): Required<WebhookOptions> {
  return settings.get(ctx) ?? { resolveService: localServiceResolver };
}

/** Enables webhooks on a server; returns the detach function for its shutdown. */
export function attachWebhooks(ctx: ApiContext, opts: WebhookOptions = {}): () => void {
  settings.set(ctx, { resolveService: opts.resolveService ?? localServiceResolver });
  return ctx.store.subscribe((events) => {
    for (const e of events) {
      if (e.type !== 'DELETED') continue;
      if (e.resource === CRD_RESOURCE.storageKey) { if (e.object.metadata.uid) forgetCrd(e.object.metadata.uid); continue; }
      const rt = ctx.catalog.forStorageKey(e.resource);
      if (rt?.crd) forgetViews(rt.crd.metadata.uid, e.object);
    }
  });
}

/** What the write pipeline knows about a write. */
export interface WriteAdmission {
  dryRun?: boolean;
  subresource?: string;
  fieldValidation?: FieldValidation;
  warnings?: string[];
  /** Who asked: sent to webhooks as the review's userInfo. */
  user?: UserInfo;
  fieldManager?: string;
  /** Create/Update/DeleteOptions fields of the request, as webhooks see them (fieldManager, propagationPolicy, ...). */
  options?: Record<string, unknown>;
  /** The kind webhooks see when it is not the resource's own (a Scale for `/scale`). */
  reviewAs?: ReviewView;
}

function attributes(rt: ResourceType, operation: 'CREATE' | 'UPDATE' | 'DELETE', obj: KubeObject | undefined, old: KubeObject | undefined, w: WriteAdmission): AdmissionAttributes {
  const md = (obj ?? old)!.metadata;
  return {
    operation, rt, subresource: w.subresource, namespace: md.namespace, name: md.name, object: obj, oldObject: old,
    dryRun: !!w.dryRun, user: w.user, options: { fieldManager: w.fieldManager, ...w.options }, view: w.reviewAs,
  };
}

/**
 * Mutating admission of a create or update: the object after every matching webhook's patch,
 * admitted again against the CRD schema when a webhook changed it.
 */
export async function mutateWrite(ctx: ApiContext, rt: ResourceType, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old: KubeObject | undefined, w: WriteAdmission): Promise<KubeObject> {
  const out = await runMutating(ctx, attributes(rt, operation, obj, old, w), w.warnings ?? [], settingsOf(ctx));
  if (!out || out === obj) return obj;
  if (!rt.custom) {
    // Built-ins decode into their Go types: fields a webhook adds that the type lacks are dropped.
    if (!rt.virtual) checkBuiltinFields(out, 'Ignore', []);
    return out;
  }
  // fieldValidation judges the request body only: fields a webhook adds that the schema lacks are
  // pruned silently. Validation follows, once the write is complete.
  return decodeCustom(ctx, rt, out, 'Ignore', []);
}

/** Validating admission of a create or update. */
export async function validateWrite(ctx: ApiContext, rt: ResourceType, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old: KubeObject | undefined, w: WriteAdmission): Promise<void> {
  await runValidating(ctx, attributes(rt, operation, obj, old, w), w.warnings ?? [], settingsOf(ctx));
}

/** Admission of a delete: mutating webhooks may only refuse, then validating webhooks. */
export async function admitDelete(ctx: ApiContext, rt: ResourceType, live: KubeObject, w: WriteAdmission): Promise<void> {
  await ensureServable(ctx, rt, [live]);
  const a = attributes(rt, 'DELETE', undefined, servedAs(live, rt), w);
  await runMutating(ctx, a, w.warnings ?? [], settingsOf(ctx));
  await runValidating(ctx, a, w.warnings ?? [], settingsOf(ctx));
}

/** The object to store: converted to the storage version, with its views in the other versions prepared. */
export async function storageForm(ctx: ApiContext, rt: ResourceType, obj: KubeObject): Promise<KubeObject> {
  const stored = await toStorageVersion(rt, obj, settingsOf(ctx));
  if (rt.crd) {
    const others = ctx.catalog.all().filter((t) => t.storageKey === rt.storageKey && `${t.group}/${t.version}` !== rt.storageVersion);
    if (others.length) await prepareViews(others, stored, settingsOf(ctx));
  }
  return stored;
}

/** Converts what serving objs through rt needs (webhook conversion only); throws the webhook's failure. */
export async function ensureServable(ctx: ApiContext, rt: ResourceType, objs: Iterable<KubeObject>): Promise<void> {
  if (rt.crd) await ensureViews(rt, objs, settingsOf(ctx));
}

/**
 * Wraps a watch encoder: an event whose converted view is missing (the conversion webhook
 * failed) becomes an ERROR event, after which clients list and watch again.
 */
export function convertingEncoder(encode: EventEncoder): EventEncoder {
  return (type, obj, event) => {
    try {
      return encode(type, obj, event);
    } catch (err) {
      const status = (err as { status?: object }).status;
      if (!status) throw err;
      return `{"type":"ERROR","object":${JSON.stringify(status)}}\n`;
    }
  };
}
