/**
 * The schema steps of custom resource admission, in the apiserver's order:
 * 1. decode: prune unknown fields (metadata coerced to ObjectMeta's fields) and report their
 *    paths, which the caller's unknown-field policy refuses, warns about or ignores
 *    (`applyUnknownFieldPolicy` in objects/admission.ts, the one place that words them);
 * 2. drop non-nullable nulls, apply defaults;
 * 3. validate: OpenAPI value validation, list-type uniqueness, then CEL rules unless a blocking
 *    error (type, required, enum, too long, too many) exists, in which case a schema with rules
 *    reports that they were skipped. The caller (`validateCustom` in objects/admission.ts) answers
 *    any error with **422 Invalid**.
 * On UPDATE, errors on values equal to the old object's are ratcheted away (CRD validation
 * ratcheting, on by default since 1.30) except for transition rules.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { hasCelRules, validateCelRules } from './cel-validation.ts';
import { applyDefaults } from './defaulting.ts';
import { validateEmbeddedResources } from './embedded.ts';
import { invalidError, type FieldError } from '../validation/field-errors.ts';
import { validateListTypes } from './list-type.ts';
import { pruneNonNullableNulls, pruneResource } from './prune.ts';
import { clone, isPlainObject, jsonEqual, type CustomResourceDefinition, type JSONSchemaProps } from './schema.ts';
import { compileValueValidator, type ValueValidator } from './value-validation.ts';

/** The write a decoded object is validated for; only `operation` changes what validation does. */
export interface AdmitOptions {
  operation: 'CREATE' | 'UPDATE';
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  subresource?: 'status' | 'scale';
}

const blockingTypes = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

/** The message the apiserver adds instead of running CEL rules on a structurally invalid object. */
export const CEL_SKIPPED_MESSAGE = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of pathSegments(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function parentPath(path: string): string {
  return path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
}

/** True when the error concerns a value the update did not change. */
function ratcheted(e: FieldError, obj: unknown, old: unknown): boolean {
  const at = e.type === 'FieldValueRequired' ? parentPath(e.field) : e.field;
  return jsonEqual(valueAt(obj, at), valueAt(old, at));
}

/** One served version of a compiled CRD. */
export class CompiledCrdVersion {
  readonly name: string;
  readonly schema: JSONSchemaProps | undefined;
  readonly #crd: CustomResourceDefinition;
  #validator: ValueValidator | undefined;
  #hasCel: boolean | undefined;

  constructor(crd: CustomResourceDefinition, name: string, schema: JSONSchemaProps | undefined) {
    this.#crd = crd;
    this.name = name;
    this.schema = schema;
  }

  get #preserveUnknown(): boolean {
    return this.#crd.spec.preserveUnknownFields === true || !this.schema;
  }

  /** Prunes and defaults an object as decoding does (also use it on objects read from storage). */
  decode(obj: KubeObject): { object: KubeObject; unknownFields: string[] } {
    const object = clone(obj);
    const unknownFields = this.#preserveUnknown ? [] : pruneResource(object as Record<string, unknown>, this.schema);
    if (!this.#preserveUnknown) pruneNonNullableNulls(object, this.schema);
    applyDefaults(object, this.schema);
    return { object, unknownFields };
  }

  /** Validates a decoded object; returns field errors (value, list-type and CEL). */
  validate(obj: KubeObject, old: KubeObject | undefined, opts: AdmitOptions): FieldError[] {
    this.#validator ??= compileValueValidator(this.schema);
    const oldObj = opts.operation === 'UPDATE' ? old : undefined;
    let errs = [...this.#validator.validate(obj), ...validateEmbeddedResources(this.schema, obj), ...validateListTypes(this.schema, obj)];
    if (oldObj) errs = errs.filter((e) => !ratcheted(e, obj, oldObj));
    this.#hasCel ??= hasCelRules(this.schema);
    if (!this.#hasCel) return errs;
    if (errs.some((e) => blockingTypes.has(e.type))) {
      errs.push(invalidError('', null, CEL_SKIPPED_MESSAGE));
      return errs;
    }
    let celErrs = validateCelRules(this.schema, obj, oldObj);
    if (oldObj) celErrs = celErrs.filter((e) => !ratchetedCel(e, obj, oldObj));
    return [...errs, ...celErrs];
  }
}

/** CEL errors of non-transition rules on unchanged values are ratcheted like schema errors. */
function ratchetedCel(e: FieldError, obj: unknown, old: unknown): boolean {
  if (!isPlainObject(obj)) return false;
  return e.field !== '' && jsonEqual(valueAt(obj, e.field), valueAt(old, e.field));
}
