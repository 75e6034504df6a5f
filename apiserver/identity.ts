/**
 * The server's credentials: CA, serving certificate, admin token and token-signing key. With a
 * data directory they are kept there, so clients' kubeconfigs survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServingCertificates, type CertificatePair, type ServingCertificates } from './tls/cert.ts';

/** Everything needed to serve and to authenticate. */
export interface ServerIdentity {
  certs: ServingCertificates;
  adminToken: string;
  signingKey: Buffer;
}

const FILE = 'identity.json';

/** Loads the identity from `dataDir`, or creates one (and saves it when a directory is given). */
export function loadIdentity(dataDir?: string): ServerIdentity {
  const path = dataDir ? join(dataDir, FILE) : undefined;
  if (path && existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { ca: CertificatePair; adminToken: string; signingKey: string };
    return { certs: createServingCertificates(saved.ca), adminToken: saved.adminToken, signingKey: Buffer.from(saved.signingKey, 'base64') };
  }
  const identity = { certs: createServingCertificates(), adminToken: randomBytes(24).toString('base64url'), signingKey: randomBytes(32) };
  if (path) {
    writeFileSync(path, JSON.stringify({ ca: identity.certs.ca, adminToken: identity.adminToken, signingKey: identity.signingKey.toString('base64') }), { mode: 0o600 });
  }
  return identity;
}
