/**
 * Values printed as Kubernetes' field errors print them: Go's `%#v` of the internal types a bad
 * value has (IntOrString, string maps and slices, quantities, event references), and time.Time's
 * String. A refusal then reads exactly as a cluster's would. The printers the update strategies
 * share (quoted strings, string slices, label selectors) are re-exported from there.
 */
import { canonicalQuantity } from '../../table/quantity.ts';
import type { GoLiteral } from '../field-errors.ts';
import { goQuote } from '../../objects/builtin-immutability.ts';
import { objectOf, stringOf } from './readers.ts';

export { goLabelSelector, goQuote, goStringSlice } from '../../objects/builtin-immutability.ts';

const quoted = (v: unknown): string => JSON.stringify(stringOf(v));

/** An intstr.IntOrString: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`. */
export function goIntOrString(v: unknown): GoLiteral {
  if (typeof v === 'string') return { goLiteral: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}` };
  return { goLiteral: `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}` };
}

/** A `map[string]string`: keys sorted, `nil` when absent. */
export function goStringMap(v: unknown): GoLiteral {
  const map = objectOf(v);
  if (!map) return { goLiteral: 'map[string]string(nil)' };
  const entries = Object.keys(map).sort().map((k) => `${goQuote(k)}:${goQuote(map[k])}`);
  return { goLiteral: `map[string]string{${entries.join(', ')}}` };
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
export function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** A metav1.Time or MicroTime as Go's time.Time String prints it; absent is the zero time. */
export function goTime(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(v) : null;
  if (!m) return '0001-01-01 00:00:00 +0000 UTC';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const zone = m[4] === 'Z' ? '+0000 UTC' : `${m[4]!.replace(':', '')} ${m[4]!.replace(':', '')}`;
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} ${zone}`;
}

/** A field of a core Event of Go type `goType` (`null` for a nil reference pointer). */
export function goEventField(v: unknown, goType: string): string {
  if (goType === 'string') return quoted(v);
  if (goType === 'int') return String(typeof v === 'number' ? v : 0);
  const o = objectOf(v);
  if (goType === 'EventSource') return `core.EventSource{Component:${quoted(o?.component)}, Host:${quoted(o?.host)}}`;
  if (goType === '*ObjectReference' && !o) return 'null';
  return `core.ObjectReference{Kind:${quoted(o?.kind)}, Namespace:${quoted(o?.namespace)}, Name:${quoted(o?.name)}, UID:${quoted(o?.uid)}, APIVersion:${quoted(o?.apiVersion)}, ResourceVersion:${quoted(o?.resourceVersion)}, FieldPath:${quoted(o?.fieldPath)}}`;
}

/** Quantity suffixes: the base and the exponent of that base they stand for. */
const SUFFIX_EXPONENT: Record<string, [number, number]> = {
  '': [10, 0], n: [10, -9], u: [10, -6], m: [10, -3], k: [10, 3], M: [10, 6], G: [10, 9], T: [10, 12], P: [10, 15], E: [10, 18],
  Ki: [2, 10], Mi: [2, 20], Gi: [2, 30], Ti: [2, 40], Pi: [2, 50], Ei: [2, 60],
};
const MAX_INT64 = (1n << 63n) - 1n;

/**
 * A quantity as Go's `%#v` prints it: the int64 mantissa and scale its parser keeps when the text
 * fits, the canonical text when the quantity was printed before (`withText`) or is already in
 * canonical form, and its format. Quantities too precise for an int64 print as Kubernetes' decimal
 * form does, behind a pointer whose address varies in Kubernetes too.
 */
export function goQuantity(text: string, withText: boolean): string {
  const m = /^([+-]?)0*(\d*)(?:\.(\d*))?(.*)$/.exec(text.trim());
  const canonical = canonicalQuantity(text);
  let value = 0n;
  let scale = 0;
  let cached = withText || text === '0' ? canonical : '';
  let decimalPointer = false;
  let format = 'DecimalSI';
  if (m && text !== '0') {
    const [, sign, whole, fraction = '', suffix = ''] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const num = whole || '0';
    let base = 10;
    let exponent: number;
    if (SUFFIX_EXPONENT[suffix]) [base, exponent] = SUFFIX_EXPONENT[suffix]!;
    else { exponent = Number(suffix.slice(1)); format = 'DecimalExponent'; }
    if (base === 2) format = 'BinarySI';
    const precision = base === 2 ? (fraction ? -1 : 15 - num.length - Math.trunc(exponent * 3 / 10) - 1) : 18 - (num.length + fraction.length);
    scale = base === 2 ? 0 : exponent - fraction.length;
    const shifted = num + fraction;
    const mantissa = base === 2 ? 1n << BigInt(exponent) : 1n;
    const result = BigInt(shifted) * mantissa;
    if (precision >= 0 && scale >= -9 && result <= MAX_INT64) {
      value = sign === '-' ? -result : result;
      const inCanonicalForm = base === 2 ? exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
      if (inCanonicalForm) cached = text;
    } else {
      decimalPointer = true;
      scale = 0;
    }
  }
  const dec = decimalPointer ? '(*inf.Dec)(0xc000200000)' : '(*inf.Dec)(nil)';
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:${dec}}, s:${JSON.stringify(cached)}, Format:${JSON.stringify(format)}}`;
}
