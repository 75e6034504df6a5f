/**
 * Dynamic admission: mutating webhooks one after the other (each sees the previous one's patch;
 * those with reinvocationPolicy IfNeeded are called once more when a later webhook changed the
 * object), then, after schema validation, validating webhooks in parallel. Webhooks are chosen by
 * rules, selectors and matchConditions; the failure policy decides what an unreachable or
 * nonsensical webhook means; a refusal reads `admission webhook "<name>" denied the request: …`.
 */
import { statusError, StatusError, type Status } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { AdmissionRequest, AdmissionResponse } from '../../runtime/webhook/review.ts';
import { authorize } from '../authn/authorizer.ts';
import type { ApiContext } from '../objects/context.ts';
import { jsonEqual } from '../objects/equality.ts';
import { applyJsonPatch } from '../patch/index.ts';
import type { ResourceType } from '../resources/types.ts';
import { buildRequest, decodePatch, verifyResponse } from './admission-review.ts';
import { callWebhook, WebhookCallError, type ServiceResolver } from './call.ts';
import { mutatingWebhooks, validatingWebhooks, type Webhook } from './configurations.ts';
import { convertObjects, servedApiVersion } from './conversion.ts';
import type { Authorize } from './cel-authorizer.ts';
import { checkMatchConditions } from './match-conditions.ts';
import { exemptFromWebhooks, matchingType, selectorsMatch, type AdmissionAttributes } from './matching.ts';

/** How admission webhooks are reached, per server. */
export interface AdmissionSettings {
  resolveService?: ServiceResolver;
}

/** Calls made and time spent, for figures. */
export const admissionCalls = { count: 0, totalMs: 0 };

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

/** The object as the webhook receives it: its review view (a Scale), or the object in the version the rules matched. */
async function reviewed(a: AdmissionAttributes, sent: ResourceType, obj: KubeObject | undefined, settings: AdmissionSettings): Promise<KubeObject | undefined> {
  if (!obj) return undefined;
  return a.view ? a.view.toReview(obj) : inVersion(a.rt, sent, obj, settings);
}

/** Sends the review; undefined when a failed call is ignored by the webhook's policy. */
async function review(w: Webhook, req: AdmissionRequest, settings: AdmissionSettings): Promise<AdmissionResponse | undefined> {
  if (!w.admissionReviewVersions.includes('v1')) {
    return policy(w, new WebhookCallError(`failed to call webhook: webhook does not accept v1 AdmissionReview`));
  }
  const started = performance.now();
  try {
    const answer = await callWebhook(w.clientConfig, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: req }, w.timeoutSeconds, settings.resolveService);
    return verifyResponse(answer, req.uid, w.mutating);
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
  if (exemptFromWebhooks(a.rt)) return [];
  const out: { w: Webhook; sent: ResourceType }[] = [];
  for (const w of hooks) {
    const sent = matchingType(ctx, w, a);
    if (sent && selectorsMatch(ctx, w, a)) out.push({ w, sent });
  }
  return out;
}

function qualifiedResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** Authorization checks of matchConditions, decided as the server decides requests. */
function authorizerOf(ctx: ApiContext): Authorize {
  return (q) => authorize(ctx, q);
}

function checkDryRun(w: Webhook, a: AdmissionAttributes): void {
  if (a.dryRun && w.sideEffects !== 'None' && w.sideEffects !== 'NoneOnDryRun') {
    throw statusError('BadRequest', { message: `admission webhook "${w.name}" does not support dry run` });
  }
}

/** Which IfNeeded webhooks ran before the last change, and which must run again. */
interface Reinvocation {
  invokedSinceChange: Set<string>;
  reinvoke: Set<string>;
  needed: boolean;
}

