/**
 * matchConditions of admission webhooks: CEL expressions over `object`, `oldObject` and `request`
 * (and `authorizer`) evaluated before a webhook is called. Any false condition skips the webhook; otherwise an
 * evaluation error (or a condition that does not parse or is not a bool) falls to the failure
 * policy: Fail refuses the request with a 403, Ignore skips the webhook.
 */
import { isCelError, parse, plan } from '@bufbuild/cel';
import { statusError } from '../../runtime/core/errors.ts';
import type { AdmissionRequest } from '../../runtime/webhook/review.ts';
import { admissionCelEnv, authorizerVariable, withAuthorizer, type Authorize } from './cel-authorizer.ts';
import type { MatchCondition, Webhook } from './configurations.ts';

type Program = (vars: Record<string, unknown>) => unknown;

/** Compiled expressions by source text: configurations are re-read on every request. */
const programs = new Map<string, Program | string>();
const PROGRAM_CACHE_LIMIT = 1024;

function compile(expression: string): Program | string {
  let hit = programs.get(expression);
  if (hit) return hit;
  try {
    const run = plan(admissionCelEnv(), parse(expression));
    hit = (vars) => run(vars as never);
  } catch (err) {
    hit = `compilation error: ${(err as Error).message}`;
  }
  if (programs.size >= PROGRAM_CACHE_LIMIT) programs.delete(programs.keys().next().value!);
  programs.set(expression, hit);
  return hit;
}

/** A JSON value as CEL sees it: integers are ints, other numbers doubles, objects maps. */
function toCel(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (typeof v === 'object') {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) if (x !== undefined) m.set(k, toCel(x));
    return m;
  }
  return v;
}

const gvk = (k: { group?: string; version?: string; kind?: string } | undefined) => ({ group: k?.group ?? '', version: k?.version ?? '', kind: k?.kind ?? '' });
const gvr = (r: { group?: string; version?: string; resource?: string } | undefined) => ({ group: r?.group ?? '', version: r?.version ?? '', resource: r?.resource ?? '' });

/** The `request` variable: every field present, absent ones at their zero values, as Kubernetes types it. */
function requestVariable(req: AdmissionRequest): unknown {
  const u = req.userInfo;
  return toCel({
    uid: req.uid, kind: gvk(req.kind), resource: gvr(req.resource), subResource: req.subResource ?? '',
    requestKind: gvk(req.requestKind), requestResource: gvr(req.requestResource), requestSubResource: req.requestSubResource ?? '',
    name: req.name ?? '', namespace: req.namespace ?? '', operation: req.operation,
    userInfo: { username: u.username ?? '', uid: u.uid ?? '', groups: u.groups ?? [], extra: u.extra ?? {} },
    dryRun: !!req.dryRun, options: req.options ?? null,
  });
}

/** Outcome of a webhook's conditions: call it, skip it, or refuse the request. */
export type ConditionOutcome = { call: true } | { call: false; failedCondition?: string };

function evaluate(condition: MatchCondition, vars: Record<string, unknown>): boolean | Error {
  const program = compile(condition.expression);
  if (typeof program === 'string') return new Error(program);
  const failed = (why: string) => new Error(`expression '${condition.expression}' resulted in error: ${why}`);
  let result: unknown;
  try {
    result = program(vars);
  } catch (err) {
    return failed((err as Error).message);
  }
  if (isCelError(result)) return failed((result as Error).message);
  if (typeof result !== 'boolean') return failed(`expected a bool, got ${typeof result}`);
  return result;
}

/**
 * Evaluates the webhook's matchConditions for the request it would receive, with `authorize`
 * answering the `authorizer` checks. Throws the 403 Kubernetes answers with when a condition errs
 * under failurePolicy Fail.
 */
export function checkMatchConditions(w: Webhook, req: AdmissionRequest, qualifiedResource: string, authorize: Authorize): ConditionOutcome {
  if (!w.matchConditions.length) return { call: true };
  const rr = req.requestResource ?? req.resource;
  const vars = {
    object: toCel(req.object), oldObject: toCel(req.oldObject), request: requestVariable(req),
    authorizer: authorizerVariable({ group: rr.group, resource: rr.resource, subresource: req.requestSubResource ?? req.subResource, namespace: req.namespace, name: req.name }),
  };
  const u = req.userInfo;
  const user = { username: u.username ?? '', uid: u.uid, groups: u.groups ?? [], extra: u.extra };
  const errors: Error[] = [];
  const failed = withAuthorizer(authorize, user, () => {
    for (const c of w.matchConditions) {
      const r = evaluate(c, vars);
      if (r === false) return c.name;
      if (r instanceof Error) errors.push(r);
    }
    return undefined;
  });
  if (failed !== undefined) return { call: false, failedCondition: failed };
  if (!errors.length) return { call: true };
  if (w.failurePolicy === 'Ignore') return { call: false };
  const detail = errors.length === 1 ? errors[0]!.message : `[${errors.map((e) => e.message).join(', ')}]`;
  throw statusError('Forbidden', {
    message: `${qualifiedResource} "${req.name ?? ''}" is forbidden: ${detail}`,
    name: req.name, group: rr.group, kind: rr.resource,
  });
}
