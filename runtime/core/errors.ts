/**
 * Kubernetes Status errors as typed values. The API server produces them, clients parse them,
 * controllers branch on their `reason` instead of grepping strings.
 */

/** The metav1.StatusReason values that callers branch on. */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | 'Unknown';

/** One field-level cause of an Invalid (or other) error. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status as it travels on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

const codeOfReason: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  ServerTimeout: 500,
  Timeout: 504,
  Unknown: 500,
};

/** The HTTP status code Kubernetes uses for a reason. */
export function statusCodeFor(reason: StatusReason): number {
  return codeOfReason[reason];
}

/** An error carrying a Kubernetes Status. `reason` is the kind to branch on. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? `status ${status.code}`);
    this.name = 'StatusError';
    this.status = status;
  }

  /** The Status reason (NotFound, Conflict, Invalid, ...). */
  get reason(): StatusReason {
    return (this.status.reason as StatusReason) || reasonForCode(this.status.code);
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** Field causes, for Invalid errors. */
  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }

  /** Seconds the server asked the client to wait (TooManyRequests, ServerTimeout). */
  get retryAfterSeconds(): number | undefined {
    return this.status.details?.retryAfterSeconds;
  }
}

/** The reason Kubernetes clients infer from a bare HTTP code when the body carries none. */
export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Gone';
    case 413: return 'RequestEntityTooLarge';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

/** Options for building a Status error. */
export interface StatusErrorOptions {
  message: string;
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
  /** Overrides the default HTTP code of the reason. */
  code?: number;
}

/** Builds a StatusError of the given reason. */
export function statusError(reason: StatusReason, opts: StatusErrorOptions): StatusError {
  // Every field of Kubernetes' StatusDetails is omitempty: the core group is left out, not "".
  const details: Status['details'] = {};
  if (opts.name) details.name = opts.name;
  if (opts.group) details.group = opts.group;
  if (opts.kind) details.kind = opts.kind;
  if (opts.causes?.length) details.causes = opts.causes;
  if (opts.retryAfterSeconds) details.retryAfterSeconds = opts.retryAfterSeconds;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: opts.message,
    reason,
    code: opts.code ?? statusCodeFor(reason),
  };
  if (Object.keys(details).length) status.details = details;
  return new StatusError(status);
}

/** Kubernetes' NotFound error: `<resource>.<group> "<name>" not found`. */
export function notFound(group: string, resource: string, name: string): StatusError {
  const gr = group ? `${resource}.${group}` : resource;
  return statusError('NotFound', { message: `${gr} "${name}" not found`, name, group, kind: resource });
}

/** Kubernetes' AlreadyExists error. */
export function alreadyExists(group: string, resource: string, name: string): StatusError {
  const gr = group ? `${resource}.${group}` : resource;
  return statusError('AlreadyExists', { message: `${gr} "${name}" already exists`, name, group, kind: resource });
}

/** Kubernetes' optimistic-concurrency Conflict error. */
export function conflict(group: string, resource: string, name: string, detail: string): StatusError {
  const gr = group ? `${resource}.${group}` : resource;
  return statusError('Conflict', {
    message: `Operation cannot be fulfilled on ${gr} "${name}": ${detail}`,
    name, group, kind: resource,
  });
}

/** Kubernetes' Invalid error with field causes: `<Kind>.<group> "<name>" is invalid: <causes>`. */
export function invalid(group: string, kind: string, name: string, causes: StatusCause[]): StatusError {
  const gk = group ? `${kind}.${group}` : kind;
  // The message aggregates the causes as apimachinery's ErrorList.ToAggregate does: each distinct
  // `field: message` text once, in first-seen order, bracketed only when several remain.
  const texts = [...new Set(causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)))];
  const detail = texts.length > 1 ? `: [${texts.join(', ')}]` : texts.length ? `: ${texts[0]}` : '';
  return statusError('Invalid', { message: `${gk} "${name}" is invalid${detail}`, name, group, kind, causes });
}

/** Parses a wire Status (any JSON body) into a StatusError, falling back on the HTTP code. */
export function statusErrorFromBody(code: number, body: unknown): StatusError {
  if (body && typeof body === 'object' && (body as { kind?: unknown }).kind === 'Status') {
    const s = body as Status;
    return new StatusError({ ...s, code: s.code || code, reason: s.reason || reasonForCode(code) });
  }
  const text = typeof body === 'string' && body ? body : `the server responded with status ${code}`;
  return statusError(reasonForCode(code), { message: text, code });
}

function hasReason(err: unknown, reason: StatusReason): boolean {
  return err instanceof StatusError && err.reason === reason;
}

/** True when err is a NotFound StatusError. */
export const isNotFound = (err: unknown): boolean => hasReason(err, 'NotFound');
/** True when err is an AlreadyExists StatusError. */
export const isAlreadyExists = (err: unknown): boolean => hasReason(err, 'AlreadyExists');
/** True when err is a Conflict StatusError. */
export const isConflict = (err: unknown): boolean => hasReason(err, 'Conflict');
/** True when err is an Invalid StatusError. */
export const isInvalid = (err: unknown): boolean => hasReason(err, 'Invalid');
/** True when err is a Forbidden StatusError. */
export const isForbidden = (err: unknown): boolean => hasReason(err, 'Forbidden');
/** True when err is a Gone or Expired StatusError (resourceVersion too old). */
export const isGone = (err: unknown): boolean => hasReason(err, 'Gone') || hasReason(err, 'Expired');
/** True when err is a TooManyRequests StatusError. */
export const isTooManyRequests = (err: unknown): boolean => hasReason(err, 'TooManyRequests');
