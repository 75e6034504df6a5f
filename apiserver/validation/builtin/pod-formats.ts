/**
 * Value formats pod validation checks, with Kubernetes' messages: environment variable names,
 * integer ranges, file modes and the relative paths volumes project into; and the list and number
 * readers pod rules need beside readers.ts. Ports, config keys, label and annotation maps, names
 * and IP addresses come from formats.ts, ../names.ts and addresses.ts. Each returns messages (or
 * field errors) so callers put them at Kubernetes' paths.
 */
import { invalidError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import { numberOf } from './readers.ts';

/** Workload rules import these from here; they live in formats.ts. */

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
  const m = numberOf(mode);
  return m !== undefined && (m < 0 || m > 0o777) ? [invalidError(field, m, 'must be a number between 0 and 0777 (octal), both inclusive')] : [];
}
