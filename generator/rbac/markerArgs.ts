/**
 * Argument parsing for controller-gen struct markers such as
 * `+kubebuilder:rbac:groups=apps;batch,resources={jobs,cronjobs},verbs=get`. The argument types
 * decide how a value is tokenised (a bare string stops at `,`, `;` or `}`; a list is `{a,b}` or the
 * legacy `a;b`), so callers describe their arguments up front, as controller-gen's marker
 * definitions do.
 */

/** The value shape of one marker argument. */
export type MarkerArgType = 'string' | 'strings' | 'bool' | 'int';

/** Describes one argument: its type and whether the marker is invalid without it. */
export interface MarkerArgSpec {
  type: MarkerArgType;
  required?: boolean;
}

/** A parsed argument value. */
export type MarkerArgValue = string | string[] | boolean | number;

/** A marker that could not be parsed; `marker` is the offending marker text. */
export class MarkerParseError extends Error {
  readonly kind = 'MarkerParseError';
  readonly marker: string;
  constructor(marker: string, message: string) {
    super(`${message} in marker ${JSON.stringify(marker)}`);
    this.marker = marker;
  }
}

/**
 * Parses the arguments of a struct marker. `marker` is the full marker text (with or without the
 * leading `+`), `name` the registered marker name (e.g. `kubebuilder:rbac`). The segment after the
 * name's last `:` names the first argument, as in controller-gen.
 */
export function parseMarkerArgs(marker: string, name: string, spec: Record<string, MarkerArgSpec>): Record<string, MarkerArgValue> {
  const text = marker.replace(/^\+/, '');
  if (!text.startsWith(name + ':')) throw new MarkerParseError(marker, `expected marker ${name}`);
  const scanner = new ArgScanner(text.slice(name.length + 1), marker);
  const out: Record<string, MarkerArgValue> = {};
  while (!scanner.atEnd()) {
    const argName = scanner.readArgName();
    const argSpec = spec[argName];
    if (!argSpec) throw new MarkerParseError(marker, `unknown argument ${JSON.stringify(argName)}`);
    if (!scanner.consume('=')) {
      if (argSpec.type !== 'bool') throw new MarkerParseError(marker, `missing value for argument ${JSON.stringify(argName)}`);
      out[argName] = true;
    } else {
      out[argName] = scanner.readValue(argSpec.type);
    }
    if (!scanner.atEnd() && !scanner.consume(',')) throw new MarkerParseError(marker, `unexpected text after argument ${JSON.stringify(argName)}`);
  }
  for (const [argName, argSpec] of Object.entries(spec)) {
    if (argSpec.required && !(argName in out)) throw new MarkerParseError(marker, `missing argument ${JSON.stringify(argName)}`);
  }
  return out;
}

class ArgScanner {
  private pos = 0;
  private readonly text: string;
  private readonly marker: string;
  constructor(text: string, marker: string) {
    this.text = text;
    this.marker = marker;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  consume(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  readArgName(): string {
    const m = /^[A-Za-z0-9_]+/.exec(this.text.slice(this.pos));
    if (!m) throw new MarkerParseError(this.marker, `expected an argument name at ${JSON.stringify(this.text.slice(this.pos))}`);
    this.pos += m[0].length;
    return m[0];
  }

  readValue(type: MarkerArgType): MarkerArgValue {
    switch (type) {
      case 'string':
        return this.readString();
      case 'strings':
        return this.readStrings();
      case 'bool': {
        const word = this.readBare();
        if (word !== 'true' && word !== 'false') throw new MarkerParseError(this.marker, `expected true or false, got ${JSON.stringify(word)}`);
        return word === 'true';
      }
      case 'int': {
        const word = this.readBare();
        if (!/^-?[0-9]+$/.test(word)) throw new MarkerParseError(this.marker, `expected an integer, got ${JSON.stringify(word)}`);
        return Number(word);
      }
    }
  }

  private readStrings(): string[] {
    const items: string[] = [];
    if (this.consume('{')) {
      if (this.consume('}')) return items;
      for (;;) {
        items.push(this.readString());
        if (this.consume('}')) return items;
        if (!this.consume(',')) throw new MarkerParseError(this.marker, 'expected "," or "}" in list');
      }
    }
    items.push(this.readString());
    while (this.consume(';')) items.push(this.readString());
    return items;
  }

  private readString(): string {
    const ch = this.text[this.pos];
    if (ch === '"') return this.readDoubleQuoted();
    if (ch === '`') {
      const end = this.text.indexOf('`', this.pos + 1);
      if (end < 0) throw new MarkerParseError(this.marker, 'unterminated raw string');
      const value = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return value;
    }
    return this.readBare();
  }

  private readDoubleQuoted(): string {
    let i = this.pos + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    if (i >= this.text.length) throw new MarkerParseError(this.marker, 'unterminated string');
    const literal = this.text.slice(this.pos, i + 1);
    this.pos = i + 1;
    try {
      return JSON.parse(literal.replace(/\\'/g, "'")) as string;
    } catch {
      throw new MarkerParseError(this.marker, `invalid quoted string ${literal}`);
    }
  }

  private readBare(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !',;}'.includes(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }
}
