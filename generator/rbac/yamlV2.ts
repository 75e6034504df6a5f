/**
 * A small YAML writer that lays out plain JSON values the way controller-gen's YAML library
 * (yaml.v2) does: sorted keys, unindented block sequences, quoting only where a plain scalar would
 * read back as something else, and folding long scalars past column 80. RBAC roles and webhook
 * configurations are plain data, so this needs no schema knowledge.
 */

/** A JSON value as produced by the RBAC and webhook generators. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const BEST_WIDTH = 80;

/** Renders the documents as one file, each introduced by `---`. */
export function renderYamlDocuments(docs: YamlValue[], header = ''): string {
  return header + docs.map((doc) => `---\n${renderYaml(doc)}`).join('');
}

/** Renders one value as a block YAML document (ending with a newline). */
export function renderYaml(value: YamlValue): string {
  const out: string[] = [];
  if (isEmptyCollection(value) || !isCollection(value)) out.push(scalarOrFlow(value, 0) + '\n');
  else writeNode(out, value, 0);
  return out.join('');
}

function isCollection(v: YamlValue): v is YamlValue[] | { [key: string]: YamlValue } {
  return v !== null && typeof v === 'object';
}

function isEmptyCollection(v: YamlValue): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return isCollection(v) && Object.keys(v).length === 0;
}

function scalarOrFlow(v: YamlValue, startColumn: number, indent = 0): string {
  if (Array.isArray(v)) return '[]';
  if (isCollection(v)) return '{}';
  return renderScalar(v, startColumn, indent);
}

/** Writes a non-empty mapping or sequence whose first line starts at the current position. */
function writeNode(out: string[], value: YamlValue[] | { [key: string]: YamlValue }, indent: number, firstInline = false): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const prefix = (i === 0 && firstInline ? '' : pad) + '- ';
      if (isCollection(item) && !isEmptyCollection(item)) {
        out.push(prefix);
        writeNode(out, item, indent + 2, true);
      } else {
        out.push(prefix + scalarOrFlow(item, indent + 2, indent + 2) + '\n');
      }
    });
    return;
  }
  sortedKeys(Object.keys(value)).forEach((key, i) => {
    const child = value[key];
    const keyText = renderScalar(key, indent, indent, false);
    const line = (i === 0 && firstInline ? '' : pad) + keyText + ':';
    if (isCollection(child) && !isEmptyCollection(child)) {
      out.push(line + '\n');
      writeNode(out, child, Array.isArray(child) ? indent : indent + 2);
    } else {
      const column = indent + [...keyText].length + 2;
      out.push(line + ' ' + scalarOrFlow(child, column, indent + 2) + '\n');
    }
  });
}

/** yaml.v2 key order: letters by code point, non-letters before letters, digit runs numerically. */
export function compareYamlKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an - bn;
    if (ai !== bi) return ai - bi;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}

/** Sorts mapping keys in yaml.v2 order. */
export function sortedKeys(keys: string[]): string[] {
  return [...keys].sort(compareYamlKeys);
}

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}

function isDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}

/** Renders a scalar; `column` is where its first character lands, `indent` where continuation lines start. */
function renderScalar(v: string | number | boolean | null, column: number, indent: number, allowBreaks = true): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatNumber(v);
  if (v.includes('\n')) return literalOrQuoted(v, indent);
  if (resolvesToNonString(v)) return doubleQuoted(v, column, indent, allowBreaks);
  const style = analyse(v);
  if (style === 'plain') return fold(v, column, indent, allowBreaks, 'plain');
  if (style === 'single') return "'" + fold(v.replaceAll("'", "''"), column + 1, indent, allowBreaks, 'single') + "'";
  return doubleQuoted(v, column, indent, allowBreaks);
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // Go's 'g' with shortest precision uses an exponent only for very large or small magnitudes.
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

const YAML11_NON_STRINGS = new Set([
  '', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON',
  'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '.inf', '.Inf', '.INF', '-.inf',
  '-.Inf', '-.INF', '+.inf', '+.Inf', '+.INF', '.nan', '.NaN', '.NAN', '<<',
]);

/** Whether yaml.v2 would resolve the plain text to a non-string (so it must be quoted). */
function resolvesToNonString(s: string): boolean {
  if (YAML11_NON_STRINGS.has(s)) return true;
  const plain = s.replaceAll('_', '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?[0-9][0-9]*(:[0-5]?[0-9])+(\.[0-9]*)?$/.test(plain)) return true;
  return /^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(s);
}

/** The emitter's scalar analysis: which flow styles the text allows. */
function analyse(s: string): 'plain' | 'single' | 'double' {
  const chars = [...s];
  if (chars.some((c) => !isPrintable(c))) return 'double';
  if (s.startsWith('---') || s.startsWith('...')) return 'single';
  if (chars[0] === ' ' || chars[chars.length - 1] === ' ') return 'single';
  const blankAfter = (i: number): boolean => i + 1 >= chars.length || chars[i + 1] === ' ';
  if ('#,[]{}&*!|>\'"%@`'.includes(chars[0]!)) return 'single';
  if ('-?:'.includes(chars[0]!) && blankAfter(0)) return 'single';
  for (let i = 1; i < chars.length; i++) {
    if (chars[i] === ':' && blankAfter(i)) return 'single';
    if (chars[i] === '#' && chars[i - 1] === ' ') return 'single';
  }
  return 'plain';
}

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if (cp === 0x0a || cp === 0x85) return true;
  if (cp === 0x09) return false;
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) return false;
  return true;
}

/** Breaks a flow scalar at single spaces once the line is already past the best width. */
function fold(s: string, column: number, indent: number, allowBreaks: boolean, style: 'plain' | 'single'): string {
  if (!allowBreaks) return s;
  const chars = [...s];
  let col = column;
  let out = '';
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ') {
      const edge = style === 'single' && (i === 0 || i === chars.length - 1);
      if (!spaces && col > BEST_WIDTH && !edge && chars[i + 1] !== ' ') {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      out += c;
      col++;
      spaces = false;
    }
  }
  return out;
}

function doubleQuoted(s: string, column: number, indent: number, allowBreaks: boolean): string {
  const chars = [...s];
  let out = '"';
  let col = column + 1;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
        if (chars[i + 1] === ' ') {
          out += '\\';
          col++;
        }
      } else {
        out += c;
        col++;
      }
      spaces = true;
      continue;
    }
    const esc = escapeChar(c);
    out += esc;
    col += [...esc].length;
    spaces = false;
  }
  return out + '"';
}

function escapeChar(c: string): string {
  const map: Record<string, string> = {
    '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\x0b': '\\v', '\f': '\\f', '\r': '\\r',
    '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
  };
  if (map[c] !== undefined) return map[c];
  if (isPrintable(c) && c !== '\ufeff') return c;
  const cp = c.codePointAt(0)!;
  if (cp <= 0xff) return '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  return '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
}

/** Multi-line text: a literal block unless the emitter forbids block style. */
function literalOrQuoted(s: string, indent: number): string {
  const chars = [...s];
  const blockForbidden = chars.some((c) => c !== '\n' && !isPrintable(c)) || / \n| $/.test(s);
  if (blockForbidden) return doubleQuoted(s, 0, indent, false);
  let chomp = '-';
  if (s.endsWith('\n')) chomp = s.endsWith('\n\n') ? '+' : '';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const pad = ' '.repeat(indent);
  const body = (chomp === '-' ? s : s.replace(/\n$/, ''))
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n');
  return `|${indicator}${chomp}\n${body}`;
}
