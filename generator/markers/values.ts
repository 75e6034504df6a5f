/**
 * The value grammar of controller-gen marker arguments: quoted/raw/bare strings, numbers, bools,
 * `{a,b}` or legacy `a;b` lists, `{k: v}` maps, and the "guess the type" rule for `any` values
 * (defaults, examples, enum items).
 */

/** Argument value types a marker definition can declare. */
export type ArgType = 'string' | 'int' | 'float' | 'bool' | 'any' | { list: ArgType } | { map: ArgType };

/** A value that does not match what the marker expects. */
export class MarkerSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'MarkerSyntaxError';
    this.offset = offset;
  }
}

const GO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A cursor over argument text. */
export class ArgScanner {
  readonly text: string;
  pos = 0;

  constructor(text: string, pos = 0) {
    this.text = text;
    this.pos = pos;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  /** The next non-blank character, or '' at the end. */
  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  atEnd(): boolean {
    return this.peek() === '';
  }

  expect(ch: string, what: string): void {
    if (this.peek() !== ch) throw new MarkerSyntaxError(`expected ${what}, got ${this.describeNext()}`, this.pos);
    this.pos++;
  }

  describeNext(): string {
    const rest = this.text.slice(this.pos);
    return rest ? JSON.stringify(rest.length > 20 ? rest.slice(0, 20) + '…' : rest) : 'end of marker';
  }

  /** An identifier (argument name). */
  ident(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw new MarkerSyntaxError(`expected argument name, got ${this.describeNext()}`, this.pos);
    this.pos += m[0].length;
    return m[0];
  }

  private quoted(): string {
    const quote = this.text[this.pos]!;
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === quote) return out;
      if (quote === '`' || ch !== '\\') { out += ch; continue; }
      const e = this.text[this.pos++] ?? '';
      if (e in GO_ESCAPES) out += GO_ESCAPES[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new MarkerSyntaxError('invalid escape in quoted string', this.pos);
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += width;
      } else if (/[0-7]/.test(e)) {
        const oct = e + this.text.slice(this.pos, this.pos + 2);
        out += String.fromCharCode(parseInt(oct, 8));
        this.pos += 2;
      } else throw new MarkerSyntaxError(`invalid escape \\${e} in quoted string`, this.pos - 1);
    }
    throw new MarkerSyntaxError('unterminated quoted string', start);
  }

  /** A string: "quoted" (Go escapes), `raw`, or a bare run up to `,` `;` `}` (and `:` in map keys). */
  string(stopAtColon = false): string {
    const c = this.peek();
    if (c === '"' || c === '`') return this.quoted();
    const start = this.pos;
    let end = start;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === ',' || ch === ';' || ch === '}' || (stopAtColon && ch === ':')) break;
      if (ch === '"' || ch === '`') {
        this.quoted();
        end = this.pos;
        continue;
      }
      this.pos++;
      if (!/\s/.test(ch)) end = this.pos;
    }
    this.pos = end;
    return this.text.slice(start, end);
  }

  int(): number {
    this.skipSpace();
    const m = /^-?[0-9]+/.exec(this.text.slice(this.pos));
    if (!m) throw new MarkerSyntaxError(`expected integer, got ${this.describeNext()}`, this.pos);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  float(): number {
    this.skipSpace();
    const m = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m) throw new MarkerSyntaxError(`expected number, got ${this.describeNext()}`, this.pos);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  bool(): boolean {
    this.skipSpace();
    const m = /^(true|false)\b/.exec(this.text.slice(this.pos));
    if (!m) throw new MarkerSyntaxError(`expected true or false, got ${this.describeNext()}`, this.pos);
    this.pos += m[0].length;
    return m[1] === 'true';
  }

  list(item: ArgType): unknown[] {
    const out: unknown[] = [];
    if (this.peek() === '{') {
      this.pos++;
      while (this.peek() !== '}') {
        if (this.atEnd()) throw new MarkerSyntaxError('unterminated list, expected }', this.pos);
        out.push(this.value(item, false));
        if (this.peek() === ',') this.pos++;
        else if (this.peek() !== '}') throw new MarkerSyntaxError(`expected , or } in list, got ${this.describeNext()}`, this.pos);
      }
      this.pos++;
      return out;
    }
    while (this.peek() !== ',' && !this.atEnd()) {
      const before = this.pos;
      out.push(this.value(item, false));
      if (this.peek() === ';') this.pos++;
      else if (this.pos === before) throw new MarkerSyntaxError(`unexpected ${this.describeNext()} in list`, this.pos);
    }
    return out;
  }

  map(item: ArgType): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.expect('{', '{ to start a map');
    while (this.peek() !== '}') {
      if (this.atEnd()) throw new MarkerSyntaxError('unterminated map, expected }', this.pos);
      const key = this.string(true);
      this.expect(':', ': after map key');
      out[key] = this.value(item, false);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') throw new MarkerSyntaxError(`expected , or } in map, got ${this.describeNext()}`, this.pos);
    }
    this.pos++;
    return out;
  }

  value(type: ArgType, topLevel: boolean): unknown {
    if (typeof type === 'object') return 'list' in type ? this.list(type.list) : this.map(type.map);
    switch (type) {
      case 'string': return this.string();
      case 'int': return this.int();
      case 'float': return this.float();
      case 'bool': return this.bool();
      case 'any': return this.any(topLevel);
    }
  }

  /** Guesses the type of an untyped value the way controller-gen does. */
  any(topLevel: boolean): unknown {
    if (topLevel && this.hasTopLevelSemicolon()) {
      const items: unknown[] = [];
      while (this.peek() !== ',' && !this.atEnd()) {
        items.push(this.any(false));
        if (this.peek() === ';') this.pos++;
        else break;
      }
      return items;
    }
    const c = this.peek();
    if (c === '"' || c === '`') return this.string();
    if (c === '{') return this.looksLikeMap() ? this.map('any') : this.list('any');
    const rest = this.text.slice(this.pos);
    const bool = /^(true|false)(?=\s*(?:[,;}]|$))/.exec(rest);
    if (bool) { this.pos += bool[0].length; return bool[1] === 'true'; }
    const num = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?(?=[,;}]|$)/.exec(rest);
    if (num) { this.pos += num[0].length; return Number(num[0]); }
    return this.string();
  }

  private hasTopLevelSemicolon(): boolean {
    const probe = new ArgScanner(this.text, this.pos);
    if (probe.peek() === '{') return false;
    while (!probe.atEnd()) {
      const c = probe.peek();
      if (c === ',') return false;
      if (c === ';') return true;
      if (c === '"' || c === '`') probe.quoted();
      else probe.pos++;
    }
    return false;
  }

  private looksLikeMap(): boolean {
    const probe = new ArgScanner(this.text, this.pos + 1);
    const c = probe.peek();
    if (c === '}') return true;
    if (c === '{' || c === '') return false;
    try {
      const first = probe.any(false);
      if (typeof first !== 'string') return false;
    } catch {
      return false;
    }
    const p2 = new ArgScanner(this.text, this.pos + 1);
    p2.string(true);
    return p2.peek() === ':';
  }
}
