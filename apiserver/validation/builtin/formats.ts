/**
 * Value formats built-in kinds share, with Kubernetes' messages: port numbers and IANA service
 * names, ConfigMap/Secret keys, label maps such as a selector's matchLabels, annotation maps and
 * non-negative counts. Names (DNS labels, qualified names) are in ../names.ts, addresses in
 * addresses.ts.
 */
import { invalidError, invalidErrors, tooLongError, type FieldError } from '../field-errors.ts';
import { labelValueErrors, qualifiedNameErrors, regexError } from '../names.ts';
import { objectOf, stringOf } from './readers.ts';

/** Messages for a port number (validation.IsValidPortNum). */
export function portNumberErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/**
 * Messages for an IANA_SVC_NAME, the form a named port takes (validation.IsValidPortName). Each
 * rule is checked on its own, so `__` breaks both the character set and the one-letter rule.
 */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Messages for a ConfigMap or Secret key, which becomes a file name when mounted. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (key === '.') errs.push(`must not be '.'`);
  else if (key === '..') errs.push(`must not be '..'`);
  else if (key.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

/**
 * ValidateLabels: every key a qualified name, every value a label value, all reported on the
 * map's path. An absent map has nothing to check.
 */
export function labelMapErrors(labels: unknown, path: string): FieldError[] {
  const map = objectOf(labels) ?? {};
  const errs: FieldError[] = [];
  for (const key of Object.keys(map).sort()) {
    errs.push(...invalidErrors(path, key, qualifiedNameErrors(key)));
    const value = stringOf(map[key]);
    errs.push(...invalidErrors(path, value, labelValueErrors(value)));
  }
  return errs;
}

/** A count or duration that must not be negative (ValidateNonnegativeField); absent is fine. */
export function nonNegativeErrors(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalidError(field, value, 'must be greater than or equal to 0')] : [];
}

/** The most all of an object's annotation keys and values may hold together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * ValidateAnnotations: every key a qualified name (compared in lower case) and all keys and values
 * together at most 256 KiB. Kubernetes measures Go strings, so the limit counts UTF-8 bytes, not
 * characters.
 */
export function annotationMapErrors(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(objectOf(annotations) ?? {})) {
    errs.push(...invalidErrors(field, key, qualifiedNameErrors(key.toLowerCase())));
    bytes += Buffer.byteLength(key) + Buffer.byteLength(stringOf(value));
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) errs.push(tooLongError(field, ANNOTATIONS_MAX_BYTES));
  return errs;
}
