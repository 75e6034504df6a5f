/**
 * The error Go's `json.Unmarshal` gives when decoding bytes into `map[string]interface{}`, which
 * is how Kubernetes checks a docker config Secret: syntax errors in the scanner's words, and a
 * type error for well-formed JSON that is not an object. Undefined when the bytes decode.
 */

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

class GoSyntaxError extends Error {}

function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const quoted = JSON.stringify(String.fromCharCode(c));
  return `'${quoted.slice(1, -1)}'`;
}

/** Walks the bytes as Go's scanner does, throwing its message at the first offending byte. */
class Scanner {
  readonly #b: Uint8Array;
  #i = 0;

  constructor(bytes: Uint8Array) { this.#b = bytes; }

  #fail(context: string): never {
    if (this.#i >= this.#b.length) throw new GoSyntaxError('unexpected end of JSON input');
    throw new GoSyntaxError(`invalid character ${quoteChar(this.#b[this.#i]!)} ${context}`);
  }

  #peek(): number | undefined { return this.#b[this.#i]; }

  #skipSpace(): void { while (this.#i < this.#b.length && WHITESPACE.has(this.#b[this.#i]!)) this.#i++; }

  /** Scans the whole input: one value, then only whitespace. Returns the top-level kind. */
  document(): string {
    this.#skipSpace();
    const kind = this.#value();
    this.#skipSpace();
    if (this.#i < this.#b.length) this.#fail('after top-level value');
    return kind;
  }

  #value(): string {
    const c = this.#peek();
    if (c === 0x7b) { this.#object(); return 'object'; }
    if (c === 0x5b) { this.#array(); return 'array'; }
    if (c === 0x22) { this.#string(); return 'string'; }
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) { this.#number(); return 'number'; }
    if (c === 0x74) { this.#literal('true'); return 'bool'; }
    if (c === 0x66) { this.#literal('false'); return 'bool'; }
    if (c === 0x6e) { this.#literal('null'); return 'null'; }
    return this.#fail('looking for beginning of value');
  }

  #object(): void {
    this.#i++;
    this.#skipSpace();
    if (this.#peek() === 0x7d) { this.#i++; return; }
    for (;;) {
      if (this.#peek() !== 0x22) this.#fail('looking for beginning of object key string');
      this.#string();
      this.#skipSpace();
      if (this.#peek() !== 0x3a) this.#fail('after object key');
      this.#i++;
      this.#skipSpace();
      this.#value();
      this.#skipSpace();
      if (this.#peek() === 0x2c) { this.#i++; this.#skipSpace(); continue; }
      if (this.#peek() === 0x7d) { this.#i++; return; }
      this.#fail('after object key:value pair');
    }
  }

  #array(): void {
    this.#i++;
    this.#skipSpace();
    if (this.#peek() === 0x5d) { this.#i++; return; }
    for (;;) {
      this.#value();
      this.#skipSpace();
      if (this.#peek() === 0x2c) { this.#i++; this.#skipSpace(); continue; }
      if (this.#peek() === 0x5d) { this.#i++; return; }
      this.#fail('after array element');
    }
  }

  #string(): void {
    this.#i++;
    for (;;) {
      const c = this.#peek();
      if (c === undefined) this.#fail('in string literal');
      if (c === 0x22) { this.#i++; return; }
      if (c < 0x20) this.#fail('in string literal');
      this.#i++;
      if (c !== 0x5c) continue;
      const e = this.#peek();
      if (e === 0x75) {
        this.#i++;
        for (let k = 0; k < 4; k++) {
          const h = this.#peek();
          if (h === undefined || !/[0-9a-fA-F]/.test(String.fromCharCode(h))) this.#fail('in \\u hexadecimal character escape');
          this.#i++;
        }
      } else if (e !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(e))) this.#i++;
      else this.#fail('in string escape code');
    }
  }

  #digits(): number {
    const start = this.#i;
    while (this.#peek() !== undefined && this.#peek()! >= 0x30 && this.#peek()! <= 0x39) this.#i++;
    return this.#i - start;
  }

  #number(): void {
    if (this.#peek() === 0x2d) {
      this.#i++;
      const d = this.#peek();
      if (d === undefined || d < 0x30 || d > 0x39) this.#fail('in numeric literal');
    }
    // A leading zero ends the integer part: a digit after it is judged by what encloses the number.
    if (this.#peek() === 0x30) this.#i++;
    else this.#digits();
    if (this.#peek() === 0x2e) {
      this.#i++;
      if (!this.#digits()) this.#fail('after decimal point in numeric literal');
    }
    if (this.#peek() === 0x65 || this.#peek() === 0x45) {
      this.#i++;
      if (this.#peek() === 0x2b || this.#peek() === 0x2d) this.#i++;
      if (!this.#digits()) this.#fail('in exponent of numeric literal');
    }
  }

  #literal(word: string): void {
    this.#i++;
    for (let k = 1; k < word.length; k++) {
      if (this.#peek() !== word.charCodeAt(k)) this.#fail(`in literal ${word} (expecting '${word[k]}')`);
      this.#i++;
    }
  }
}

/** Go's error text for decoding `bytes` into a string-keyed map, or undefined when it decodes. */
export function goJsonMapError(bytes: Uint8Array): string | undefined {
  let kind: string;
  try {
    kind = new Scanner(bytes).document();
  } catch (err) {
    if (err instanceof GoSyntaxError) return err.message;
    throw err;
  }
  if (kind === 'object' || kind === 'null') return undefined;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
