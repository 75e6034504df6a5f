/**
 * Generation problems as values: each carries the source position and a kind, so the CLI can
 * print `file:line:col: message` and tests can assert on the kind instead of the wording.
 */
import { isAbsolute, relative } from 'node:path';

/** What went wrong, coarsely. */
export type GenerateErrorKind =
  | 'marker'        // a marker with a bad value, unknown/missing argument or wrong shape
  | 'unknown-marker' // --strict: a marker name nobody registered
  | 'type'          // a TypeScript type the dialect cannot map
  | 'schema'        // a marker that does not fit the schema it is applied to
  | 'cel'           // an x-kubernetes-validations rule that does not compile
  | 'crd';          // CRD-level problems (no storage version, ...)

/** A source position, 1-based like editors show it. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

function relativeTo(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** One reported problem. */
export class GenerateError extends Error {
  readonly kind: GenerateErrorKind;
  readonly pos: SourcePos | undefined;
  readonly marker: string | undefined;

  constructor(kind: GenerateErrorKind, message: string, pos?: SourcePos, marker?: string) {
    super(message);
    this.name = 'GenerateError';
    this.kind = kind;
    this.pos = pos;
    this.marker = marker;
  }

  /** `file:line:col: message` (plus the marker text), with the file relative to `cwd` when given. */
  format(cwd?: string): string {
    const file = this.pos && cwd ? relativeTo(cwd, this.pos.file) : this.pos?.file;
    const where = this.pos ? `${file}:${this.pos.line}:${this.pos.col}: ` : '';
    const marker = this.marker ? ` (in marker ${this.marker})` : '';
    return `${where}${this.message}${marker}`;
  }
}

/** Thrown by `generate` when any problem was found; carries all of them. */
export class GenerateFailure extends Error {
  readonly errors: GenerateError[];

  constructor(errors: GenerateError[]) {
    super(errors.map((e) => e.format()).join('\n'));
    this.name = 'GenerateFailure';
    this.errors = errors;
  }
}

/** Collects problems across a run so one invocation reports all of them, in a stable order. */
export class ErrorSink {
  readonly errors: GenerateError[] = [];
  private readonly seen = new Set<string>();

  add(error: GenerateError): void {
    const key = error.format();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(error);
  }

  report(kind: GenerateErrorKind, message: string, pos?: SourcePos, marker?: string): void {
    this.add(new GenerateError(kind, message, pos, marker));
  }

  /** Throws a GenerateFailure when anything was collected. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const sorted = [...this.errors].sort((a, b) =>
      (a.pos?.file ?? '').localeCompare(b.pos?.file ?? '') || (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
    throw new GenerateFailure(sorted);
  }
}
