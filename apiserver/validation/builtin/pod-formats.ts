/**
 * Value formats pod validation checks, with Kubernetes' messages: environment variable names,
 * integer ranges, file modes, the relative paths volumes project into, annotation maps and
 * qualified names at a path. Ports, config keys, label maps and IP addresses come from the core
 * kinds' formats. Each returns messages (or field errors) so callers put them at Kubernetes' paths.
 */
import { invalidError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import { qualifiedNameMessages } from './core-formats.ts';

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** The value as an object, or undefined when it is not one. */
export function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The elements of a list (an absent or malformed list has none); non-objects read as empty objects. */
export function items(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((e) => obj(e) ?? {}) : [];
}

/** The value as a string; absent and non-strings read as Go's zero value, the empty string. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The value as a number, or undefined when absent (Go's nil pointer) or not a number. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The keys of a map field that holds a value (null entries are absent after decoding). */
export function present(o: Obj, keys: readonly string[]): string[] {
  return keys.filter((k) => o[k] !== undefined && o[k] !== null);
}

/** `must be between lo and hi, inclusive` (validation.InclusiveRangeError). */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** The largest value of a Go int32: the bound of user and group ids and of deadlines. */
export const MAX_INT32 = 2147483647;

/**
 * Messages for an environment variable name or envFrom prefix. Kubernetes 1.32 enables relaxed
 * names by default: any printable ASCII character but `=`.
 */
export function envVarNameErrors(name: string): string[] {
  if (!name.length) return ['environment variable name must be non-empty'];
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code > 0x7e || ch === '=') return [`a valid environment variable name must consist only of printable ASCII characters other than '='`];
  }
  return [];
}

/**
 * Messages for an object name Kubernetes checks as a DNS subdomain; `prefix` allows the trailing
 * hyphen of a name that gets a suffix appended (envFrom references are checked that way).
 */
export function subdomainNameErrors(name: string, prefix = false): string[] {
  return dns1123SubdomainErrors(prefix && name.endsWith('-') ? name.slice(0, -1) + 'a' : name);
}

/** A path with no `..` element (validatePathNoBacksteps). */
export function noBackstepErrors(path: string, field: string): FieldError[] {
  return path.split('/').includes('..') ? [invalidError(field, path, `must not contain '..'`)] : [];
}

/** A relative path with no `..` element (validateLocalDescendingPath). */
export function localDescendingPathErrors(path: string, field: string): FieldError[] {
  const errs = path.startsWith('/') ? [invalidError(field, path, 'must be a relative path')] : [];
  return [...errs, ...noBackstepErrors(path, field)];
}

/** A relative path that neither contains nor starts with `..` (ValidateLocalNonReservedPath). */
export function localNonReservedPathErrors(path: string, field: string): FieldError[] {
  const errs = localDescendingPathErrors(path, field);
  if (path.startsWith('..') && !path.startsWith('../')) errs.push(invalidError(field, path, `must not start with '..'`));
  return errs;
}

/** A file mode must fit in 0777. */
export function fileModeErrors(mode: unknown, field: string): FieldError[] {
  const m = num(mode);
  return m !== undefined && (m < 0 || m > 0o777) ? [invalidError(field, m, 'must be a number between 0 and 0777 (octal), both inclusive')] : [];
}

/** A count or duration that must not be negative (ValidateNonnegativeField). */
export function nonNegativeErrors(value: unknown, field: string): FieldError[] {
  const n = num(value);
  return n !== undefined && n < 0 ? [invalidError(field, n, 'must be greater than or equal to 0')] : [];
}

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Annotation keys are qualified names (compared in lower case) and all annotations fit in 256 KiB. */
export function annotationMapErrors(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let bytes = 0;
  for (const [k, v] of Object.entries(obj(annotations) ?? {})) {
    for (const m of qualifiedNameMessages(k.toLowerCase())) errs.push(invalidError(field, k, m));
    bytes += Buffer.byteLength(k) + Buffer.byteLength(str(v));
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) errs.push({ type: 'FieldValueTooLong', field, badValue: '', detail: `may not be more than ${ANNOTATIONS_MAX_BYTES} bytes` });
  return errs;
}

/** A qualified name at `field` (ValidateQualifiedName, ValidateLabelName). */
export function qualifiedNameFieldErrors(value: string, field: string): FieldError[] {
  return qualifiedNameMessages(value).map((m) => invalidError(field, value, m));
}
