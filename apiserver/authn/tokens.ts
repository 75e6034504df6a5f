/**
 * Bearer-token authentication: the admin token, and ServiceAccount tokens minted by the
 * TokenRequest subresource. ServiceAccount tokens are HMAC-signed claims, so they need no storage
 * and stay valid across restarts that keep the signing key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../extensions.ts';

/** Claims of a ServiceAccount token. */
export interface ServiceAccountClaims {
  namespace: string;
  name: string;
  uid: string;
  exp: number;
}

/** The admin identity. */
export const ADMIN_USER: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

/**
 * Who a request without credentials on the plain-HTTP loopback listener acts as: Kubernetes' old
 * insecure port gave them this identity, and kubectl sends no credentials over plain HTTP.
 */
export const UNSECURED_USER: UserInfo = { username: 'system:unsecured', groups: ['system:masters', 'system:authenticated'] };

/** Issues and checks tokens. */
export class TokenAuthenticator {
  readonly adminToken: string;
  private readonly key: Buffer<ArrayBufferLike>;

  constructor(adminToken = randomBytes(24).toString('base64url'), signingKey: Buffer<ArrayBufferLike> = randomBytes(32)) {
    this.adminToken = adminToken;
    this.key = signingKey;
  }

  /** The signing key, for persisting alongside data. */
  get signingKey(): Buffer<ArrayBufferLike> {
    return this.key;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  /** Mints a token for a ServiceAccount. */
  issue(claims: ServiceAccountClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `sa.${payload}.${this.sign(payload)}`;
  }

  /** The claims of a valid ServiceAccount token. */
  verifyServiceAccount(token: string): ServiceAccountClaims | undefined {
    const [prefix, payload, sig] = token.split('.');
    if (prefix !== 'sa' || !payload || !sig) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ServiceAccountClaims;
      return claims.exp * 1000 > Date.now() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /** The user of an Authorization header; undefined when absent or invalid. */
  authenticate(authorization: string | undefined): UserInfo | undefined {
    if (!authorization?.startsWith('Bearer ')) return undefined;
    const token = authorization.slice(7).trim();
    if (token.length === this.adminToken.length && timingSafeEqual(Buffer.from(token), Buffer.from(this.adminToken))) return ADMIN_USER;
    const sa = this.verifyServiceAccount(token);
    if (!sa) return undefined;
    return {
      username: `system:serviceaccount:${sa.namespace}:${sa.name}`, uid: sa.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'],
    };
  }
}
