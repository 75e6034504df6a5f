/**
 * Evaluation of `x-kubernetes-validations` over a custom resource, as apiextensions does:
 * rules run at every schema node that has a value; transition rules (those using `oldSelf`) run
 * only when a correlated old value exists (object properties and map values by key, map-list
 * items by their keys; atomic and set list items never correlate); a false result reports the
 * rule's `messageExpression`, else its `message`, else `failed rule: <rule>`, with the rule's
 * `reason` and `fieldPath`; an evaluation error reports `<error> evaluating rule: <rule>`.
 */
import {
  childPath, duplicateError, forbiddenError, indexPath, invalidError, requiredError, type FieldError,
} from '../validation/field-errors.ts';
import { compileRule, isCompileErrors, isRuleError, toCel } from './cel-rules.ts';
import { additionalOf, isPlainObject, itemsOf, type JSONSchemaProps, type ValidationRule } from './schema.ts';

/** Validates `obj` (and `old` on update) against every CEL rule of the schema. */
export function validateCelRules(schema: JSONSchemaProps | undefined, obj: unknown, old: unknown): FieldError[] {
  const errs: FieldError[] = [];
  walk(schema, obj, old, '', true, errs);
  return errs;
}

/**
 * True when any node the evaluation visits (properties, additionalProperties, items) carries
 * rules. Without rules the apiserver has no CEL validator at all, so nothing can be skipped.
 */
export function hasCelRules(schema: JSONSchemaProps | undefined): boolean {
  if (!schema) return false;
  if (schema['x-kubernetes-validations']?.length) return true;
  for (const child of Object.values(schema.properties ?? {})) if (hasCelRules(child)) return true;
  return hasCelRules(additionalOf(schema)) || hasCelRules(itemsOf(schema));
}

function ruleText(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : rule.rule.trim();
}

function messageOrDefault(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

/** Normalizes a rule fieldPath (`.spec.x`, `['a.b']`) into a path suffix. */
export function normalizeRuleFieldPath(fieldPath: string): string {
  return fieldPath
    .replace(/\[\s*'((?:[^'\\]|\\.)*)'\s*\]/g, (_m, key: string) => `.${key.replace(/\\(.)/g, '$1')}`)
    .replace(/^\./, '');
}

function errorFor(reason: string | undefined, field: string, type: string, detail: string): FieldError {
  switch (reason) {
    case 'FieldValueForbidden': return forbiddenError(field, detail);
    case 'FieldValueRequired': return requiredError(field, detail);
    case 'FieldValueDuplicate': return duplicateError(field, type);
    default: return invalidError(field, type, detail);
  }
}

function evaluateNode(s: JSONSchemaProps, obj: unknown, old: unknown, path: string, root: boolean, errs: FieldError[]): void {
  const rules = s['x-kubernetes-validations'];
  if (!rules?.length) return;
  const type = s.type ?? '';
  let self: unknown;
  let oldSelf: unknown;
  rules.forEach((rule, i) => {
    const compiled = compileRule(rule, i);
    if (isCompileErrors(compiled)) {
      errs.push(invalidError(path, type, `rule compile error: ${compiled.map((c) => c.detail).join(', ')}`));
      return;
    }
    if (compiled.usesOldSelf && old === undefined) return;
    self ??= toCel(obj, s, root);
    if (old !== undefined) oldSelf ??= toCel(old, s, root);
    const result = compiled.evaluate(self, old === undefined ? null : oldSelf);
    if (isRuleError(result)) {
      errs.push(invalidError(path, type, `${result.message} evaluating rule: ${ruleText(rule)}`));
      return;
    }
    if (result === true) return;
    if (typeof result !== 'boolean') {
      errs.push(invalidError(path, type, `rule did not evaluate to a bool evaluating rule: ${ruleText(rule)}`));
      return;
    }
    let detail = messageOrDefault(rule);
    if (compiled.message) {
      const m = compiled.message(self, old === undefined ? null : oldSelf);
      if (typeof m === 'string' && m.trim() && !/\n/.test(m.trim())) detail = m.trim();
    }
    const field = rule.fieldPath ? childPath(path, normalizeRuleFieldPath(rule.fieldPath)) : path;
    errs.push(errorFor(rule.reason, field, type, detail));
  });
}

function mapListKey(item: unknown, keys: string[]): string | undefined {
  if (!isPlainObject(item)) return undefined;
  return JSON.stringify(keys.map((k) => item[k] ?? null));
}

function walk(s: JSONSchemaProps | undefined, obj: unknown, old: unknown, path: string, root: boolean, errs: FieldError[]): void {
  if (!s || obj === undefined || obj === null) return;
  evaluateNode(s, obj, old, path, root, errs);
  if (isPlainObject(obj)) {
    const oldObj = isPlainObject(old) ? old : undefined;
    const ap = additionalOf(s);
    for (const [k, v] of Object.entries(obj)) {
      if ((root || s['x-kubernetes-embedded-resource']) && (k === 'metadata' || k === 'apiVersion' || k === 'kind') && !s.properties?.[k]) continue;
      const child = s.properties?.[k] ?? ap;
      walk(child, v, oldObj?.[k], childPath(path, k), false, errs);
    }
  } else if (Array.isArray(obj)) {
    const items = itemsOf(s);
    const keys = s['x-kubernetes-list-map-keys'];
    const oldByKey = new Map<string, unknown>();
    if (s['x-kubernetes-list-type'] === 'map' && keys?.length && Array.isArray(old)) {
      for (const o of old) {
        const key = mapListKey(o, keys);
        if (key !== undefined) oldByKey.set(key, o);
      }
    }
    obj.forEach((v, i) => {
      const key = keys?.length ? mapListKey(v, keys) : undefined;
      walk(items, v, key !== undefined ? oldByKey.get(key) : undefined, indexPath(path, i), false, errs);
    });
  }
}
