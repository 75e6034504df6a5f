/**
 * Admission webhooks as plain functions. A defaulter sets fields on the object in place and the
 * server answers with the JSON patch from what was sent to what the function left; a validator
 * returns warnings or throws to refuse, as controller-runtime's CustomDefaulter and
 * CustomValidator do.
 */
import jsonPatch from 'fast-json-patch';
import { StatusError } from '../core/errors.ts';
import type { AdmissionRequest, AdmissionResponse, AdmissionReview } from './review.ts';

/** Sets defaults on obj in place (create and update). */
export type DefaultFn<T> = (obj: T, req: AdmissionRequest) => void | Promise<void>;

/** Warnings sent back to the client (kubectl prints them as `Warning: …`). */
export type Warnings = string[] | void;

/**
 * Checks of a validating webhook. Each returns warnings, or throws to refuse: a StatusError keeps
 * its code, reason and causes (use `invalid(...)` for field errors); any other error refuses with
 * 403 Forbidden and its message. Absent checks allow.
 */
export interface ValidateFns<T> {
  validateCreate?(obj: T, req: AdmissionRequest): Warnings | Promise<Warnings>;
  validateUpdate?(oldObj: T, newObj: T, req: AdmissionRequest): Warnings | Promise<Warnings>;
  validateDelete?(obj: T, req: AdmissionRequest): Warnings | Promise<Warnings>;
}

/** Answers one AdmissionReview request. */
export type AdmissionHandler = (req: AdmissionRequest) => Promise<AdmissionResponse>;

/** The response refusing req with the error's Status (403 Forbidden for plain errors). */
export function deniedResponse(req: AdmissionRequest, err: unknown): AdmissionResponse {
  if (err instanceof StatusError) {
    const s = err.status;
    const status: AdmissionResponse['status'] = { code: s.code, reason: s.reason, message: s.message, status: 'Failure' };
    if (s.details) status.details = s.details;
    return { uid: req.uid, allowed: false, status };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { uid: req.uid, allowed: false, status: { code: 403, reason: 'Forbidden', message, status: 'Failure' } };
}

function withWarnings(res: AdmissionResponse, warnings: Warnings): AdmissionResponse {
  if (warnings && warnings.length) res.warnings = warnings;
  return res;
}

/** A mutating handler calling fn on a copy of the object and answering with a JSON patch. */
export function defaultingHandler<T>(fn: DefaultFn<T>): AdmissionHandler {
  return async (req) => {
    if (req.operation === 'DELETE' || req.operation === 'CONNECT' || !req.object) return { uid: req.uid, allowed: true };
    const original = req.object;
    const copy = structuredClone(original);
    try {
      await fn(copy as unknown as T, req);
    } catch (err) {
      return deniedResponse(req, err);
    }
    const ops = jsonPatch.compare(original as object, copy as object);
    if (!ops.length) return { uid: req.uid, allowed: true };
    return { uid: req.uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') };
  };
}

/** A validating handler dispatching on the operation. */
export function validatingHandler<T>(fns: ValidateFns<T>): AdmissionHandler {
  return async (req) => {
    const obj = req.object as unknown as T;
    const old = req.oldObject as unknown as T;
    try {
      switch (req.operation) {
        case 'CREATE': return withWarnings({ uid: req.uid, allowed: true }, await fns.validateCreate?.(obj, req));
        case 'UPDATE': return withWarnings({ uid: req.uid, allowed: true }, await fns.validateUpdate?.(old, obj, req));
        case 'DELETE': return withWarnings({ uid: req.uid, allowed: true }, await fns.validateDelete?.(old, req));
        default: return { uid: req.uid, allowed: true };
      }
    } catch (err) {
      return deniedResponse(req, err);
    }
  };
}

/** A malformed review: the API server then applies the webhook's failure policy. */
export class BadReviewError extends Error {
  readonly kind = 'BadReview';
}

/** Answers a whole AdmissionReview body. */
export async function reviewAdmission(handler: AdmissionHandler, body: unknown): Promise<AdmissionReview> {
  const review = body as Partial<AdmissionReview> | undefined;
  if (!review || review.kind !== 'AdmissionReview' || !review.request?.uid) throw new BadReviewError('expected an admission.k8s.io/v1 AdmissionReview with a request');
  const response = await handler(review.request);
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { ...response, uid: review.request.uid } };
}
