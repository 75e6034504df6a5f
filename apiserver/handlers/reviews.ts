/**
 * The create-only review resources (access reviews, rules review, self-subject review, token
 * review) and the ServiceAccount TokenRequest subresource. Nothing is stored.
 */
import { notFound, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { authorize, rbacSource } from '../authn/authorizer.ts';
import type { TokenAuthenticator } from '../authn/tokens.ts';
import type { UserInfo } from '../extensions.ts';
import { writeJson } from '../http/respond.ts';
import { getStored, nowTimestamp, type ApiContext } from '../objects/context.ts';
import { checkBodyShape } from '../objects/system-fields.ts';
import type { ApiRequest } from './request.ts';
import { readObject } from './write.ts';

type Obj = Record<string, unknown>;

function attrsFrom(spec: Obj, user: UserInfo, namespace?: string) {
  const ra = spec.resourceAttributes as Obj | undefined;
  const nra = spec.nonResourceAttributes as Obj | undefined;
  if (ra) {
    return {
      user, verb: String(ra.verb ?? ''), apiGroup: String(ra.group ?? ''), resource: String(ra.resource ?? ''),
      subresource: ra.subresource ? String(ra.subresource) : undefined, namespace: namespace ?? (ra.namespace ? String(ra.namespace) : undefined),
      name: ra.name ? String(ra.name) : undefined,
    };
  }
  return { user, verb: String(nra?.verb ?? ''), apiGroup: '', resource: '', nonResourcePath: String(nra?.path ?? '') };
}

const ALLOW_ALL_RULES = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  incomplete: false,
};

/** POST on a review resource. */
export async function handleReview(ctx: ApiContext, r: ApiRequest, tokens: TokenAuthenticator): Promise<void> {
  const input = checkBodyShape(r.rt, await readObject(ctx, r), false);
  const spec = (input.spec as Obj | undefined) ?? {};
  let status: Obj;
  switch (r.rt.kind) {
    case 'SelfSubjectAccessReview':
      status = decision(ctx, attrsFrom(spec, r.user));
      break;
    case 'LocalSubjectAccessReview':
    case 'SubjectAccessReview': {
      const user: UserInfo = { username: String(spec.user ?? ''), uid: spec.uid ? String(spec.uid) : undefined, groups: (spec.groups as string[] | undefined) ?? [] };
      status = decision(ctx, attrsFrom(spec, user, r.info.namespace));
      break;
    }
    case 'SelfSubjectRulesReview': {
      const ns = String(spec.namespace ?? 'default');
      const masters = r.user.groups.includes('system:masters');
      status = ctx.authz === 'AlwaysAllow' || masters ? ALLOW_ALL_RULES : (ctx.ext.auth.rulesReview(r.user, ns, rbacSource(ctx)) as unknown as Obj);
      break;
    }
    case 'SelfSubjectReview':
      status = { userInfo: { username: r.user.username, uid: r.user.uid, groups: r.user.groups } };
      break;
    case 'TokenReview': {
      const user = tokens.authenticate(`Bearer ${String(spec.token ?? '')}`);
      status = user ? { authenticated: true, user: { username: user.username, uid: user.uid, groups: user.groups }, audiences: spec.audiences ?? [] } : { authenticated: false, error: 'invalid bearer token' };
      break;
    }
    default:
      throw statusError('MethodNotAllowed', { message: 'the server does not allow this method on the requested resource' });
  }
  const out = { ...input, metadata: { ...input.metadata, creationTimestamp: null }, status };
  writeJson(r.res, 201, out);
}

function decision(ctx: ApiContext, attrs: ReturnType<typeof attrsFrom>): Obj {
  const d = authorize(ctx, attrs);
  return d.allowed ? { allowed: true, reason: d.reason || undefined } : { allowed: false, reason: d.reason || undefined };
}

/** POST serviceaccounts/<name>/token: a signed token for the ServiceAccount. */
export async function handleTokenRequest(ctx: ApiContext, r: ApiRequest, tokens: TokenAuthenticator): Promise<void> {
  const sa = getStored(ctx, r.rt, r.info.namespace, r.info.name!);
  if (!sa) throw notFound('', 'serviceaccounts', r.info.name!);
  const input = (await readObject(ctx, r)) as KubeObject;
  const spec = (input?.spec as Obj | undefined) ?? {};
  const seconds = Number(spec.expirationSeconds ?? 3600);
  const exp = Math.floor(Date.now() / 1000) + Math.max(600, seconds);
  const token = tokens.issue({ namespace: r.info.namespace!, name: r.info.name!, uid: sa.metadata.uid!, exp });
  writeJson(r.res, 201, {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: r.info.name, namespace: r.info.namespace, creationTimestamp: nowTimestamp() },
    spec: { audiences: spec.audiences ?? [], expirationSeconds: exp - Math.floor(Date.now() / 1000), boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
  });
}
