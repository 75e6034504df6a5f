/**
 * Field-level validation errors shaped like Kubernetes' `field.Error`: a type, a field path, a bad
 * value and a detail. They render into StatusCauses exactly as the apiserver does, so a cause's
 * message is the error body (`Invalid value: 0: spec.replicas in body should be ...`) and the
 * field is the path (`spec.replicas`, or `<nil>` for the root).
 */
import type { StatusCause } from '../../runtime/core/errors.ts';

/** The Kubernetes field error types (metav1.CauseType values). */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** Marks a value the error body must not print (Go's `omitValue`). */
export const OMIT_VALUE: unique symbol = Symbol('omit');

/** A Go-syntax literal the error body prints verbatim (Go's `%#v` of a struct). */
export interface GoLiteral { goLiteral: string }

/** One field error. `field` is the rendered path; an empty path renders as `<nil>`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue: unknown;
  detail: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Joins a child field name onto a path: `spec` + `replicas` = `spec.replicas`. */
export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Appends a list index: `spec.items` + 0 = `spec.items[0]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Appends a map key the way field.Path.Key does: `properties` + `spec` = `properties[spec]`. */
export function keyPath(path: string, key: string): string {
  return `${path}[${key}]`;
}

/** Formats a number as Go's `%v` does for int64/float64 values decoded from JSON. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // Go writes exponents with at least two digits (1e-07), JS with one (1e-7).
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Renders a bad value the way field.Error.ErrorBody prints it (`%v` for scalars, `%q` for strings). */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'goLiteral' in value) return (value as GoLiteral).goLiteral;
  if (Array.isArray(value)) return `[]interface {}{${value.map(goInner).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${goInner((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

function goInner(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  return goValue(v);
}

/** The error text without the field: `Invalid value: 3: must be ...`. */
export function errorBody(e: FieldError): string {
  let s: string;
  if (e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.type === 'FieldValueTooLong' || e.type === 'InternalError' || e.badValue === OMIT_VALUE) {
    s = typeText[e.type];
  } else {
    s = `${typeText[e.type]}: ${goValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** The full error text: `spec.replicas: Invalid value: ...`. */
export function errorString(e: FieldError): string {
  return `${e.field || '<nil>'}: ${errorBody(e)}`;
}

/** Converts field errors into wire StatusCauses. */
export function toCauses(errors: FieldError[]): StatusCause[] {
  return errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field || '<nil>' }));
}

/** field.Invalid */
export const invalidError = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
/** One field.Invalid for each message of a format check, all at the same path and value. */
export function invalidErrors(field: string, badValue: unknown, details: readonly string[]): FieldError[] {
  return details.map((detail) => invalidError(field, badValue, detail));
}
/** field.TypeInvalid */
export const typeInvalidError = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, badValue, detail });
/** field.Required */
export const requiredError = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, badValue: '', detail });
/** field.Forbidden */
export const forbiddenError = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, badValue: '', detail });
/** field.Duplicate */
export const duplicateError = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' });
/** field.InternalError */
export const internalError = (field: string, detail: string): FieldError => ({ type: 'InternalError', field, badValue: '', detail });

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupportedError(field: string, badValue: unknown, supported: string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, badValue, detail };
}

/** field.TooLong: `Too long: may not be more than 5 bytes`. */
export function tooLongError(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, badValue: '<value omitted>', detail: maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long' };
}

/** field.TooMany: `Too many: 4: must have at most 3 items`. */
export function tooManyError(field: string, actual: number, max: number): FieldError {
  return {
    type: 'FieldValueTooMany', field,
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail: max >= 0 ? `must have at most ${max} items` : 'has too many items',
  };
}
