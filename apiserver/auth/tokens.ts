/**
 * Bearer tokens of the local API server: one admin token, and ServiceAccount tokens issued through
 * the TokenRequest subresource. ServiceAccount tokens are JWTs (HS256 over a per-server secret) with
 * the claims Kubernetes puts in bound tokens (iss, sub, aud, exp, iat, nbf, and `kubernetes.io`
 * namespace/serviceaccount), so tools that decode them find the familiar fields.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { serviceAccountUsername } from './rule-resolver.ts';
import type { UserInfo } from './types.ts';

/** The identity of the admin token: a member of system:masters, like kind's kubernetes-admin. */
export const adminUser: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

/** The identity of requests without credentials. */
export const anonymousUser: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Default TokenRequest lifetime (spec.expirationSeconds), as Kubernetes defaults it. */
export const defaultTokenExpirationSeconds = 3600;
/** Shortest lifetime Kubernetes accepts for a TokenRequest. */
export const minTokenExpirationSeconds = 600;
/** Issuer claim of tokens minted here. */
export const tokenIssuer = 'https://kubernetes.default.svc.cluster.local';

/** The ServiceAccount (and optional bound object) a token stands for. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
  uid: string;
}

/** What a verified ServiceAccount token carries. */
export interface ServiceAccountClaims extends ServiceAccountRef {
  audiences: string[];
  /** Expiry as Unix seconds. */
  exp: number;
}

/** An issued token and its RFC 3339 expiry (TokenRequest status). */
export interface IssuedToken {
  token: string;
  expirationTimestamp: string;
}

/** The result of authenticating a bearer token. */
export type TokenAuthentication =
  | { ok: true; user: UserInfo; serviceAccount?: ServiceAccountClaims }
  | { ok: false; reason: 'invalid' | 'expired' };

/** Issues and verifies the server's tokens. */
export interface TokenAuthority {
  /** The admin bearer token (put into the kubeconfig). */
  readonly adminToken: string;
  /** Mints a ServiceAccount token (TokenRequest). `now` is Unix milliseconds. */
  issue(sa: ServiceAccountRef, opts?: { expirationSeconds?: number; audiences?: string[]; now?: number }): IssuedToken;
  /** Authenticates any bearer token: the admin token or a ServiceAccount token. */
  authenticate(token: string, now?: number): TokenAuthentication;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** The user a ServiceAccount authenticates as, with Kubernetes' groups. */
export function serviceAccountUser(sa: ServiceAccountRef): UserInfo {
  return {
    username: serviceAccountUsername(sa.namespace, sa.name),
    uid: sa.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'],
  };
}

/** Creates a token authority; pass a secret and admin token to keep tokens valid across restarts. */
export function createTokenAuthority(opts: { secret?: Uint8Array; adminToken?: string } = {}): TokenAuthority {
  const secret = Buffer.from(opts.secret ?? randomBytes(32));
  const adminToken = opts.adminToken ?? randomBytes(24).toString('base64url');
  const sign = (input: string): string => createHmac('sha256', secret).update(input).digest('base64url');
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

  return {
    adminToken,
    issue(sa, o = {}) {
      const now = Math.floor((o.now ?? Date.now()) / 1000);
      const exp = now + (o.expirationSeconds ?? defaultTokenExpirationSeconds);
      const claims = {
        aud: o.audiences?.length ? o.audiences : [tokenIssuer],
        exp, iat: now, nbf: now,
        iss: tokenIssuer,
        jti: randomBytes(16).toString('hex'),
        'kubernetes.io': { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } },
        sub: serviceAccountUsername(sa.namespace, sa.name),
      };
      const body = `${header}.${b64url(JSON.stringify(claims))}`;
      return { token: `${body}.${sign(body)}`, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    },
    authenticate(token, nowMs) {
      if (safeEqual(token, adminToken)) return { ok: true, user: adminUser };
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== header) return { ok: false, reason: 'invalid' };
      if (!safeEqual(parts[2], sign(`${parts[0]}.${parts[1]}`))) return { ok: false, reason: 'invalid' };
      let claims: { exp?: number; aud?: string[]; 'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string } } };
      try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      const k = claims['kubernetes.io'];
      if (!k?.namespace || !k.serviceaccount?.name || typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
      if (Math.floor((nowMs ?? Date.now()) / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
      const sa: ServiceAccountClaims = {
        namespace: k.namespace, name: k.serviceaccount.name, uid: k.serviceaccount.uid ?? '',
        audiences: claims.aud ?? [], exp: claims.exp,
      };
      return { ok: true, user: serviceAccountUser(sa), serviceAccount: sa };
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
