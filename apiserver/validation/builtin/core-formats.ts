/**
 * Value formats core kinds share, with Kubernetes' messages: port numbers and IANA service names,
 * ConfigMap/Secret keys, IP addresses and CIDRs (and the special ranges endpoints may not use),
 * and label maps such as a Service selector.
 */
import { isIP } from 'node:net';
import { invalidError, type FieldError } from '../field-errors.ts';
import { labelValueErrors, qualifiedNameErrors } from '../names.ts';

/** A JSON object field read loosely: objects only, anything else reads as absent. */
export type Obj = Record<string, unknown>;

/** The object at v, or undefined when v is not a JSON object. */
export function objectOf(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The elements of a JSON array (empty when v is not one). */
export function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string field, or '' when absent or not a string (Go's zero value). */
export function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Messages for a port number (validation.IsValidPortNum). */
export function portNumberErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** Messages for an IANA_SVC_NAME, the form a named target port takes (validation.IsValidPortName). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Messages for a ConfigMap or Secret key, which becomes a file name when mounted. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(`a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
  }
  if (key === '.') errs.push(`must not be '.'`);
  else if (key === '..') errs.push(`must not be '..'`);
  else if (key.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

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

const QUALIFIED_NAME_PART_PATTERN = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;

/**
 * IsQualifiedName's messages. Kubernetes tests the name part's pattern even when the part is
 * empty, so an empty name part gets both messages.
 */
export function qualifiedNameMessages(value: string): string[] {
  return qualifiedNameErrors(value).flatMap((msg) => (msg === 'name part must be non-empty' ? [msg, QUALIFIED_NAME_PART_PATTERN] : [msg]));
}

/** ValidateLabels: every key a qualified name, every value a label value; errors sit on the map's path. */
export function labelMapErrors(labels: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels).sort()) {
    for (const msg of qualifiedNameMessages(key)) errs.push(invalidError(path, key, msg));
    const value = stringOf(labels[key]);
    for (const msg of labelValueErrors(value)) errs.push(invalidError(path, value, msg));
  }
  return errs;
}
