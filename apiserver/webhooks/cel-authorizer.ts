/**
 * The `authorizer` variable of admission CEL expressions (Kubernetes' authz library):
 * `authorizer.group(g).resource(r)[.subresource(s)][.namespace(ns)][.name(n)].check(verb)`,
 * `authorizer.path(p).check(verb)`, `authorizer.serviceAccount(ns, name)` to ask for another
 * identity, and `authorizer.requestResource` for the request's own resource; a check's decision
 * answers `allowed()`, `reason()`, `errored()` and `error()`.
 *
 * The values are CEL maps tagged with their role, and the checks go to the authorizer active
 * during the (synchronous) evaluation, so one compiled expression serves every request.
 */
import { celEnv, celMethod, CelScalar, mapType, type CelEnv, type CelFunc } from '@bufbuild/cel';
import { kubernetesCelFuncs } from '../crd/cel-library.ts';
import { compilePattern } from '../crd/regex.ts';
import type { RequestAttributes } from '../auth/types.ts';
import type { UserInfo } from '../extensions.ts';

/** Decides questions for the expression being evaluated. */
export type Authorize = (q: RequestAttributes) => { allowed: boolean; reason: string };

const ROLE = '@role';
const M = mapType(CelScalar.STRING, CelScalar.DYN);

type Fields = Record<string, unknown>;
const FIELD_NAMES = ['group', 'resource', 'subresource', 'namespace', 'name', 'path', 'user', 'allowed', 'reason', 'errored', 'error'];
interface CelMapLike { get(key: string): unknown; has(key: string): boolean }

let active: { authorize: Authorize; user: UserInfo } | undefined;

function fields(m: unknown, role: string, method: string): Fields {
  const map = m as CelMapLike;
  if (!map || typeof map.get !== 'function' || map.get(ROLE) !== role) throw new Error(`found no matching overload for '${method}'`);
  const out: Fields = {};
  for (const k of FIELD_NAMES) if (map.has(k)) out[k] = map.get(k);
  return out;
}

function tagged(role: string, f: Fields): never {
  const m = new Map<string, unknown>([[ROLE, role]]);
  for (const [k, v] of Object.entries(f)) if (v !== undefined) m.set(k, v);
  return m as never;
}

function userOf(f: Fields): UserInfo {
  if (!active) throw new Error('no authorizer is available');
  const sa = typeof f.user === 'string' ? f.user : undefined;
  if (!sa) return active.user;
  const [, , ns] = sa.split(':');
  return { username: sa, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
}

function decide(q: Omit<RequestAttributes, 'user'>, f: Fields): never {
  if (!active) throw new Error('no authorizer is available');
  const d = active.authorize({ ...q, user: userOf(f) });
  return tagged('decision', { allowed: d.allowed, reason: d.reason, errored: false, error: '' });
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

const funcs: CelFunc[] = [
  celMethod('group', M, [CelScalar.STRING], M, function (g) { return tagged('group', { ...fields(this, 'authorizer', 'group'), group: g }); }),
  celMethod('path', M, [CelScalar.STRING], M, function (p) { return tagged('path', { ...fields(this, 'authorizer', 'path'), path: p }); }),
  celMethod('serviceAccount', M, [CelScalar.STRING, CelScalar.STRING], M, function (ns, name) {
    fields(this, 'authorizer', 'serviceAccount');
    return tagged('authorizer', { user: `system:serviceaccount:${ns}:${name}` });
  }),
  celMethod('resource', M, [CelScalar.STRING], M, function (r) { return tagged('resource', { ...fields(this, 'group', 'resource'), resource: r }); }),
  ...(['subresource', 'namespace', 'name'] as const).map((key) =>
    celMethod(key, M, [CelScalar.STRING], M, function (v) { return tagged('resource', { ...fields(this, 'resource', key), [key]: v }); })),
  celMethod('check', M, [CelScalar.STRING], M, function (verb) {
    const map = this as unknown as CelMapLike;
    if (map?.get?.(ROLE) === 'path') {
      const f = fields(this, 'path', 'check');
      return decide({ verb, apiGroup: '', resource: '', nonResourcePath: String(f.path) }, f);
    }
    const f = fields(this, 'resource', 'check');
    return decide({ verb, apiGroup: String(f.group ?? ''), resource: String(f.resource ?? ''), subresource: str(f.subresource), namespace: str(f.namespace), name: str(f.name) }, f);
  }),
  celMethod('allowed', M, [], CelScalar.BOOL, function () { return fields(this, 'decision', 'allowed').allowed === true; }),
  celMethod('errored', M, [], CelScalar.BOOL, function () { return fields(this, 'decision', 'errored').errored === true; }),
  celMethod('reason', M, [], CelScalar.STRING, function () { return String(fields(this, 'decision', 'reason').reason ?? ''); }),
  celMethod('error', M, [], CelScalar.STRING, function () { return String(fields(this, 'decision', 'error').error ?? ''); }),
];

let env: CelEnv | undefined;

/** The CEL environment of admission expressions: the Kubernetes libraries plus the authorizer. */
export function admissionCelEnv(): CelEnv {
  env ??= celEnv({
    funcs: [...kubernetesCelFuncs, ...funcs],
    re2: {
      compile: (pattern: string) => {
        const re = compilePattern(pattern);
        if (typeof re === 'string') throw new Error(re);
        return re;
      },
    },
  });
  return env;
}

/** The `authorizer` variable for a request to the given resource. */
export function authorizerVariable(request: { group: string; resource: string; subresource?: string; namespace?: string; name?: string }): unknown {
  return tagged('authorizer', {
    requestResource: tagged('resource', { group: request.group, resource: request.resource, subresource: request.subresource, namespace: request.namespace, name: request.name }),
  });
}

/** Runs evaluate with `authorize` answering the checks its expressions make for `user`. */
export function withAuthorizer<T>(authorize: Authorize, user: UserInfo, evaluate: () => T): T {
  const previous = active;
  active = { authorize, user };
  try {
    return evaluate();
  } finally {
    active = previous;
  }
}
