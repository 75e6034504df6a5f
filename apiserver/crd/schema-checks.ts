/**
 * Per-node checks of a CRD's openAPIV3Schema beyond structurality (apiextensions
 * `ValidateCustomResourceDefinitionOpenAPISchema`): unsupported keywords, list/map type
 * extensions, `x-kubernetes-validations` syntax and CEL compilation, and defaults (must
 * validate against their schema, must already be pruned, not allowed inside metadata).
 */
import { compileRule, isCompileErrors } from './cel-rules.ts';
import { applyDefaults } from './defaulting.ts';
import {
  childPath, forbiddenError, indexPath, invalidError, keyPath, notSupportedError, requiredError, type FieldError, type GoLiteral,
} from '../validation/field-errors.ts';
import { pruneResource } from './prune.ts';
import { clone, itemsOf, jsonEqual, type JSONSchemaProps, type ValidationRule } from './schema.ts';
import { compileValueValidator } from './value-validation.ts';

const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const supportedReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

function goQuote(s: string | undefined): string {
  return JSON.stringify(s ?? '');
}

/** Go's `%#v` of an apiextensions.ValidationRule, the bad value of rule compile errors. */
export function ruleLiteral(rule: ValidationRule): GoLiteral {
  const reason = rule.reason ? `&"${rule.reason}"` : '(*apiextensions.FieldValueErrorReason)(nil)';
  const optional = rule.optionalOldSelf === undefined ? '(*bool)(nil)' : `&${rule.optionalOldSelf}`;
  return {
    goLiteral: `apiextensions.ValidationRule{Rule:${goQuote(rule.rule)}, Message:${goQuote(rule.message)}, MessageExpression:${goQuote(rule.messageExpression)}, Reason:${reason}, FieldPath:${goQuote(rule.fieldPath)}, OptionalOldSelf:${optional}}`,
  };
}

/** Checks every node of a schema; `path` is the schema's location (`spec.validation.openAPIV3Schema`). */
export function checkSchemaNodes(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  visit(schema, path, true, false, errs);
  return errs;
}

