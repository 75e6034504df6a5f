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
