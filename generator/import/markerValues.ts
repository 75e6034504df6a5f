/**
 * Writing values in controller-gen marker syntax so that parsing them back yields the same JSON.
 * The `any`-typed markers (`+kubebuilder:default`, `example`, `Enum` items) guess a value's type
 * from its spelling, so anything that could be misread (numbers in strings, `true`, `;`, spaces,
 * quotes) is written as a quoted Go string.
 */

/** A value that has no marker spelling (e.g. `null`). */
export class UnrepresentableValue extends Error {
  readonly kind = 'UnrepresentableValue';
}

/**
 * A Go double-quoted string literal. `*` + `/` would end the surrounding JSDoc comment, so the
 * star is written as the `\u002a` escape, which Go unquoting turns back into `*`.
 */
export function goQuote(s: string): string {
  return JSON.stringify(s).replaceAll('*/', '\\u002a/');
}

/** A string argument of a typed (string) marker argument: bare when unambiguous, else quoted. */
export function markerString(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) && !s.includes('*/') ? s : goQuote(s);
}

/** A regular-expression argument: raw backtick strings keep backslashes readable. */
export function markerRaw(s: string): string {
  return s.includes('`') || s.includes('*/') || s.includes('\n') ? goQuote(s) : '`' + s + '`';
}

/** A list argument (`[]string`) in the `{a,b}` form. */
export function markerStringList(items: string[]): string {
  return '{' + items.map(markerString).join(',') + '}';
}

/** A float argument (`Minimum`, `Maximum`, `MultipleOf`) as Go parses it. */
export function markerNumber(n: number): string {
  if (!Number.isFinite(n)) throw new UnrepresentableValue(`number ${n}`);
  return String(n).replace('e+', 'e');
}

const PLAIN_ANY_STRING = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;

/**
 * An `any`-typed marker value (default, example, enum item). `arrayContext` marks a schema of type
 * array, where `{}` reads back as `[]`; elsewhere an empty list has no spelling.
 */
export function markerAny(value: unknown, arrayContext = false): string {
  if (value === null || value === undefined) throw new UnrepresentableValue('null value');
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return markerNumber(value);
  if (typeof value === 'string') {
    const plain = PLAIN_ANY_STRING.test(value) && value !== 'true' && value !== 'false';
    return plain ? value : goQuote(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      if (arrayContext) return '{}';
      throw new UnrepresentableValue('empty list');
    }
    // A first element that is a string followed by `:` would read as a map key; quoting avoids that
    // only for the key position, so strings inside lists are always quoted.
    return '{' + value.map((v) => (typeof v === 'string' ? goQuote(v) : markerAny(v))).join(',') + '}';
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return '{' + entries.map(([k, v]) => `${goQuote(k)}: ${typeof v === 'string' ? goQuote(v) : markerAny(v)}`).join(',') + '}';
  }
  throw new UnrepresentableValue(`value of type ${typeof value}`);
}