async function mutatingRound(ctx: ApiContext, hooks: Webhook[], a: AdmissionAttributes, start: KubeObject | undefined, round: 0 | 1, state: Reinvocation, warnings: string[], settings: AdmissionSettings): Promise<KubeObject | undefined> {
  let current = start;
  for (const { w, sent } of matching(ctx, hooks, a)) {
    const again = state.reinvoke.has(w.uid);
    // On the second round only webhooks due for reinvocation are called (their conditions still apply).
    if (round === 1 && !again && !w.matchConditions.length) continue;
    const object = await reviewed(a, sent, current, settings);
    const oldObject = await reviewed(a, sent, a.oldObject, settings);
    const req = buildRequest({ ...a, object: current }, sent, object, oldObject);
    if (!checkMatchConditions(w, req, qualifiedResource(a.rt), authorizerOf(ctx)).call) continue;
    if (round === 1 && !again) continue;
    checkDryRun(w, a);
    const res = await review(w, req, settings);
    let changed = false;
    if (res) {
      if (res.warnings) warnings.push(...res.warnings);
      if (!res.allowed) throw deniedError(w.name, res.status);
      let ops: unknown[] = [];
      try {
        ops = decodePatch(res);
      } catch (err) {
        policy(w, err);
      }
      if (ops.length) {
        if (!object) throw statusError('InternalError', { message: `Internal error occurred: admission webhook "${w.name}" attempted to modify the object, which is not supported for this operation` });
        const patched = applyJsonPatch(object, ops) as KubeObject;
        changed = !jsonEqual(object, patched);
        if (a.view) current = a.view.fromReview(patched, current!);
        else current = sent === a.rt ? patched : await inVersion(sent, a.rt, { ...patched, apiVersion: servedApiVersion(sent) }, settings);
      }
    }
    if (changed) {
      for (const uid of state.invokedSinceChange) state.reinvoke.add(uid);
      state.invokedSinceChange.clear();
      state.needed = true;
    }
    if (w.reinvocationPolicy === 'IfNeeded') state.invokedSinceChange.add(w.uid);
  }
  return current;
}

/**
 * Runs the mutating webhooks matching the request; returns the object with their patches applied.
 * A second round calls again, once, the IfNeeded webhooks that ran before a later webhook's change.
 */
export async function runMutating(ctx: ApiContext, a: AdmissionAttributes, warnings: string[], settings: AdmissionSettings = {}): Promise<KubeObject | undefined> {
  const hooks = mutatingWebhooks(ctx);
  if (!hooks.length) return a.object;
  const state: Reinvocation = { invokedSinceChange: new Set(), reinvoke: new Set(), needed: false };
  const first = await mutatingRound(ctx, hooks, a, a.object, 0, state, warnings, settings);
  if (!state.needed || !state.reinvoke.size) return first;
  return mutatingRound(ctx, hooks, { ...a, object: first }, first, 1, state, warnings, settings);
}

/** Runs the validating webhooks matching the request (in parallel); throws the first refusal. */
export async function runValidating(ctx: ApiContext, a: AdmissionAttributes, warnings: string[], settings: AdmissionSettings = {}): Promise<void> {
  const hooks = validatingWebhooks(ctx);
  if (!hooks.length) return;
  // Conditions are evaluated for every webhook before any is called.
  const calls: { w: Webhook; req: AdmissionRequest }[] = [];
  for (const { w, sent } of matching(ctx, hooks, a)) {
    const object = await reviewed(a, sent, a.object, settings);
    const oldObject = await reviewed(a, sent, a.oldObject, settings);
    const req = buildRequest(a, sent, object, oldObject);
    if (checkMatchConditions(w, req, qualifiedResource(a.rt), authorizerOf(ctx)).call) calls.push({ w, req });
  }
  const results = await Promise.allSettled(calls.map(async ({ w, req }) => {
    checkDryRun(w, a);
    return { w, res: await review(w, req, settings) };
  }));
  for (const r of results) if (r.status === 'fulfilled' && r.value.res?.warnings) warnings.push(...r.value.res.warnings);
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason;
    if (r.value.res && !r.value.res.allowed) throw deniedError(r.value.w.name, r.value.res.status);
  }
}
