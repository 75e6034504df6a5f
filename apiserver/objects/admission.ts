/**
 * Schema admission for custom resources through the CRD module: pruning, defaulting, validation.
 * Unknown-field findings under Strict become the apiserver's 400 "strict decoding error"; other
 * findings become 422 Invalid.
 */
import { invalid, statusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ApiContext } from './context.ts';

/** How unknown fields are treated. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

function isUnknownField(c: StatusCause): boolean {
  return /^unknown field/.test(c.message ?? '') || c.reason === 'FieldValueUnknown' || c.reason === 'UnknownField';
}

/** Runs schema admission; returns the admitted object and appends warnings. */
export function admitCustom(
  ctx: ApiContext, rt: ResourceType, obj: KubeObject, old: KubeObject | undefined,
  operation: 'CREATE' | 'UPDATE', fieldValidation: FieldValidation, warnings: string[], subresource?: 'status' | 'scale',
): KubeObject {
  const compiled = ctx.compiledVersion(rt);
  if (!compiled) return obj;
  const r = compiled.admit(obj, old, { operation, fieldValidation, subresource });
  warnings.push(...r.warnings);
  if (r.error) throw r.error;
  if (!r.causes.length) return r.object;
  const unknown = r.causes.filter(isUnknownField);
  if (unknown.length && unknown.length === r.causes.length) {
    const text = unknown.map((c) => c.message ?? `unknown field "${c.field}"`).join(', ');
    throw statusError('BadRequest', { message: `strict decoding error: ${text}` });
  }
  throw invalid(rt.group, rt.kind, obj.metadata.name ?? '', r.causes.filter((c) => !isUnknownField(c)));
}
