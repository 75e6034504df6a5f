/**
 * Field paths and field sets of server-side apply, in the FieldsV1 vocabulary of Kubernetes'
 * structured-merge-diff: a path element is `f:<field>`, `k:<json of key fields>` (an item of a
 * map-list), `v:<json value>` (an item of a set) or `i:<index>`; a set is stored flat and converted
 * to and from the nested FieldsV1 object (`.` marks a path that is itself a member).
 */

/** One serialized path element. */
export type PathElement = string;
/** A path from the object root. */
export type Path = PathElement[];

/** `f:<name>`. */
export const fieldPE = (name: string): PathElement => `f:${name}`;
/** `v:<json>` for a set item. */
export const valuePE = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;
/** `i:<n>`. */
export const indexPE = (index: number): PathElement => `i:${index}`;
/** `k:{...}` with the key fields sorted by name, as structured-merge-diff writes them. */
export function keyPE(fields: Record<string, unknown>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) sorted[k] = fields[k];
  return `k:${JSON.stringify(sorted)}`;
}

const rank: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Orders path elements: fields, then keys, then values, then indexes; alphabetically within. */
export function comparePE(a: PathElement, b: PathElement): number {
  const ra = rank[a[0]] ?? 4;
  const rb = rank[b[0]] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Set iteration order: at each level the paths ending there come first, then deeper ones. */
export function comparePaths(a: Path, b: Path): number {
  for (let i = 0; ; i++) {
    const aEnds = i === a.length - 1;
    const bEnds = i === b.length - 1;
    if (aEnds !== bEnds) return aEnds ? -1 : 1;
    const c = comparePE(a[i], b[i]);
    if (c !== 0 || aEnds) return c;
  }
}

/** Renders a path element as in conflict messages: `.name`, `[k="v",n=1]`, `[=v]`, `[3]`. */
function peString(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f': return `.${body}`;
    case 'k': {
      const fields = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
    case 'v': return `[=${body}]`;
    default: return `[${body}]`;
  }
}

/** The human form of a path, e.g. `.spec.containers[name="app"].image`. */
export function pathString(path: Path): string {
  return path.map(peString).join('');
}

/**
 * The map key of a path. Joining with newlines is much cheaper than JSON; a field name holding a
 * newline (legal, rare) falls back to JSON, which starts with `[` where a path element never does.
 */
function pathKey(path: Path): string {
  for (const pe of path) if (pe.includes('\n')) return JSON.stringify(path);
  return path.join('\n');
}

/** A set of paths. */
export class FieldSet {
  private readonly byKey = new Map<string, Path>();

  constructor(paths: Iterable<Path> = []) {
    for (const p of paths) this.insert(p);
  }

  /** Adds a path (the empty path is never a member). */
  insert(path: Path): void {
    if (path.length > 0) this.byKey.set(pathKey(path), path);
  }

  /** Membership test. */
  has(path: Path): boolean {
    return this.byKey.has(pathKey(path));
  }

  /** Number of paths. */
  get size(): number {
    return this.byKey.size;
  }

  /** True when no path is a member. */
  isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  /** Members in set iteration order. */
  paths(): Path[] {
    return [...this.byKey.values()].sort(comparePaths);
  }

  /** Members of either set. */
  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.byKey) out.byKey.set(k, p);
    for (const [k, p] of other.byKey) out.byKey.set(k, p);
    return out;
  }

  /** Members of this set that are not in `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.byKey) if (!other.byKey.has(k)) out.byKey.set(k, p);
    return out;
  }

  /** Members of both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.byKey) if (other.byKey.has(k)) out.byKey.set(k, p);
    return out;
  }

  /** Members that start with `prefix` (a strict extension, or equal when `inclusive`). */
  hasPrefixOf(prefix: Path, strict = true): boolean {
    for (const p of this.byKey.values()) {
      if (p.length < prefix.length || (strict && p.length === prefix.length)) continue;
      if (prefix.every((pe, i) => p[i] === pe)) return true;
    }
    return false;
  }

  /** Keeps only members passing `keep`. */
  filter(keep: (path: Path) => boolean): FieldSet {
    const out = new FieldSet();
    for (const [k, p] of this.byKey) if (keep(p)) out.byKey.set(k, p);
    return out;
  }

  /** Structural equality. */
  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.byKey.keys()].every((k) => other.byKey.has(k));
  }

  /** The nested FieldsV1 object. */
  toFieldsV1(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const path of this.byKey.values()) {
      let node = root;
      for (const pe of path) node = (node[pe] ??= {}) as Record<string, unknown>;
      node['.'] = {};
    }
    return normalize(root, true);
  }

  /** Parses a FieldsV1 object; unknown element kinds are skipped, as Kubernetes does. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: Path): void => {
      if (typeof node !== 'object' || node === null) return;
      const entries = Object.entries(node as Record<string, unknown>);
      for (const [key, child] of entries) {
        if (key === '.') { set.insert(prefix); continue; }
        if (!/^[fkvi]:/.test(key)) continue;
        const path = [...prefix, key];
        const hasChildren = typeof child === 'object' && child !== null && Object.keys(child).length > 0;
        if (!hasChildren) set.insert(path);
        else walk(child, path);
      }
    };
    walk(fields, []);
    return set;
  }
}

/** Drops redundant `.` markers on leaves and sorts keys: `.` first, then path elements in order. */
function normalize(node: Record<string, unknown>, isRoot = false): Record<string, unknown> {
  const keys = Object.keys(node).filter((k) => k !== '.').sort(comparePE);
  const out: Record<string, unknown> = {};
  if (!isRoot && '.' in node && keys.length > 0) out['.'] = {};
  for (const k of keys) out[k] = normalize(node[k] as Record<string, unknown>);
  return out;
}
