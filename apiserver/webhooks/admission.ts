/**
 * Dynamic admission: mutating webhooks one after the other (each sees the previous one's patch),
 * then, after schema validation, validating webhooks in parallel. Failure policy decides what an
 * unreachable webhook means; a refusal reads `admission webhook "<name>" denied the request: …`.
 */
import { randomUUID } from 'node:crypto';
import { statusError, StatusError, type Status } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { AdmissionRequest, AdmissionReview } from '../../runtime/webhook/review.ts';
import type { ApiContext } from '../objects/context.ts';
import { applyJsonPatch } from '../patch/index.ts';
import type { ResourceType } from '../resources/types.ts';
import { callWebhook, WebhookCallError, type ServiceResolver } from './call.ts';
import { mutatingWebhooks, validatingWebhooks, type Webhook } from './configurations.ts';
import { convertObjects, servedApiVersion } from './conversion.ts';
import { matchingType, selectorsMatch, type AdmissionAttributes } from './matching.ts';

/** How admission webhooks are reached, per server. */
export interface AdmissionSettings {
  resolveService?: ServiceResolver;
}

/** Calls made and time spent, for figures. */
export const admissionCalls = { count: 0, totalMs: 0 };

const OPTION_KINDS = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

/** Kubernetes' refusal error: the webhook's Status with the message prefixed by who refused. */
export function deniedError(name: string, result: Partial<Status> | undefined): StatusError {
  const deniedBy = `admission webhook "${name}" denied the request`;
  const r = result ?? {};
  const message = r.message ? `${deniedBy}: ${r.message}` : r.reason ? `${deniedBy}: ${r.reason}` : `${deniedBy} without explanation`;
  const code = !r.code || r.code < 400 ? 400 : r.code;
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code, reason: r.reason ?? '' };
  if (r.details) status.details = r.details;
  return new StatusError(status);
}

async function inVersion(rt: ResourceType, target: ResourceType, obj: KubeObject | undefined, settings: AdmissionSettings): Promise<KubeObject | undefined> {
  if (!obj || target === rt || !rt.crd) return obj;
  return (await convertObjects(rt.crd, [obj], servedApiVersion(target), settings))[0];
}

function buildRequest(a: AdmissionAttributes, sent: ResourceType, object: KubeObject | undefined, oldObject: KubeObject | undefined): AdmissionRequest {
  const { rt } = a;
  return {
    uid: randomUUID(),
    kind: { group: sent.group, version: sent.version, kind: sent.kind },
    resource: { group: sent.group, version: sent.version, resource: sent.plural },
    ...(a.subresource ? { subResource: a.subresource, requestSubResource: a.subresource } : {}),
    requestKind: { group: rt.group, version: rt.version, kind: rt.kind },
    requestResource: { group: rt.group, version: rt.version, resource: rt.plural },
    name: a.name ?? object?.metadata.name ?? oldObject?.metadata.name,
    namespace: rt.namespaced ? a.namespace : undefined,
    operation: a.operation,
    userInfo: {},
    object: object ?? null,
    oldObject: oldObject ?? null,
    dryRun: a.dryRun,
    options: { kind: OPTION_KINDS[a.operation], apiVersion: 'meta.k8s.io/v1' },
  };
}

/** Sends the review; undefined when an unreachable webhook is ignored by its policy. */
async function review(w: Webhook, req: AdmissionRequest, settings: AdmissionSettings): Promise<AdmissionReview['response'] | undefined> {
  if (!w.admissionReviewVersions.includes('v1')) {
    return policy(w, new WebhookCallError(`failed to call webhook: webhook does not accept v1 AdmissionReview`));
  }
  const started = performance.now();
  try {
    const answer = await callWebhook(w.clientConfig, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: req }, w.timeoutSeconds, settings.resolveService) as AdmissionReview;
    const res = answer?.response;
    if (!res) throw new WebhookCallError('webhook response was absent');
    if (res.uid !== req.uid) throw new WebhookCallError(`expected response.uid="${req.uid}", got "${res.uid}"`);
    return res;
  } catch (err) {
    return policy(w, err);
  } finally {
    admissionCalls.count++;
    admissionCalls.totalMs += performance.now() - started;
  }
}

