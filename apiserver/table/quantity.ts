/**
 * Canonical text of a resource.Quantity, as Kubernetes prints quantities it has decoded:
 * `1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`, `0.5` → `500m`, `2000` → `2k`, `1e3` → `1e3`.
 * Decimal forms use an exponent that is a multiple of three with an integer mantissa; binary
 * forms below 1024, or not whole, fall back to decimal; precision stops at nano (rounded up).
 */

const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));

/** How a quantity prints: binary suffixes, decimal suffixes, or a decimal exponent. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
type Format = QuantityFormat;

/** A non-negative value num / 10^scale with its sign and the format its suffix implied. */
export interface ParsedQuantity {
  negative: boolean;
  num: bigint;
  scale: number;
  format: Format;
}
type Parsed = ParsedQuantity;

function parse(text: string): Parsed | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(text.trim());
  if (!m) return undefined;
  const [, sign, number, suffix] = m as unknown as [string, string, string, string];
  const [whole, fraction = ''] = number.split('.');
  let num = BigInt((whole || '0') + fraction);
  let scale = fraction.length;
  let format: Format;
  const binary = BINARY.indexOf(suffix);
  if (suffix !== '' && binary > 0) {
    format = 'BinarySI';
    num *= 1n << BigInt(10 * binary);
  } else if (Object.hasOwn(DECIMAL, suffix)) {
    format = 'DecimalSI';
    scale -= DECIMAL[suffix]!;
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale -= Number(suffix.slice(1));
  } else {
    return undefined;
  }
  if (scale < 0) { num *= 10n ** BigInt(-scale); scale = 0; }
  return { negative: sign === '-', num, scale, format };
}

function decimal(p: Parsed, format: Format): string {
  let { num, scale } = p;
  // Kubernetes keeps nano precision and rounds anything finer up.
  if (scale > 9) {
    const div = 10n ** BigInt(scale - 9);
    num = (num + div - 1n) / div;
    scale = 9;
  }
  let exponent = -scale;
  while (num !== 0n && num % 10n === 0n) { num /= 10n; exponent++; }
  const aligned = Math.floor(exponent / 3) * 3;
  num *= 10n ** BigInt(exponent - aligned);
  const suffix = format === 'DecimalSI' && DECIMAL_BY_EXPONENT.has(aligned) ? DECIMAL_BY_EXPONENT.get(aligned)! : aligned === 0 ? '' : `e${aligned}`;
  return `${p.negative ? '-' : ''}${num}${suffix}`;
}

/** The exact value of a quantity's text, or undefined when it is not a quantity. */
export function parseQuantity(text: string): ParsedQuantity | undefined {
  return parse(text);
}

/** The canonical form of a quantity; anything unparsable is returned as given. */
export function canonicalQuantity(value: unknown): string {
  const text = String(value ?? '');
  const p = parse(text);
  return p ? formatQuantity(p) : text;
}

/** The canonical text of an exact value in its format, as Kubernetes prints a computed quantity. */
export function formatQuantity(p: ParsedQuantity): string {
  if (p.num === 0n) return '0';
  if (p.format === 'BinarySI') {
    const den = 10n ** BigInt(p.scale);
    const whole = p.num % den === 0n;
    if (whole && p.num / den >= 1024n) {
      let n = p.num / den;
      let power = 0;
      while (power < BINARY.length - 1 && n % 1024n === 0n) { n /= 1024n; power++; }
      return `${p.negative ? '-' : ''}${n}${BINARY[power]}`;
    }
    return decimal(p, 'DecimalSI');
  }
  return decimal(p, p.format);
}
