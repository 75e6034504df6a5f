/**
 * Error categories of the state engine. Each category has a fixed effect on conditions, on whether
 * resources are applied, and on whether the reconcile is retried, so domain code only has to say
 * what went wrong, not what to do about it.
 */
import { StatusError } from '../core/errors.ts';

/** What kind of failure an error is. */
export type ErrorCategory =
  /** The API server or another system could not be reached: retried with backoff. */
  | 'Infrastructure'
  /** Credentials were rejected: needs a human, not retried. */
  | 'Auth'
  /** The spec cannot work as written: needs a spec change, not retried. */
  | 'InvalidSpec'
  /** Something this object refers to does not exist (yet): waits for it, apply skipped. */
  | 'MissingUpstreamDependency'
  /** Something this object creates is not there yet: progressing, apply continues. */
  | 'MissingDownstreamDependency'
  /** Quota or capacity exhausted: failed until capacity changes. */
  | 'ResourceExhaustion';

/**
 * What an apply-blocking error (Infrastructure, Auth, InvalidSpec, MissingUpstreamDependency)
 * holds back: every planned object ('parent', the default), or only the objects of its component
 * ('component'; see PlanResult.componentOf), so that e.g. a missing Secret one workload needs does
 * not stop the others from converging.
 */
export type ErrorScope = 'parent' | 'component';

/** An error with a category and, optionally, the component it concerns. */
export class EngineError extends Error {
  readonly category: ErrorCategory;
  readonly component: string | undefined;
  /** A CamelCase reason for conditions and events. */
  readonly reason: string;
  /** What the error blocks when its category blocks apply. */
  readonly scope: ErrorScope;

  constructor(category: ErrorCategory, message: string, opts: { component?: string; reason?: string; cause?: unknown; scope?: ErrorScope } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'EngineError';
    this.category = category;
    this.component = opts.component;
    this.reason = opts.reason ?? defaultReason[category];
    this.scope = opts.scope ?? 'parent';
  }
}

const defaultReason: Record<ErrorCategory, string> = {
  Infrastructure: 'InfrastructureError',
  Auth: 'AuthError',
  InvalidSpec: 'InvalidSpec',
  MissingUpstreamDependency: 'ReferenceNotFound',
  MissingDownstreamDependency: 'WaitingForDependency',
  ResourceExhaustion: 'ResourceExhausted',
};

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Assigns a category to any error: EngineErrors keep theirs; Kubernetes errors map by status
 * (NotFound → missing upstream, 401/403 → auth (403 quota → exhaustion), 400/422 → invalid spec,
 * 409/429/5xx/timeouts → infrastructure); network errors are infrastructure.
 */
export function categorizeError(err: unknown, component?: string): EngineError {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const make = (c: ErrorCategory) => new EngineError(c, message, { component, cause: err });
  if (err instanceof StatusError) {
    if (err.code === 404) return make('MissingUpstreamDependency');
    if (err.code === 403 && /exceeded quota|quota exceeded|insufficient/i.test(message)) return make('ResourceExhaustion');
    if (err.code === 401 || err.code === 403) return make('Auth');
    if (err.code === 400 || err.code === 422) return make('InvalidSpec');
    return make('Infrastructure');
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && networkCodes.has(code)) return make('Infrastructure');
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return make('Infrastructure');
  return make('Infrastructure');
}

/** How the engine reacts to a failed apply or delete of a planned object. */
export type ApplyFailure =
  /** Someone else changed the object between read and write: retried at once, not an error. */
  | { kind: 'conflict' }
  /** A categorized failure, with the category's usual effect on conditions and retries. */
  | { kind: 'error'; error: EngineError };

/**
 * Categorizes a failed write of a planned object by its Status reason: Forbidden and
 * Unauthorized are Auth (Forbidden for exhausted quota is ResourceExhaustion, Forbidden because the
 * namespace is terminating waits for it like a missing namespace), Invalid and BadRequest are
 * InvalidSpec, NotFound of the namespace is MissingUpstreamDependency, Conflict is retried at
 * once, and TooManyRequests, timeouts, 5xx and network failures are Infrastructure.
 */
export function categorizeApplyError(err: unknown, component = 'Apply'): ApplyFailure {
  const message = err instanceof Error ? err.message : String(err);
  const make = (c: ErrorCategory, reason?: string): ApplyFailure => ({ kind: 'error', error: new EngineError(c, message, { component, reason, cause: err }) });
  if (err instanceof EngineError) return { kind: 'error', error: err };
  if (!(err instanceof StatusError)) return { kind: 'error', error: categorizeError(err, component) };
  switch (err.reason) {
    case 'Conflict':
      return { kind: 'conflict' };
    case 'Forbidden':
      if (err.causes.some((c) => c.reason === 'NamespaceTerminating')) return make('MissingUpstreamDependency', 'NamespaceTerminating');
      if (/exceeded quota|quota exceeded|insufficient/i.test(message)) return make('ResourceExhaustion');
      return make('Auth');
    case 'Unauthorized':
      return make('Auth');
    case 'Invalid':
    case 'BadRequest':
      return make('InvalidSpec');
    case 'NotFound':
      return err.status.details?.kind === 'namespaces' ? make('MissingUpstreamDependency', 'NamespaceNotFound') : make('Infrastructure');
    default:
      return make('Infrastructure');
  }
}
