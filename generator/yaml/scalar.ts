/**
 * Scalar style decisions of yaml.v2: whether a string may be written plain (it would read back
 * as the same string under YAML 1.1 resolution), and which styles the emitter's analysis of the
 * characters allows.
 */

const RESERVED_PLAIN = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** Go strconv.ParseFloat on text that starts with a dot. */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

/** Go strconv.ParseInt/ParseUint with base 0, after underscores were removed. */
function parsesAsGoInt(s: string): boolean {
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  if (body === '') return false;
  let digits: string;
  let radix: number;
  if (/^0[xX]/.test(body)) { digits = body.slice(2); radix = 16; }
  else if (/^0[oO]/.test(body)) { digits = body.slice(2); radix = 8; }
  else if (/^0[bB]/.test(body)) { digits = body.slice(2); radix = 2; }
  else if (body.length > 1 && body.startsWith('0')) { digits = body.slice(1); radix = 8; }
  else { digits = body; radix = 10; }
  const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/, 10: /^[0-9]+$/ }[radix as 16 | 8 | 2 | 10];
  if (!valid.test(digits)) return false;
  const value = BigInt(radix === 10 ? digits : (radix === 16 ? '0x' : radix === 8 ? '0o' : '0b') + digits);
  const negative = s.startsWith('-');
  // ParseInt covers [-2^63, 2^63); ParseUint additionally accepts unsigned values up to 2^64-1.
  if (negative) return value <= 2n ** 63n;
  return value < 2n ** 64n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** yaml.v2 parseTimestamp: the four layouts it accepts, with Go's range checks on date parts. */
function parsesAsTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?))?$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const hh = m[5] ?? m[10];
  if (hh !== undefined) {
    const mm = m[6] ?? m[11];
    const ss = m[7] ?? m[12];
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return false;
  }
  return true;
}

/** True when yaml.v2 would read the plain scalar `s` back as a string. */
export function resolvesToString(s: string): boolean {
  if (RESERVED_PLAIN.has(s)) return false;
  const c = s[0]!;
  const signOrDigit = c === '+' || c === '-' || (c >= '0' && c <= '9');
  if (c === '.') return !DOT_FLOAT.test(s);
  if (!signOrDigit) return true;
  if (parsesAsTimestamp(s)) return false;
  const plain = s.replaceAll('_', '');
  if (parsesAsGoInt(plain)) return false;
  if (YAML_STYLE_FLOAT.test(plain)) return false;
  if (/^-?0b[01]+$/.test(plain)) return false;
  return true;
}

/** The base-60 float guard yaml.v2 adds on top of resolution (`1:20` is quoted). */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** Characters the emitter considers printable (yaml_emitter's is_printable, by code point). */
export function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

/** Line breaks as the emitter sees them. */
export function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}

/** Which styles the emitter's character analysis permits for a value in block context. */
export interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, restricted to what block-context output needs. */
export function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const chars = Array.from(value);
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false, previousBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(ch.codePointAt(0)!)) special = true;
    const last = i === chars.length - 1;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(ch) || ch === '\0';
  }
  const result: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) result.blockPlainAllowed = false;
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
    result.blockAllowed = false;
  }
  if (lineBreaks) result.blockPlainAllowed = false;
  if (blockIndicators) result.blockPlainAllowed = false;
  return result;
}
