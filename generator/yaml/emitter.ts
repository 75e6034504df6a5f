/**
 * A block-style YAML writer that reproduces gopkg.in/yaml.v2 (v2.4.0) output byte for byte for
 * JSON-shaped data: the emitter's column/indent bookkeeping, its scalar style selection and its
 * line folding at width 80. controller-gen writes every CRD through that library, so matching it
 * is what lets generated files diff cleanly against controller-gen's.
 */
import { sortedYamlKeys } from './keys.ts';
import { analyzeScalar, isBase60Float, isBreak, isPrintable, resolvesToString } from './scalar.ts';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

type Style = 'plain' | 'single' | 'double' | 'literal';

/** Go strconv.FormatFloat(f, 'g', -1, 64), as yaml.v2 prints floats. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  // Shortest formatting switches to exponent form outside [1e-4, 1e6), unlike JavaScript.
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(n);
}

/** How a JSON number comes out after encoding/json and a yaml.v2 round trip. */
export function formatYamlNumber(n: number): string {
  // Integral values read back as int64/uint64 when they fit, else as floats.
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 64) return BigInt(n).toString();
  return formatGoFloat(n);
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  text(): string {
    return this.out.join('');
  }

  private write(ch: string): void {
    this.out.push(ch);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.write(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.write(' ');
    for (const ch of indicator) this.write(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Emits any JSON-shaped value; `mappingContext` is true for mapping keys and values. */
  node(value: unknown, mappingContext: boolean, simpleKey = false): void {
    if (value === null || value === undefined) return this.scalar('null', 'plain', simpleKey);
    if (typeof value === 'boolean') return this.scalar(String(value), 'plain', simpleKey);
    if (typeof value === 'number') return this.scalar(formatYamlNumber(value), 'plain', simpleKey);
    if (typeof value === 'bigint') return this.scalar(value.toString(), 'plain', simpleKey);
    if (typeof value === 'string') return this.stringScalar(value, simpleKey);
    if (Array.isArray(value)) return this.sequence(value, mappingContext);
    if (value instanceof Map) return this.mapping(Object.fromEntries(value));
    if (typeof value === 'object') return this.mapping(value as Record<string, unknown>);
    throw new TypeError(`cannot render ${typeof value} as YAML`);
  }

  private stringScalar(s: string, simpleKey: boolean): void {
    const canUsePlain = resolvesToString(s) && !isBase60Float(s);
    const style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
    this.scalar(s, style, simpleKey);
  }

  private sequence(items: unknown[], mappingContext: boolean): void {
    if (items.length === 0) {
      this.writeIndicator('[', true, true, false);
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false);
    }
    this.popIndent();
  }

  private mapping(obj: Record<string, unknown>): void {
    const keys = sortedYamlKeys(Object.keys(obj).filter((k) => obj[k] !== undefined));
    if (keys.length === 0) {
      this.writeIndicator('{', true, true, false);
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      this.node(key, true, true);
      this.writeIndicator(':', false, false, false);
      this.node(obj[key], true);
    }
    this.popIndent();
  }

  private scalar(value: string, requested: Style, simpleKey: boolean): void {
    const analysis = analyzeScalar(value);
    let style = requested;
    if (simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed || (value.length === 0 && simpleKey)) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === 'plain') this.plain(value, allowBreaks);
    else if (style === 'single') this.singleQuoted(value, allowBreaks);
    else if (style === 'double') this.doubleQuoted(value, allowBreaks);
    else this.literal(value);
    this.popIndent();
  }

  private plain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.write(' ');
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.write(ch);
        spaces = true;
      } else {
        this.write(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.writeIndent();
        else this.write(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.write("'");
        this.write(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const cp = ch.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        this.write('\\');
        for (const c of escapeFor(cp)) this.write(c);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(ch);
        spaces = true;
      } else {
        this.write(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(value: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = Array.from(value);
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = chars.length - 1;
    let chomp = '';
    if (chars.length === 0 || !isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of chars) {
      if (isBreak(ch)) {
        if (ch === '\n') this.putBreak();
        else { this.out.push(ch); this.column = 0; }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const SHORT_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeFor(cp: number): string {
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  const [prefix, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
  return prefix + cp.toString(16).toUpperCase().padStart(width, '0');
}

/** Renders one JSON-shaped value as a yaml.v2 document body (no `---` line), ending in a newline. */
export function renderYaml(value: unknown): string {
  const emitter = new Emitter();
  emitter.node(value, false);
  emitter.writeIndent();
  const text = emitter.text();
  return text.endsWith('\n') ? text : text + '\n';
}

/** Renders objects the way controller-gen writes a file: each one as `---\n<yaml>`. */
export function renderYamlDocuments(values: readonly unknown[], header = ''): string {
  return header + values.map((v) => '---\n' + renderYaml(v)).join('');
}
