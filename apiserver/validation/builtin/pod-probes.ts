/**
 * Probes and lifecycle hooks (Kubernetes' validateProbe and validateLifecycle): exactly one
 * handler with the fields it needs, timings that are not negative, and a success threshold of 1
 * where one success must be enough (liveness and startup probes).
 */
import { childPath, forbiddenError, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { nonNegativeErrors, portNameErrors, portNumberErrors } from './formats.ts';
import { numberOf, objectOf, stringOf, type Obj } from './readers.ts';

/** An IntOrString port: a number in range or an IANA service name (ValidatePortNumOrName). */
export function portNumOrNameErrors(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return invalidErrors(path, port, portNameErrors(port));
  const n = typeof port === 'number' ? port : 0;
  return invalidErrors(path, n, portNumberErrors(n));
}

function httpGetErrors(http: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!stringOf(http.path)) errs.push(requiredError(childPath(path, 'path')));
  errs.push(...portNumOrNameErrors(http.port, childPath(path, 'port')));
  const scheme = stringOf(http.scheme);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupportedError(childPath(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
  for (const header of Array.isArray(http.httpHeaders) ? http.httpHeaders : []) {
    const name = stringOf(objectOf(header)?.name);
    if (!/^[-A-Za-z0-9]+$/.test(name)) {
      errs.push(invalidError(childPath(path, 'httpHeaders'), name, `a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`));
    }
  }
  return errs;
}

function sleepErrors(sleep: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const seconds = numberOf(sleep.seconds) ?? 0;
  if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
  return [invalidError(path, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`)];
}

type HandlerCheck = (handler: Obj, path: string, gracePeriod: number | undefined) => FieldError[];

const HANDLERS: [string, HandlerCheck][] = [
  ['exec', (h, p) => (Array.isArray(h.command) && h.command.length ? [] : [requiredError(childPath(p, 'command'))])],
  ['httpGet', (h, p) => httpGetErrors(h, p)],
  ['tcpSocket', (h, p) => portNumOrNameErrors(h.port, childPath(p, 'port'))],
  ['grpc', (h, p) => portNumOrNameErrors(numberOf(h.port) ?? 0, childPath(p, 'port'))],
  ['sleep', (h, p, grace) => sleepErrors(h, grace, p)],
];

/** Exactly one handler of the kinds `kinds` allows (validateHandler). */
function handlerErrors(handler: Obj, kinds: string[], gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [kind, check] of HANDLERS) {
    const h = kinds.includes(kind) ? objectOf(handler[kind]) : undefined;
    if (!h) continue;
    if (count > 0) { errs.push(forbiddenError(childPath(path, kind), 'may not specify more than 1 handler type')); continue; }
    count++;
    errs.push(...check(h, childPath(path, kind), gracePeriod));
  }
  if (!count) errs.push(requiredError(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

/** The kinds of probe a container has, by JSON field. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** Errors of one probe of `kind` at `path`; absent probes have none. */
export function probeErrors(probe: unknown, kind: ProbeKind, gracePeriod: number | undefined, path: string): FieldError[] {
  const p = objectOf(probe);
  if (!p) return [];
  const errs = handlerErrors(p, PROBE_HANDLERS, gracePeriod, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegativeErrors(p[field], childPath(path, field)));
  }
  const grace = numberOf(p.terminationGracePeriodSeconds);
  if (grace !== undefined && grace <= 0) errs.push(invalidError(childPath(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  const success = numberOf(p.successThreshold) ?? 0;
  if (kind !== 'readinessProbe' && success !== 1) errs.push(invalidError(childPath(path, 'successThreshold'), success, 'must be 1'));
  if (kind === 'readinessProbe' && grace !== undefined) {
    errs.push(invalidError(childPath(path, 'terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes'));
  }
  return errs;
}

/** All three probes of a container. */
export function containerProbeErrors(c: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  return (['livenessProbe', 'readinessProbe', 'startupProbe'] as const).flatMap((k) => probeErrors(c[k], k, gracePeriod, childPath(path, k)));
}

/** Errors of a container's `lifecycle` at `path` (postStart and preStop hooks). */
export function lifecycleErrors(lifecycle: unknown, gracePeriod: number | undefined, path: string): FieldError[] {
  const l = objectOf(lifecycle);
  if (!l) return [];
  return (['postStart', 'preStop'] as const).flatMap((hook) => {
    const h = objectOf(l[hook]);
    return h ? handlerErrors(h, LIFECYCLE_HANDLERS, gracePeriod, childPath(path, hook)) : [];
  });
}
