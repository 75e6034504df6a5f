import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenAuthority, adminUser } from '../../apiserver/auth/index.ts';

const sa = { namespace: 'team', name: 'builder', uid: '1234-uid' };

test('the admin token authenticates as a system:masters member', () => {
  const auth = createTokenAuthority({ adminToken: 'fixed-admin' });
  assert.equal(auth.adminToken, 'fixed-admin');
  assert.deepEqual(auth.authenticate('fixed-admin'), { ok: true, user: adminUser });
  assert.ok(adminUser.groups.includes('system:masters'));
  assert.deepEqual(auth.authenticate('fixed-admiN'), { ok: false, reason: 'invalid' });
  assert.ok(createTokenAuthority().adminToken.length >= 24, 'a random admin token by default');
});

test('ServiceAccount tokens are JWTs carrying namespace, name, uid and expiry', () => {
  const auth = createTokenAuthority();
  const now = Date.UTC(2025, 0, 1, 0, 0, 0);
  const issued = auth.issue(sa, { expirationSeconds: 7200, audiences: ['api'], now });
  assert.equal(issued.expirationTimestamp, '2025-01-01T02:00:00Z');
  const [, payload] = issued.token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(claims.sub, 'system:serviceaccount:team:builder');
  assert.deepEqual(claims['kubernetes.io'], { namespace: 'team', serviceaccount: { name: 'builder', uid: '1234-uid' } });
  assert.deepEqual(claims.aud, ['api']);
  const result = auth.authenticate(issued.token, now + 1000);
  assert.ok(result.ok);
  assert.deepEqual(result.user, {
    username: 'system:serviceaccount:team:builder', uid: '1234-uid',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
  });
  assert.deepEqual(result.serviceAccount, { ...sa, audiences: ['api'], exp: now / 1000 + 7200 });
  assert.deepEqual(auth.authenticate(issued.token, now + 7200 * 1000), { ok: false, reason: 'expired' });
});

test('tokens from another authority or tampered tokens are rejected; a shared secret survives restarts', () => {
  const secret = Buffer.alloc(32, 7);
  const a = createTokenAuthority({ secret });
  const token = a.issue(sa).token;
  assert.equal(createTokenAuthority().authenticate(token).ok, false);
  assert.equal(createTokenAuthority({ secret }).authenticate(token).ok, true);
  const [h, p, s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'x', 'kubernetes.io': { namespace: 'kube-system', serviceaccount: { name: 'admin' } } })).toString('base64url');
  assert.deepEqual(a.authenticate(`${h}.${forged}.${s}`), { ok: false, reason: 'invalid' });
  assert.deepEqual(a.authenticate('not-a-token'), { ok: false, reason: 'invalid' });
});
