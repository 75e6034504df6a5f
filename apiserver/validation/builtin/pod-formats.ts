/**
 * Value formats pod validation checks, with Kubernetes' messages: port numbers and IANA service
 * names, environment variable names, config keys, integer ranges, file modes, the relative paths
 * volumes project into, label maps and IP addresses. Each returns messages (or field errors) so
 * callers put them at the paths Kubernetes uses.
 */
import { invalidError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../names.ts';

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

/** Messages for a port number (1-65535). */
export function portNumberErrors(port: number): string[] {
  return port < 1 || port > 65535 ? [inclusiveRange(1, 65535)] : [];
}

/** Messages for a port name (an IANA_SVC_NAME: at most 15 of a-z, 0-9 and single inner hyphens, with a letter). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

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

function dotPrefixErrors(value: string): string[] {
  if (value === '.') return [`must not be '.'`];
  if (value === '..') return [`must not be '..'`];
  if (value.startsWith('..')) return [`must not start with '..'`];
  return [];
}

/** Messages for a ConfigMap or Secret key. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(`a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
  }
  return [...errs, ...dotPrefixErrors(key)];
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

/** Each key is a qualified name and each value a label value, reported at `field` (ValidateLabels). */
export function labelMapErrors(labels: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(obj(labels) ?? {})) {
    for (const m of qualifiedNameErrors(k)) errs.push(invalidError(field, k, m));
    for (const m of labelValueErrors(str(v))) errs.push(invalidError(field, str(v), m));
  }
  return errs;
}

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Annotation keys are qualified names (compared in lower case) and all annotations fit in 256 KiB. */
export function annotationMapErrors(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let bytes = 0;
  for (const [k, v] of Object.entries(obj(annotations) ?? {})) {
    for (const m of qualifiedNameErrors(k.toLowerCase())) errs.push(invalidError(field, k, m));
    bytes += Buffer.byteLength(k) + Buffer.byteLength(str(v));
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) errs.push({ type: 'FieldValueTooLong', field, badValue: '', detail: `may not be more than ${ANNOTATIONS_MAX_BYTES} bytes` });
  return errs;
}

/** A qualified name at `field` (ValidateQualifiedName, ValidateLabelName). */
export function qualifiedNameFieldErrors(value: string, field: string): FieldError[] {
  return qualifiedNameErrors(value).map((m) => invalidError(field, value, m));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIPv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || (value.match(/::/g) ?? []).length > 1) return false;
  let groups = value.split(':');
  const last = groups[groups.length - 1]!;
  if (last.includes('.')) {
    if (!IPV4.test(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  const compressed = value.includes('::');
  const filled = groups.filter((g, i) => g !== '' || (compressed && i > 0 && i < groups.length - 1));
  if (filled.some((g) => g.length > 4 || (g === '' && !compressed))) return false;
  const parts = groups.filter((g) => g !== '').length;
  return compressed ? parts < 8 : parts === 8;
}

/** An IP address at `field` (validation.IsValidIP). */
export function ipErrors(value: string, field: string): FieldError[] {
  return IPV4.test(value) || isIPv6(value) ? [] : [invalidError(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}
