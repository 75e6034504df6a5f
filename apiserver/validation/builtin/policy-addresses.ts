/**
 * Networks as NetworkPolicy ipBlocks read them (Go's "sloppy" CIDR parser, over the core
 * formats' address parser): enough to check a block and to test that an exception lies strictly
 * inside it.
 */
import { parseIp } from './core-formats.ts';

/** An address as a number of `bits` width (32 for IPv4, 128 for IPv6). */
export interface ParsedIP { bits: number; value: bigint }

/** A network: its masked address and prefix length. */
export interface ParsedCIDR { ip: ParsedIP; prefix: number }

/** ParseIPSloppy: the address, or undefined when the text is not an IP. */
export function parseIP(text: string): ParsedIP | undefined {
  const bytes = parseIp(text);
  if (!bytes) return undefined;
  return { bits: bytes.length * 8, value: bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n) };
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
  const hostBits = (1n << (width - BigInt(prefix))) - 1n;
  const mask = ((1n << width) - 1n) ^ hostBits;
  return { ip: { bits: ip.bits, value: ip.value & mask }, prefix };
}

/** Whether a network holds an address (same family and the same leading `prefix` bits). */
export function cidrContains(net: ParsedCIDR, ip: ParsedIP): boolean {
  if (net.ip.bits !== ip.bits) return false;
  const shift = BigInt(ip.bits - net.prefix);
  return (net.ip.value >> shift) === (ip.value >> shift);
}
