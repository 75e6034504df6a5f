/**
 * Self-signed certificate authority and serving certificate for the local API server. ECDSA P-256
 * keeps generation to a few milliseconds, so every server can mint its own without caching.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bitString, bool, explicit, implicit, int, octets, oid, seq, set, time, uint, utf8 } from './der.ts';

/** A PEM certificate with its PEM private key. */
export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

/** The CA and the serving certificate it signed. */
export interface ServingCertificates {
  ca: CertificatePair;
  server: CertificatePair;
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function name(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function keyId(spki: Buffer): Buffer {
  return createHash('sha1').update(spki).digest();
}

function ipv6Loopback(): Buffer {
  const b = Buffer.alloc(16);
  b[15] = 1;
  return b;
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

interface CertSpec {
  subject: string;
  issuer: string;
  publicSpki: Buffer;
  issuerSpki: Buffer;
  signer: KeyObject;
  isCa: boolean;
}

function buildCertificate(spec: CertSpec): Buffer {
  const now = Date.now();
  const exts: Buffer[] = [
    extension('2.5.29.19', true, spec.isCa ? seq(bool(true)) : seq()),
    // keyUsage: keyCertSign|cRLSign for the CA, digitalSignature for the server.
    extension('2.5.29.15', true, spec.isCa ? Buffer.from([0x03, 0x02, 0x01, 0x06]) : Buffer.from([0x03, 0x02, 0x07, 0x80])),
    extension('2.5.29.14', false, octets(keyId(spec.publicSpki))),
  ];
  if (!spec.isCa) {
    exts.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
    exts.push(extension('2.5.29.35', false, seq(implicit(0, keyId(spec.issuerSpki)))));
    const san = seq(implicit(2, Buffer.from('localhost')), implicit(7, Buffer.from([127, 0, 0, 1])), implicit(7, ipv6Loopback()));
    exts.push(extension('2.5.29.17', false, san));
  }
  const tbs = seq(
    explicit(0, int(2)),
    uint(randomBytes(16)),
    ECDSA_SHA256,
    name(spec.issuer),
    seq(time(new Date(now - 3600_000)), time(new Date(now + 10 * 365 * 86400_000))),
    name(spec.subject),
    spec.publicSpki,
    explicit(3, seq(...exts)),
  );
  const signature = sign('sha256', tbs, { key: spec.signer, dsaEncoding: 'der' });
  return seq(tbs, ECDSA_SHA256, bitString(signature));
}

function newKey(): { privateKey: KeyObject; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

/** Mints a CA and a serving certificate for 127.0.0.1, ::1 and localhost, or re-signs with an existing CA. */
export function createServingCertificates(existingCa?: CertificatePair): ServingCertificates {
  let caPair: CertificatePair;
  let caKey: KeyObject;
  let caPub: Buffer;
  if (existingCa) {
    caPair = existingCa;
    caKey = createPrivateKey(existingCa.keyPem);
    caPub = createPublicKey(caKey).export({ type: 'spki', format: 'der' });
  } else {
    const ca = newKey();
    caKey = ca.privateKey;
    caPub = ca.spki;
    const caDer = buildCertificate({ subject: 'tsop-apiserver-ca', issuer: 'tsop-apiserver-ca', publicSpki: ca.spki, issuerSpki: ca.spki, signer: ca.privateKey, isCa: true });
    caPair = { certPem: pem('CERTIFICATE', caDer), keyPem: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  const srv = newKey();
  const srvDer = buildCertificate({ subject: 'tsop-apiserver', issuer: 'tsop-apiserver-ca', publicSpki: srv.spki, issuerSpki: caPub, signer: caKey, isCa: false });
  return {
    ca: caPair,
    server: { certPem: pem('CERTIFICATE', srvDer), keyPem: srv.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  };
}
