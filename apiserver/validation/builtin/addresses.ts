/**
 * IP addresses and networks as Kubernetes reads them (Go's "sloppy" parsers, which allow leading
 * zeros in IPv4 octets), with its messages: valid IPs and CIDRs, the special ranges endpoints may
 * not use, NetworkPolicy exceptions lying inside their block, and load-balancer status entries.
 */
import { isIP } from 'node:net';
import { childPath, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import { arrayOf, objectOf, stringOf } from './readers.ts';

/** The bytes of an address Go's sloppy parser accepts (IPv4 as 4 bytes, IPv6 as 16), or undefined. */
export function parseIp(value: string): number[] | undefined {
  // Kubernetes' legacy parser tolerates leading zeros in IPv4 octets ("010.0.0.1" is 10.0.0.1).
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? octets : undefined;
  }
  if (isIP(value) !== 6) return undefined;
  return ipv6Bytes(value);
}

function ipv6Bytes(value: string): number[] {
  let text = value;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = `${text.slice(0, -dotted[1]!.length)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(rest);
  const words = rest === undefined ? front : [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 bytes an address stands for (an IPv4-mapped IPv6 address counts as IPv4, as in Go). */
function asIpv4(bytes: number[]): number[] | undefined {
  if (bytes.length === 4) return bytes;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : undefined;
}

/** validation.IsValidIP as one field error list. */
export function ipErrors(path: string, value: string): FieldError[] {
  return parseIp(value) ? [] : [invalidError(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** validation.IsValidCIDR as one field error list. */
export function cidrErrors(path: string, value: string): FieldError[] {
  const slash = value.lastIndexOf('/');
  const bytes = slash > 0 ? parseIp(value.slice(0, slash)) : undefined;
  const bits = slash > 0 ? value.slice(slash + 1) : '';
  const max = bytes?.length === 4 ? 32 : 128;
  const ok = bytes !== undefined && /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  return ok ? [] : [invalidError(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/**
 * ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or link-local
 * addresses, which mean something else on every node.
 */
export function nonSpecialIpErrors(path: string, value: string): FieldError[] {
  const bytes = parseIp(value);
  if (!bytes) return [invalidError(path, value, 'must be a valid IP address')];
  const v4 = asIpv4(bytes);
  const errs: FieldError[] = [];
  const unspecified = (v4 ?? bytes).every((b) => b === 0);
  const loopback = v4 ? v4[0] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
  const linkLocalUnicast = v4 ? v4[0] === 169 && v4[1] === 254 : bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : bytes[0] === 0xff && (bytes[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalidError(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalidError(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocalUnicast) errs.push(invalidError(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalidError(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

/** An address as a number `bits` wide (32 for IPv4, 128 for IPv6). */
interface IpValue { bits: number; value: bigint }

/** A network: its masked address and prefix length. */
export interface ParsedCIDR { ip: IpValue; prefix: number }

function ipValue(text: string): IpValue | undefined {
  const bytes = parseIp(text);
  if (!bytes) return undefined;
  return { bits: bytes.length * 8, value: bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n) };
}

/** ParseCIDRSloppy: the network (address masked to the prefix), or undefined when invalid. */
export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = ipValue(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > ip.bits) return undefined;
  const width = BigInt(ip.bits);
  const hostBits = (1n << (width - BigInt(prefix))) - 1n;
  const mask = ((1n << width) - 1n) ^ hostBits;
  return { ip: { bits: ip.bits, value: ip.value & mask }, prefix };
}

/** Whether a network holds an address (same family and the same leading `prefix` bits). */
export function cidrContains(net: ParsedCIDR, ip: IpValue): boolean {
  if (net.ip.bits !== ip.bits) return false;
  const shift = BigInt(ip.bits - net.prefix);
  return (net.ip.value >> shift) === (ip.value >> shift);
}

const IP_MODES = ['Proxy', 'VIP'];

/**
 * The `ingress` entries of a load-balancer status (Services and Ingresses report the same shape):
 * IPs are addresses, host names are DNS names and not addresses, and an IP mode needs an IP.
 */
export function loadBalancerIngressErrors(entries: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arrayOf(entries).forEach((raw, i) => {
    const entry = objectOf(raw) ?? {};
    const at = indexPath(path, i);
    const ip = stringOf(entry.ip);
    if (ip && !parseIp(ip)) errs.push(invalidError(childPath(at, 'ip'), ip, 'must be a valid IP address'));
    if (typeof entry.ipMode === 'string') {
      if (!ip) errs.push(forbiddenError(childPath(at, 'ipMode'), 'may not be specified when `ip` is not set'));
      else if (!IP_MODES.includes(entry.ipMode)) errs.push(notSupportedError(childPath(at, 'ipMode'), entry.ipMode, IP_MODES));
    }
    const hostname = stringOf(entry.hostname);
    if (hostname) {
      errs.push(...invalidErrors(childPath(at, 'hostname'), hostname, dns1123SubdomainErrors(hostname)));
      if (parseIp(hostname)) errs.push(invalidError(childPath(at, 'hostname'), hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
