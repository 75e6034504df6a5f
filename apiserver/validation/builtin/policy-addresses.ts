/**
 * IP addresses and CIDRs read the way Kubernetes' legacy fields read them (Go's parser in its
 * "sloppy" form, which takes IPv4 octets with leading zeros as decimal): enough to tell an IP
 * from a host name, to check a NetworkPolicy ipBlock and to test that one block lies inside another.
 */
import { isIPv6 } from 'node:net';

/** An address as a number of `bits` width (32 for IPv4, 128 for IPv6). */
export interface ParsedIP { bits: 32 | 128; value: bigint }

/** A network: its masked address and prefix length. */
export interface ParsedCIDR { ip: ParsedIP; prefix: number }

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let groups: string[];
  let tail: bigint | undefined;
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    body = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - rest.length;
  groups = [...head, ...Array<string>(halves.length > 1 ? fill : 0).fill('0'), ...rest];
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g || '0', 16));
  if (tail !== undefined) value = (value & ~0xffffffffn) | tail;
  return value;
}

/** ParseIPSloppy: the address, or undefined when the text is not an IP. */
export function parseIP(text: string): ParsedIP | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

/** ParseCIDRSloppy: the network (address masked to the prefix), or undefined when invalid. */
export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > ip.bits) return undefined;
  const width = BigInt(ip.bits);
  const mask = prefix === 0 ? 0n : ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
  return { ip: { bits: ip.bits, value: ip.value & mask }, prefix };
}

/** Whether a network holds an address (same family and the same leading `prefix` bits). */
export function cidrContains(net: ParsedCIDR, ip: ParsedIP): boolean {
  if (net.ip.bits !== ip.bits) return false;
  const shift = BigInt(ip.bits - net.prefix);
  return (net.ip.value >> shift) === (ip.value >> shift);
}