function policy(w: Webhook, err: unknown): undefined {
  if (!(err instanceof WebhookCallError)) throw err;
  if (w.failurePolicy === 'Ignore') return undefined;
  throw statusError('InternalError', { message: `Internal error occurred: failed calling webhook "${w.name}": ${err.message}` });
}

function matching(ctx: ApiContext, hooks: Webhook[], a: AdmissionAttributes): { w: Webhook; sent: ResourceType }[] {
  const out: { w: Webhook; sent: ResourceType }[] = [];
  for (const w of hooks) {
    const sent = matchingType(ctx, w, a);
    if (sent && selectorsMatch(ctx, w, a)) out.push({ w, sent });
  }
  return out;
}

function checkDryRun(w: Webhook, a: AdmissionAttributes): void {
  if (a.dryRun && w.sideEffects !== 'None' && w.sideEffects !== 'NoneOnDryRun') {
    throw statusError('BadRequest', { message: `admission webhook "${w.name}" does not support dry run` });
  }
}

/** Runs the mutating webhooks matching the request; returns the object with their patches applied. */
export async function runMutating(ctx: ApiContext, a: AdmissionAttributes, warnings: string[], settings: AdmissionSettings = {}): Promise<KubeObject | undefined> {
  const hooks = mutatingWebhooks(ctx);
  if (!hooks.length) return a.object;
  let current = a.object;
  for (const { w, sent } of matching(ctx, hooks, a)) {
    checkDryRun(w, a);
    const object = await inVersion(a.rt, sent, current, settings);
    const oldObject = await inVersion(a.rt, sent, a.oldObject, settings);
    const res = await review(w, buildRequest({ ...a, object: current }, sent, object, oldObject), settings);
    if (!res) continue;
    if (res.warnings) warnings.push(...res.warnings);
    if (!res.allowed) throw deniedError(w.name, res.status);
    if (!res.patch || !object) continue;
    if (res.patchType !== 'JSONPatch') throw statusError('InternalError', { message: `Internal error occurred: failed calling webhook "${w.name}": unsupported patch type "${res.patchType ?? ''}"` });
    let patch: unknown;
    try {
      patch = JSON.parse(Buffer.from(res.patch, 'base64').toString('utf8'));
    } catch {
      throw statusError('InternalError', { message: `Internal error occurred: failed calling webhook "${w.name}": the patch is not base64-encoded JSON` });
    }
    const patched = applyJsonPatch(object, patch) as KubeObject;
    current = sent === a.rt ? patched : await inVersion(sent, a.rt, { ...patched, apiVersion: servedApiVersion(sent) }, settings);
  }
  return current;
}

/** Runs the validating webhooks matching the request (in parallel); throws the first refusal. */
export async function runValidating(ctx: ApiContext, a: AdmissionAttributes, warnings: string[], settings: AdmissionSettings = {}): Promise<void> {
  const hooks = validatingWebhooks(ctx);
  if (!hooks.length) return;
  const calls = matching(ctx, hooks, a).map(async ({ w, sent }) => {
    checkDryRun(w, a);
    const object = await inVersion(a.rt, sent, a.object, settings);
    const oldObject = await inVersion(a.rt, sent, a.oldObject, settings);
    return { w, res: await review(w, buildRequest(a, sent, object, oldObject), settings) };
  });
  const results = await Promise.allSettled(calls);
  for (const r of results) if (r.status === 'fulfilled' && r.value.res?.warnings) warnings.push(...r.value.res.warnings);
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason;
    if (r.value.res && !r.value.res.allowed) throw deniedError(r.value.w.name, r.value.res.status);
  }
}
