/**
 * The named TypeScript declarations of one imported group-version package. Nested schemas become
 * named interfaces or aliases; two schemas that render to the same declaration share one name
 * (pod templates repeat the same structures many times), and names stay unique across the package
 * because the generator treats a directory like a Go package.
 */

/** One declaration: its name, full source text and the named types its text refers to. */
export interface TypeDecl {
  name: string;
  text: string;
  refs: string[];
}

/** Names a package's declarations may not take: dialect scalars, TS built-ins and utility types. */
const RESERVED = [
  'int', 'int32', 'int64', 'float32', 'float64', 'Quantity', 'IntOrString', 'Time', 'MicroTime', 'Duration', 'Bytes',
  'RawExtension', 'JSONValue', 'ObjectMeta', 'ListMeta', 'TypeMeta', 'Condition', 'Record', 'Partial', 'Required',
  'Readonly', 'Pick', 'Omit', 'Array', 'Object', 'String', 'Number', 'Boolean', 'Date', 'Error', 'Function', 'Map',
  'Set', 'Symbol', 'Promise', 'Math', 'JSON', 'RegExp', 'BigInt', 'Infinity', 'NaN', 'Intl', 'Proxy', 'Reflect',
  'GroupVersion',
];

/** Allocates names and de-duplicates declarations for one package. */
export class TypeRegistry {
  private readonly taken: Set<string>;
  private readonly byBody = new Map<string, string>();
  readonly decls = new Map<string, TypeDecl>();

  /** `sharedNames` lets several registries (one per kind file) keep names unique across a package. */
  constructor(sharedNames?: Set<string>) {
    this.taken = sharedNames ?? new Set<string>();
    for (const r of RESERVED) this.taken.add(r);
  }

  /** Reserves names that are declared elsewhere (the kinds). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /**
   * Declares a type whose source is `render(name)`; returns the existing name when an identical
   * declaration exists. `hints` are candidate names in order of preference; `share: false` gives
   * the declaration its own name even when an identical one exists (a kind's spec and status).
   */
  declare(hints: string[], render: (name: string) => string, refs: string[], share = true): string {
    const placeholder = '\u0000NAME\u0000';
    const body = render(placeholder);
    const existing = share ? this.byBody.get(body) : undefined;
    if (existing) return existing;
    const name = this.allocate(hints);
    if (share && !this.byBody.has(body)) this.byBody.set(body, name);
    this.decls.set(name, { name, text: body.replaceAll(placeholder, name), refs });
    return name;
  }

  /** Registers a declaration under a fixed name (a kind). */
  declareFixed(name: string, text: string, refs: string[]): void {
    this.taken.add(name);
    this.decls.set(name, { name, text, refs });
  }

  private allocate(hints: string[]): string {
    for (const h of hints) {
      if (h && !this.taken.has(h)) {
        this.taken.add(h);
        return h;
      }
    }
    const base = hints[hints.length - 1] || 'Type';
    for (let i = 2; ; i++) {
      if (!this.taken.has(base + i)) {
        this.taken.add(base + i);
        return base + i;
      }
    }
  }

  /** Declarations reachable from `roots`, parents before children (depth first, first reference wins). */
  ordered(roots: string[]): TypeDecl[] {
    const out: TypeDecl[] = [];
    const seen = new Set<string>();
    const visit = (name: string): void => {
      const decl = this.decls.get(name);
      if (!decl || seen.has(name)) return;
      seen.add(name);
      out.push(decl);
      decl.refs.forEach(visit);
    };
    roots.forEach(visit);
    return out;
  }
}

/** `foo-bar.baz` → `FooBarBaz`: a type-name fragment from a JSON property name. */
export function pascal(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  return /^[0-9]/.test(joined) ? 'T' + joined : joined || 'Field';
}

/** A property key as written in an interface: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
