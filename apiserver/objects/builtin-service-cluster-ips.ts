/**
 * The cluster IP allocator of Services, over the service range kubeadm configures by default
 * (10.96.0.0/12, IPv4 only). Each IP is held by one service in the whole cluster, and IPs held
 * by writes still at their webhooks count as taken (builtin-service-reservations.ts). As in
 * Kubernetes' allocator, the network and broadcast addresses are never handed out, and automatic
 * allocation leaves the first addresses of the range to services that ask for one by IP, taking
 * them only once the rest is full.
 */
import { statusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Obj } from './builtin-pod-defaults.ts';
import { goStringSlice } from './builtin-immutability.ts';
import { parseIp } from '../validation/builtin/addresses.ts';
import { allocationsInUse, type AllocationScope } from './builtin-service-reservations.ts';

/** The service range, as Kubernetes names it in its errors. */
export const SERVICE_CIDR = '10.96.0.0/12';
const NETWORK = ipv4Number('10.96.0.0')!;
const PREFIX = 12;
/** Usable addresses: the range without its network and broadcast addresses. Offset 0 is network + 1. */
const USABLE = 2 ** (32 - PREFIX) - 2;
/** Addresses kept for requests, Kubernetes' min(max(16, size / 16), 256). */
const REQUESTED_BAND = Math.min(Math.max(16, 2 ** (32 - PREFIX) / 16), 256);
const TAKEN = 'provided IP is already allocated';

function ipv4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/**
 * An IPv4 address as Kubernetes reads a requested one (the sloppy parser: leading zeros are
 * decimal), as a number; undefined for anything else, which validation judges.
 */
function ipv4Number(ip: string): number | undefined {
  const bytes = parseIp(ip);
  return bytes?.length === 4 ? bytes.reduce((n, o) => n * 256 + o, 0) : undefined;
}

/** IPs in use, written canonically so that `10.96.0.050` and `10.96.0.50` are one address. */
function canonicalIPs(ips: Set<string>): Set<string> {
  return new Set([...ips].map((ip) => { const n = ipv4Number(ip); return n === undefined ? ip : ipv4Text(n); }));
}

const addressAt = (offset: number): string => ipv4Text(NETWORK + 1 + offset);

/** Where the next automatic allocation starts looking, in the band above the requested one. */
let nextOffset = REQUESTED_BAND;

/** The first free address from the cursor on, above the requested band first, then within it. */
function takeClusterIP(used: Set<string>): string | undefined {
  const upper = USABLE - REQUESTED_BAND;
  for (let i = 0; i < upper; i++) {
    const offset = REQUESTED_BAND + ((nextOffset - REQUESTED_BAND + i) % upper);
    const ip = addressAt(offset);
    if (!used.has(ip)) {
      nextOffset = offset + 1;
      return ip;
    }
  }
  for (let offset = 0; offset < REQUESTED_BAND; offset++) if (!used.has(addressAt(offset))) return addressAt(offset);
  return undefined;
}

/** Kubernetes reports a full range as an internal error (500). */
function rangeFull(): never {
  const text = 'failed to allocate a serviceIP: range is full';
  throw statusError('InternalError', { message: `Internal error occurred: ${text}`, causes: [{ message: text }] });
}

/** Why an IPv4 address cannot be had, or undefined when it is free. */
function refusal(address: number, used: Set<string>): string | undefined {
  const ip = ipv4Text(address);
  const offset = address - NETWORK - 1;
  if (offset < 0 || offset >= USABLE) return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
  return used.has(ip) ? TAKEN : undefined;
}

const nonEmpty = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

/**
 * The cluster IP of a service that needs one and is not headless. An empty one gets the next free
 * address; a requested one (`checkRequested`: on create, or an update that gives the service its
 * first cluster IP) must be in the range and held by no other service nor write in flight, or the
 * write is refused as Kubernetes refuses it: 422 on `spec.clusterIPs`. Values validation refuses
 * anyway (not an IPv4 address, clusterIPs not led by clusterIP) are left to it, as Kubernetes
 * validates them before allocating. `self` is the service an update writes: its own IPs are not
 * taken.
 */
export function assignClusterIP(spec: Obj, scope: AllocationScope, self: KubeObject | undefined, checkRequested: boolean): StatusCause[] {
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  if (!clusterIP && nonEmpty(spec.clusterIPs)) return [];
  if (clusterIP === 'None') {
    if (!nonEmpty(spec.clusterIPs)) spec.clusterIPs = ['None'];
    return [];
  }
  // A dry run checks a requested IP against the range only and answers the network address for an
  // automatic one, as Kubernetes' dry-run allocator does rather than race for a free value.
  const used = scope.dryRun ? new Set<string>() : canonicalIPs(allocationsInUse(scope.ctx, self).clusterIPs);
  if (!clusterIP) {
    const ip = scope.dryRun ? ipv4Text(NETWORK) : takeClusterIP(used) ?? rangeFull();
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
    return [];
  }
  const ips = nonEmpty(spec.clusterIPs) ? spec.clusterIPs : (spec.clusterIPs = [clusterIP]);
  const address = ipv4Number(clusterIP);
  if (!checkRequested || ips[0] !== clusterIP || address === undefined) return [];
  const detail = refusal(address, used);
  if (!detail) return [];
  return [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ${goStringSlice(ips)}: failed to allocate IP ${clusterIP}: ${detail}` }];
}
