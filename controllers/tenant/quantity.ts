/**
 * Just enough of Kubernetes resource quantities to validate a spec before it reaches the API and
 * to compare a request with its limit.
 */

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

const suffixFactor: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a non-negative quantity such as "250m" or "1Gi", or undefined when malformed. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const base = Number(m[1]);
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  return base * suffixFactor[suffix]!;
}

const decimalExponent: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binaryShift: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * The exact value of a quantity in nano-units, rounded up as the API server rounds what it decodes
 * ("1.0000000001" is stored as 1000000001n), or undefined when malformed. Comparisons of a request
 * with its limit must use this: doubles call values equal that the API server tells apart.
 */
export function quantityNanos(text: string): bigint | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [whole = '', fraction = ''] = m[1]!.split('.');
  const suffix = m[2] ?? '';
  let num = BigInt((whole || '0') + fraction);
  let exponent = -fraction.length + 9;
  if (suffix in binaryShift) num <<= BigInt(binaryShift[suffix]!);
  // A clamped exponent keeps a hostile "1e999999" from stalling the reconciler on a huge power of ten.
  else if (/^[eE]/.test(suffix)) exponent += Math.max(-1000, Math.min(1000, Number(suffix.slice(1))));
  else exponent += decimalExponent[suffix]!;
  if (exponent >= 0) return num * 10n ** BigInt(exponent);
  const div = 10n ** BigInt(-exponent);
  return (num + div - 1n) / div;
}

/** Whether quantity `a` is larger than `b`; false when either is malformed. */
export function quantityExceeds(a: string, b: string): boolean {
  const x = quantityNanos(a);
  const y = quantityNanos(b);
  return x !== undefined && y !== undefined && x > y;
}

/**
 * A byte quantity in redis.conf notation: binary suffixes become kb/mb/gb, decimal ones k/m/g
 * (Redis reads "1mb" as 2^20 and "1m" as 10^6, the same split Kubernetes makes).
 */
export function redisMemory(quantity: string): string | undefined {
  const m = /^(\d+)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity);
  if (!m) {
    const bytes = parseQuantity(quantity);
    return bytes === undefined ? undefined : String(Math.floor(bytes));
  }
  const unit: Record<string, string> = { Ki: 'kb', Mi: 'mb', Gi: 'gb', k: 'k', M: 'm', G: 'g' };
  return m[2] ? `${m[1]}${unit[m[2]]}` : m[1];
}
