/**
 * Self-signed certificate authority and serving certificate for local servers (the API server, the
 * webhook server). ECDSA P-256 keeps generation to a few milliseconds, so every server can mint
 * its own without caching. Pure computation: nothing is read or written.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
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

/** Names of the minted certificates. */
export interface CertificateNames {
  /** Common name of the CA (default `tsop-apiserver-ca`). */
  caName?: string;
  /** Common name of the serving certificate (default `tsop-apiserver`). */
  serverName?: string;
  /** Extra DNS names the serving certificate is valid for (besides localhost, 127.0.0.1 and ::1). */
  dnsNames?: string[];
  /** Extra IPv4 addresses the serving certificate is valid for. */
  ipAddresses?: string[];
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
  dnsNames: string[];
  ipAddresses: string[];
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
    const dns = ['localhost', ...spec.dnsNames].map((n) => implicit(2, Buffer.from(n, 'ascii')));
    const ips = ['127.0.0.1', ...spec.ipAddresses].map((ip) => implicit(7, Buffer.from(ip.split('.').map(Number))));
    const san = seq(...dns, ...ips, implicit(7, ipv6Loopback()));
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

/** The common name of an existing CA: the issuer name of what it signs must match it exactly. */
function issuerName(ca: CertificatePair): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(new X509Certificate(ca.certPem).subject);
  return cn?.[1] ?? 'tsop-apiserver-ca';
}

function newKey(): { privateKey: KeyObject; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

/** Mints a CA and a serving certificate for 127.0.0.1, ::1 and localhost, or re-signs with an existing CA. */
export function createServingCertificates(existingCa?: CertificatePair, names: CertificateNames = {}): ServingCertificates {
  const caName = names.caName ?? 'tsop-apiserver-ca';
  const serverName = names.serverName ?? 'tsop-apiserver';
  const sans = { dnsNames: names.dnsNames ?? [], ipAddresses: (names.ipAddresses ?? []).filter((ip) => ip !== '127.0.0.1') };
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
    const caDer = buildCertificate({ subject: caName, issuer: caName, publicSpki: ca.spki, issuerSpki: ca.spki, signer: ca.privateKey, isCa: true, ...sans });
    caPair = { certPem: pem('CERTIFICATE', caDer), keyPem: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  const srv = newKey();
  const srvDer = buildCertificate({ subject: serverName, issuer: existingCa ? issuerName(existingCa) : caName, publicSpki: srv.spki, issuerSpki: caPub, signer: caKey, isCa: false, ...sans });
  return {
    ca: caPair,
    server: { certPem: pem('CERTIFICATE', srvDer), keyPem: srv.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  };
}
