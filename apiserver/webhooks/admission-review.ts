/**
 * The AdmissionReview a webhook receives (who asks, what is asked, in the version the webhook's
 * rules matched) and the checks its answer must pass before the server believes it. A malformed
 * answer is a failed call, so the webhook's failure policy decides about it.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { AdmissionRequest, AdmissionResponse, AdmissionReview, AdmissionUserInfo } from '../../runtime/webhook/review.ts';
import type { UserInfo } from '../extensions.ts';
import type { ResourceType } from '../resources/types.ts';
import { WebhookCallError } from './call.ts';
import type { AdmissionAttributes } from './matching.ts';

const OPTION_KINDS = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

/** authentication.k8s.io/v1 UserInfo as Kubernetes serializes it: empty fields left out. */
export function reviewUserInfo(user: UserInfo | undefined): AdmissionUserInfo {
  if (!user) return {};
  const out: AdmissionUserInfo = {};
  if (user.username) out.username = user.username;
  if (user.uid) out.uid = user.uid;
  if (user.groups.length) out.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) out.extra = structuredClone(user.extra);
  return out;
}

function requestOptions(a: AdmissionAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: OPTION_KINDS[a.operation], apiVersion: 'meta.k8s.io/v1' };
  if (a.dryRun) out.dryRun = ['All'];
  for (const [k, v] of Object.entries(a.options ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The request sent to a webhook whose rules matched in `sent` (the request's own resource, or an
 * equivalent version under matchPolicy Equivalent); object and oldObject are already in that version.
 */
export function buildRequest(a: AdmissionAttributes, sent: ResourceType, object: KubeObject | undefined, oldObject: KubeObject | undefined): AdmissionRequest {
  const { rt } = a;
  const req: AdmissionRequest = {
    uid: randomUUID(),
    kind: a.view ? { ...a.view.kind } : { group: sent.group, version: sent.version, kind: sent.kind },
    resource: { group: sent.group, version: sent.version, resource: sent.plural },
    requestKind: a.view ? { ...a.view.kind } : { group: rt.group, version: rt.version, kind: rt.kind },
    requestResource: { group: rt.group, version: rt.version, resource: rt.plural },
    operation: a.operation,
    userInfo: reviewUserInfo(a.user),
    object: object ?? null,
    oldObject: oldObject ?? null,
    dryRun: a.dryRun,
    options: requestOptions(a),
  };
  if (a.subresource) { req.subResource = a.subresource; req.requestSubResource = a.subresource; }
  const name = a.name ?? object?.metadata.name ?? oldObject?.metadata.name;
  if (name) req.name = name;
  if (rt.namespaced && a.namespace) req.namespace = a.namespace;
  return req;
}

/** Checks a webhook's answer to request uid; throws WebhookCallError for one the server cannot use. */
export function verifyResponse(answer: unknown, uid: string, mutating: boolean): AdmissionResponse {
  const review = answer as Partial<AdmissionReview> | null;
  const invalid = (why: string) => new WebhookCallError(`received invalid webhook response: ${why}`);
  const res = review?.response;
  if (!res || typeof res !== 'object') throw invalid('webhook response was absent');
  if (res.uid !== uid) throw invalid(`expected response.uid="${uid}", got "${res.uid ?? ''}"`);
  const apiVersion = review.apiVersion ?? 'admission.k8s.io/v1';
  const kind = review.kind ?? 'AdmissionReview';
  if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview') {
    throw invalid(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${apiVersion}, Kind=${kind}`);
  }
  const hasPatch = typeof res.patch === 'string' && res.patch.length > 0;
  const hasPatchType = res.patchType !== undefined && res.patchType !== null;
  if (mutating) {
    if (hasPatch && !hasPatchType) throw invalid('webhook returned response.patch but not response.patchType');
    if (!hasPatch && hasPatchType) throw invalid('webhook returned response.patchType but not response.patch');
    if (hasPatchType && !res.patchType) throw invalid(`webhook returned invalid response.patchType of ""`);
  } else {
    if (hasPatch) throw invalid('validating webhook may not return response.patch');
    if (hasPatchType) throw invalid('validating webhook may not return response.patchType');
  }
  return res;
}

/** The JSON patch operations of a mutating webhook's answer; throws WebhookCallError when undecodable. */
export function decodePatch(res: AdmissionResponse): unknown[] {
  if (!res.patch) return [];
  if (res.patchType !== 'JSONPatch') throw new WebhookCallError(`unsupported patch type "${res.patchType ?? ''}"`);
  let ops: unknown;
  try {
    ops = JSON.parse(Buffer.from(res.patch, 'base64').toString('utf8'));
  } catch (err) {
    throw new WebhookCallError(`received undecodable patch in webhook response: ${(err as Error).message}`);
  }
  if (!Array.isArray(ops)) throw new WebhookCallError('received undecodable patch in webhook response: json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return ops;
}