function visit(s: JSONSchemaProps, path: string, root: boolean, insideMeta: boolean, errs: FieldError[]): void {
  if (s.type && !openapiV3Types.includes(s.type)) errs.push(notSupportedError(childPath(path, 'type'), s.type, openapiV3Types));
  if (s.uniqueItems === true) errs.push(forbiddenError(childPath(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.additionalProperties !== undefined && s.properties && Object.keys(s.properties).length) {
    errs.push(forbiddenError(childPath(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
  }
  if (s.additionalProperties === false) errs.push(forbiddenError(childPath(path, 'additionalProperties'), 'additionalProperties cannot be set to false'));
  if (s.id) errs.push(forbiddenError(childPath(path, 'id'), 'id is not supported'));
  if (s.additionalItems !== undefined) errs.push(forbiddenError(childPath(path, 'additionalItems'), 'additionalItems is not supported'));
  if (s.patternProperties !== undefined) errs.push(forbiddenError(childPath(path, 'patternProperties'), 'patternProperties is not supported'));
  if (s.definitions !== undefined) errs.push(forbiddenError(childPath(path, 'definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbiddenError(childPath(path, 'dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbiddenError(childPath(path, '$ref'), '$ref is not supported'));
  if (s.type === 'null') errs.push(forbiddenError(childPath(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items)) errs.push(forbiddenError(childPath(path, 'items'), 'items must be a schema object and not an array'));
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(invalidError(childPath(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  if (insideMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(forbiddenError(childPath(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
  if (s.default !== undefined && insideMeta) {
    errs.push(forbiddenError(childPath(path, 'default'), 'must not be set inside of resource meta'));
  }
  checkListAndMapTypes(s, path, errs);
  checkRules(s, path, errs);
  if (s.default !== undefined && !insideMeta) checkDefault(s, path, errs);

  for (const [k, p] of Object.entries(s.properties ?? {})) {
    visit(p, keyPath(childPath(path, 'properties'), k), false, insideMeta || (root && k === 'metadata'), errs);
  }
  const items = itemsOf(s);
  if (items) visit(items, childPath(path, 'items'), false, insideMeta, errs);
  const ap = s.additionalProperties;
  if (ap && typeof ap === 'object') visit(ap, childPath(path, 'additionalProperties'), false, insideMeta, errs);
}

function checkListAndMapTypes(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (s.type !== 'object') {
      errs.push(s.type ? invalidError(childPath(path, 'type'), s.type, 'must be object if x-kubernetes-map-type is specified')
        : requiredError(childPath(path, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    }
    if (mapType !== 'atomic' && mapType !== 'granular') errs.push(notSupportedError(childPath(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (listType !== undefined) {
    if (s.type !== 'array') {
      errs.push(s.type ? invalidError(childPath(path, 'type'), s.type, 'must be array if x-kubernetes-list-type is specified')
        : requiredError(childPath(path, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    }
    if (!['atomic', 'set', 'map'].includes(listType)) errs.push(notSupportedError(childPath(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (keys.length && listType !== 'map') {
    errs.push(listType ? invalidError(childPath(path, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty')
      : requiredError(childPath(path, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    const items = itemsOf(s);
    if (!keys.length) errs.push(requiredError(childPath(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (!items) errs.push(requiredError(childPath(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    else if (items.type !== 'object') errs.push(invalidError(childPath(childPath(path, 'items'), 'type'), items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    else {
      if (!keys.every((k) => items.properties?.[k])) errs.push(invalidError(childPath(path, 'x-kubernetes-list-map-keys'), { goLiteral: `[]string{${keys.map(goQuote).join(', ')}}` }, 'entries must all be names of item properties'));
      if (new Set(keys).size !== keys.length) errs.push(invalidError(childPath(path, 'x-kubernetes-list-map-keys'), { goLiteral: `[]string{${keys.map(goQuote).join(', ')}}` }, 'must not contain duplicate entries'));
      for (const k of keys) {
        const p = items.properties?.[k];
        if (!p) continue;
        const kp = keyPath(childPath(childPath(path, 'items'), 'properties'), k);
        if (p.default === undefined && !(items.required ?? []).includes(k)) errs.push(requiredError(childPath(kp, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        if (p.nullable) errs.push(forbiddenError(childPath(kp, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    }
  }
}

function checkRules(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const rules = s['x-kubernetes-validations'] ?? [];
  const rulesPath = childPath(path, 'x-kubernetes-validations');
  const before = errs.length;
  rules.forEach((rule, i) => {
    const rp = indexPath(rulesPath, i);
    const ruleText = (rule.rule ?? '').trim();
    const msg = (rule.message ?? '').trim();
    if (!ruleText) errs.push(requiredError(childPath(rp, 'rule'), 'rule is not specified'));
    else if (rule.message !== undefined && rule.message.length > 0 && !msg) errs.push(invalidError(childPath(rp, 'message'), rule.message, 'must be non-empty if specified'));
    else if (/\n/.test(msg)) errs.push(invalidError(childPath(rp, 'message'), rule.message, 'must not contain line breaks'));
    else if (/\n/.test(ruleText) && !msg) errs.push(requiredError(childPath(rp, 'message'), 'message must be specified if rule contains line breaks'));
    if (rule.messageExpression !== undefined && rule.messageExpression.length > 0 && !rule.messageExpression.trim()) {
      errs.push(requiredError(childPath(rp, 'messageExpression'), 'messageExpression must be non-empty if specified'));
    }
    if (rule.reason !== undefined && !supportedReasons.includes(rule.reason)) errs.push(notSupportedError(childPath(rp, 'reason'), rule.reason, supportedReasons));
  });
  if (errs.length > before) return;
  rules.forEach((rule, i) => {
    const compiled = compileRule(rule, i);
    if (!isCompileErrors(compiled)) return;
    for (const c of compiled) errs.push(invalidError(childPath(indexPath(rulesPath, i), c.field), ruleLiteral(rule), c.detail));
  });
}

function checkDefault(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const defPath = childPath(path, 'default');
  const value = clone(s.default);
  applyDefaults(value, s);
  for (const e of compileValueValidator(s).validate(value)) {
    errs.push({ ...e, field: e.field ? `${defPath}.${e.field}` : defPath });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const pruned = clone(value) as Record<string, unknown>;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    pruneNested(pruned, s, embedded);
    if (!jsonEqual(pruned, value)) errs.push(invalidError(defPath, s.default, 'must not have unknown fields'));
  }
}

function pruneNested(obj: Record<string, unknown>, s: JSONSchemaProps, embedded: boolean): void {
  if (embedded) {
    pruneResource(obj, s);
    return;
  }
  // pruning mutates the wrapped object in place
  pruneResource({ v: obj }, { type: 'object', properties: { v: s } });
}
