/**
 * Resource lists as quota arithmetic sees them: named quantities held exactly (in nano units, the
 * precision Kubernetes keeps), summed with Kubernetes' rule for the format of a sum (a zero takes
 * the format of what is added to it) and printed canonically.
 */
import { formatQuantity, parseQuantity, type QuantityFormat } from '../table/quantity.ts';

/** An exact quantity: value × 10⁻⁹ and the format it prints in. */
export interface Amount {
  nanos: bigint;
  format: QuantityFormat;
}

/** Quantities by resource name (`pods`, `requests.cpu`, `count/widgets.example.com`, ...). */
export type ResourceList = Map<string, Amount>;

const NANO = 1_000_000_000n;

/** A zero that prints as `0` and takes the format of the first amount added to it. */
export const ZERO: Amount = { nanos: 0n, format: 'DecimalSI' };

/** A whole count, as Kubernetes' NewQuantity(n, DecimalSI). */
export function count(n: number): Amount {
  return { nanos: BigInt(n) * NANO, format: 'DecimalSI' };
}

/** The amount a quantity's text stands for (finer than nano rounds up); undefined if unparsable. */
export function amountOf(value: unknown): Amount | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const p = parseQuantity(String(value));
  if (!p) return undefined;
  const scaled = p.num * NANO;
  const den = 10n ** BigInt(p.scale);
  const nanos = (scaled + den - 1n) / den;
  return { nanos: p.negative ? -nanos : nanos, format: p.format };
}

/** The canonical text of an amount. */
export function formatAmount(a: Amount): string {
  const negative = a.nanos < 0n;
  return formatQuantity({ negative, num: negative ? -a.nanos : a.nanos, scale: 9, format: a.format });
}

/** a + b, in a's format unless a is zero. */
export function addAmounts(a: Amount, b: Amount): Amount {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** The amount rounded up to a whole number (storage requests are charged in whole bytes). */
export function roundUpWhole(a: Amount): Amount {
  const rest = ((a.nanos % NANO) + NANO) % NANO;
  return rest === 0n ? a : { nanos: a.nanos + NANO - rest, format: a.format };
}

/** A resource list read from an object's map of quantity strings; unparsable entries are skipped. */
export function listFrom(map: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (!map || typeof map !== 'object') return out;
  for (const [name, value] of Object.entries(map)) {
    const a = amountOf(value);
    if (a) out.set(name, a);
  }
  return out;
}

/** The JSON map of a resource list, keys sorted as Kubernetes serializes maps. */
export function listToJson(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...list.keys()].sort()) out[name] = formatAmount(list.get(name)!);
  return out;
}

/** Adds b into a copy of a (names only in b are copied). */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out = new Map(a);
  for (const [name, v] of b) {
    const cur = out.get(name);
    out.set(name, cur ? addAmounts(cur, v) : v);
  }
  return out;
}

/** Keeps, for every name in b, the larger of a's and b's amount (b's when a lacks it). */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out = new Map(a);
  for (const [name, v] of b) {
    const cur = out.get(name);
    if (!cur || v.nanos > cur.nanos) out.set(name, v);
  }
  return out;
}

/** The entries of a whose names are in names. */
export function maskList(a: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = new Map();
  for (const name of names) {
    const v = a.get(name);
    if (v) out.set(name, v);
  }
  return out;
}

/** True when both lists hold the same names with equal values. */
export function sameLists(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [name, v] of a) if (b.get(name)?.nanos !== v.nanos) return false;
  return true;
}

/** `name=value` pairs sorted by name and joined by commas, as quota errors print lists. */
export function prettyList(list: ResourceList): string {
  return [...list.keys()].sort().map((name) => `${name}=${formatAmount(list.get(name)!)}`).join(',');
}
