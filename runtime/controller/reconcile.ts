/**
 * The reconcile contract: a controller hands a Request (namespace/name) to the user's reconcile
 * function, which converges the world and says whether to come back later.
 */
import type { Logger } from '../log/logger.ts';

/** The object to reconcile. Namespace is empty for cluster-scoped kinds. */
export interface Request {
  namespace: string;
  name: string;
}

/** What a reconcile asks for next. Returning nothing means done until the next event. */
export interface Result {
  /** Reconcile again after this many milliseconds (backoff history is reset). */
  requeueAfter?: number;
  /** Reconcile again soon through the rate limiter (backoff history grows). */
  requeue?: boolean;
}

/** Per-call context given to reconcile. */
export interface ReconcileContext {
  /** Logger carrying controller, namespace, name and reconcileID fields. */
  logger: Logger;
  /** Unique id of this reconcile call, also in every log line. */
  reconcileID: string;
  /** Aborted when the call times out, leadership is lost, or the shutdown deadline passes. */
  signal: AbortSignal;
  /** The name of the controller running the call. */
  controller: string;
}

/** A reconcile function. Throwing requeues with backoff, unless the error is a TerminalError. */
export type ReconcileFunc = (req: Request, ctx: ReconcileContext) => Promise<Result | void> | Result | void;

/** An object with a reconcile method. */
export interface Reconciler {
  reconcile: ReconcileFunc;
}

/**
 * An error that retrying cannot fix (invalid spec, missing permission that needs a human). The
 * controller logs and counts it, and does not requeue the key.
 */
export class TerminalError extends Error {
  /** The underlying error, if any. */
  override readonly cause: unknown;

  constructor(messageOrCause: string | Error, cause?: unknown) {
    super(typeof messageOrCause === 'string' ? messageOrCause : messageOrCause.message);
    this.name = 'TerminalError';
    this.cause = typeof messageOrCause === 'string' ? cause : messageOrCause;
  }
}

/** True when err is (or wraps, through `cause`) a TerminalError. */
export function isTerminalError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof TerminalError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Formats a request as `namespace/name` (or `name`), the queue key. */
export function requestKey(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}

/** Parses a queue key back into a Request. */
export function requestFromKey(key: string): Request {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Accepts a reconcile function or an object with a reconcile method. */
export function toReconcileFunc(r: Reconciler | ReconcileFunc): ReconcileFunc {
  return typeof r === 'function' ? r : r.reconcile.bind(r);
}
