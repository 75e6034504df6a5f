/**
 * Schema admission for custom resources through the CRD module, in two steps as the apiserver
 * takes them: decoding (pruning, defaulting, unknown-field handling) before mutating admission,
 * and schema validation after it, so a mutating webhook may complete an object the schema would
 * refuse as sent. Unknown fields under Strict are the apiserver's 400 "strict decoding error";
 * validation findings are 422 Invalid.
 */
import { invalid, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { toCauses } from '../validation/field-errors.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ApiContext } from './context.ts';

/** How unknown fields are treated. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/**
 * Decodes a custom resource through its version's schema: prunes unknown fields (refusing them
 * under Strict, warning under Warn) and applies defaults. Returns the decoded copy.
 */
export function decodeCustom(ctx: ApiContext, rt: ResourceType, obj: KubeObject, fieldValidation: FieldValidation, warnings: string[]): KubeObject {
  const compiled = ctx.compiledVersion(rt);
  if (!compiled) return obj;
  const { object, unknownFields } = compiled.decode(obj);
  applyUnknownFieldPolicy(unknownFields, fieldValidation, warnings);
  return object;
}

/**
 * What decoding does with the unknown fields it dropped (paths such as `spec.foo`): Strict refuses
 * the request with 400 `strict decoding error: unknown field "spec.foo", ...`, Warn adds one
 * warning per field, Ignore says nothing.
 */
export function applyUnknownFieldPolicy(paths: string[], fieldValidation: FieldValidation, warnings: string[]): void {
  if (!paths.length) return;
  const messages = paths.map((p) => `unknown field "${p}"`);
  if (fieldValidation === 'Strict') throw statusError('BadRequest', { message: `strict decoding error: ${messages.join(', ')}` });
  if (fieldValidation === 'Warn') warnings.push(...messages);
}

/** Validates a decoded custom resource (schema, list types, CEL); throws 422 Invalid with every cause. */
export function validateCustom(ctx: ApiContext, rt: ResourceType, obj: KubeObject, old: KubeObject | undefined, operation: 'CREATE' | 'UPDATE'): void {
  const compiled = ctx.compiledVersion(rt);
  if (!compiled) return;
  const decodedOld = old ? compiled.decode(old).object : undefined;
  const causes = toCauses(compiled.validate(obj, decodedOld, { operation, fieldValidation: 'Ignore' }));
  if (causes.length) throw invalid(rt.group, rt.kind, obj.metadata.name ?? '', causes);
}
