/**
 * The structural schema check of apiextensions (CRD v1 requires it). Rules implemented:
 *
 * 1. every node specifies a non-empty `type`, except where `x-kubernetes-int-or-string` or
 *    `x-kubernetes-preserve-unknown-fields` is true ("must not be empty at the root / for specified
 *    object fields / for specified array items");
 * 2. the root is `type: object` and carries no `additionalProperties`;
 * 3. `type: array` requires `items`;
 * 4. `x-kubernetes-embedded-resource` requires `type: object`, no `additionalProperties`, and
 *    `properties` unless unknown fields are preserved; its `apiVersion`/`kind` must be strings;
 * 5. `metadata` at the root (or in an embedded resource) is `type: object` and may only
 *    constrain `name` and `generateName`; `metadata` in a nested value validation is forbidden;
 * 6. inside `allOf`/`anyOf`/`oneOf`/`not` no `type`, `additionalProperties`, `default`, `title`,
 *    `description`, `nullable` or `x-kubernetes-*` extension may appear (the int-or-string
 *    `anyOf: [{type: integer}, {type: string}]` pattern is exempt);
 * 7. completeness: a property named in a value validation must also exist in the structural part;
 * 8. `x-kubernetes-int-or-string` excludes preserve-unknown-fields and embedded-resource;
 * 9. `pattern` must compile.
 * Errors are sorted by their text, as the apiserver does.
 */
import { childPath, errorString, forbiddenError, indexPath, invalidError, keyPath, requiredError, type FieldError } from '../validation/field-errors.ts';
import { additionalOf, itemsOf, jsonEqual, type JSONSchemaProps } from './schema.ts';
import { compilePattern } from './regex.ts';

type Level = 'root' | 'item' | 'field';

const intOrStringAnyOf = [{ type: 'integer' }, { type: 'string' }];

function isIntOrStringAnyOf(s: JSONSchemaProps): boolean {
  return s.anyOf?.length === 2 && jsonEqual(s.anyOf, intOrStringAnyOf);
}

function isIntOrStringAllOf(s: JSONSchemaProps): boolean {
  const first = s.allOf?.[0];
  return !!first && first.anyOf?.length === 2 && jsonEqual(first.anyOf, intOrStringAnyOf);
}

/** Validates that a schema is structural; `path` is where it sits in the CRD (for error fields). */
export function validateStructural(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs = [...invariants(schema, 'root', path), ...completeness(schema, path)];
  return errs.sort((a, b) => (errorString(a) < errorString(b) ? -1 : errorString(a) > errorString(b) ? 1 : 0));
}

function invariants(s: JSONSchemaProps | undefined, lvl: Level, path: string): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  const items = itemsOf(s);
  if (s.type === 'array' && !items) errs.push(requiredError(childPath(path, 'items'), 'must be specified'));
  errs.push(...invariants(items, 'item', childPath(path, 'items')));
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    errs.push(...invariants(v, 'field', keyPath(childPath(path, 'properties'), k)));
  }
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (lvl === 'root') errs.push(forbiddenError(childPath(path, 'additionalProperties'), 'must not be used at the root'));
    errs.push(...invariants(additionalOf(s), 'field', childPath(path, 'additionalProperties')));
  }
  const xIntOrString = s['x-kubernetes-int-or-string'] === true;
  const xPreserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const xEmbedded = s['x-kubernetes-embedded-resource'] === true;
  if (xIntOrString && xPreserve) errs.push(invalidError(childPath(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (xIntOrString && xEmbedded) errs.push(invalidError(childPath(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));

  errs.push(...valueValidation(s, isIntOrStringAnyOf(s), isIntOrStringAllOf(s), lvl, path));

  const checkMetadata = lvl === 'root' || xEmbedded;
  const type = s.type ?? '';
  if (xEmbedded && type !== 'object') {
    errs.push(type ? invalidError(childPath(path, 'type'), type, 'must be object if x-kubernetes-embedded-resource is true')
      : requiredError(childPath(path, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!type && !xIntOrString && !xPreserve) {
    const where = lvl === 'root' ? 'at the root' : lvl === 'item' ? 'for specified array items' : 'for specified object fields';
    errs.push(requiredError(childPath(path, 'type'), `must not be empty ${where}`));
  }
  if (xEmbedded && s.additionalProperties !== undefined) errs.push(forbiddenError(childPath(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && type && type !== 'object') errs.push(invalidError(childPath(path, 'type'), type, 'must be object at the root'));
  const props = s.properties ?? {};
  if (checkMetadata && props.kind && props.kind.type !== 'string') {
    errs.push(invalidError(childPath(keyPath(childPath(path, 'properties'), 'kind'), 'type'), props.kind.type ?? '', 'must be string'));
  }
  if (checkMetadata && props.apiVersion && props.apiVersion.type !== 'string') {
    errs.push(invalidError(childPath(keyPath(childPath(path, 'properties'), 'apiVersion'), 'type'), props.apiVersion.type ?? '', 'must be string'));
  }
  if (props.metadata) errs.push(...metadataInvariants(props.metadata, checkMetadata, lvl, keyPath(childPath(path, 'properties'), 'metadata')));
  if (xEmbedded && !xPreserve && Object.keys(props).length === 0) {
    errs.push(requiredError(childPath(path, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  return errs;
}

/** Keys of a metadata schema that carry no constraint (documentation and the type itself). */
const neutralMetadataKeys = new Set(['type', 'description', 'default']);

function metadataInvariants(s: JSONSchemaProps, checkMetadata: boolean, lvl: Level, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMetadata && s.type !== 'object') errs.push(invalidError(childPath(path, 'type'), s.type ?? '', 'must be object'));
  if (lvl === 'root') {
    const propNames = Object.keys(s.properties ?? {});
    const onlyNames = propNames.every((p) => p === 'name' || p === 'generateName');
    const otherKeys = Object.keys(s).filter((k) => !neutralMetadataKeys.has(k) && k !== 'properties');
    if (!onlyNames || otherKeys.length > 0) {
      errs.push(forbiddenError(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  return errs;
}

function valueValidation(s: JSONSchemaProps, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf) (s.anyOf ?? []).forEach((n, i) => errs.push(...nested(n, false, lvl, indexPath(childPath(path, 'anyOf'), i))));
  (s.allOf ?? []).forEach((n, i) => errs.push(...nested(n, skipFirstAllOfAnyOf && i === 0, lvl, indexPath(childPath(path, 'allOf'), i))));
  (s.oneOf ?? []).forEach((n, i) => errs.push(...nested(n, false, lvl, indexPath(childPath(path, 'oneOf'), i))));
  if (s.not) errs.push(...nested(s.not, false, lvl, childPath(path, 'not')));
  if (s.pattern) {
    const compiled = compilePattern(s.pattern);
    if (typeof compiled === 'string') errs.push(invalidError(childPath(path, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${compiled}`));
  }
  return errs;
}

const forbiddenInNested: [keyof JSONSchemaProps, string][] = [
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

function nested(v: JSONSchemaProps | undefined, skipAnyOf: boolean, lvl: Level, path: string): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [...valueValidation(v, skipAnyOf, false, lvl, path)];
  errs.push(...nested(itemsOf(v), false, lvl, childPath(path, 'items')));
  for (const [k, p] of Object.entries(v.properties ?? {})) errs.push(...nested(p, false, 'field', keyPath(childPath(path, 'properties'), k)));
  if (v.type) errs.push(forbiddenError(childPath(path, 'type'), 'must be empty to be structural'));
  if (v.additionalProperties !== undefined) errs.push(forbiddenError(childPath(path, 'additionalProperties'), 'must be undefined to be structural'));
  if (v.default !== undefined) errs.push(forbiddenError(childPath(path, 'default'), 'must be undefined to be structural'));
  if (v.title) errs.push(forbiddenError(childPath(path, 'title'), 'must be empty to be structural'));
  if (v.description) errs.push(forbiddenError(childPath(path, 'description'), 'must be empty to be structural'));
  if (v.nullable) errs.push(forbiddenError(childPath(path, 'nullable'), 'must be false to be structural'));
  for (const [key, msg] of forbiddenInNested) {
    const val = v[key];
    const present = Array.isArray(val) ? val.length > 0 : val !== undefined && val !== false;
    if (present) errs.push(forbiddenError(childPath(path, key), msg));
  }
  if (v.properties?.metadata) errs.push(forbiddenError(keyPath(childPath(path, 'properties'), 'metadata'), 'must not be specified in a nested context'));
  return errs;
}

function completeness(s: JSONSchemaProps | undefined, path: string): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [...valueCompleteness(s, s, path, path)];
  errs.push(...completeness(itemsOf(s), childPath(path, 'items')));
  for (const [k, p] of Object.entries(s.properties ?? {})) errs.push(...completeness(p, keyPath(childPath(path, 'properties'), k)));
  errs.push(...completeness(additionalOf(s), childPath(path, 'additionalProperties')));
  return errs;
}

function valueCompleteness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const visit = (n: JSONSchemaProps, p: string) => errs.push(...nestedCompleteness(n, s, sPath, p));
  if (v.not) visit(v.not, childPath(vPath, 'not'));
  (v.allOf ?? []).forEach((n, i) => visit(n, indexPath(childPath(vPath, 'allOf'), i)));
  (v.anyOf ?? []).forEach((n, i) => visit(n, indexPath(childPath(vPath, 'anyOf'), i)));
  (v.oneOf ?? []).forEach((n, i) => visit(n, indexPath(childPath(vPath, 'oneOf'), i)));
  return errs;
}

function nestedCompleteness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string): FieldError[] {
  if (!s) return [requiredError(sPath, `because it is defined in ${vPath}`)];
  const errs: FieldError[] = [...valueCompleteness(v, s, sPath, vPath)];
  const vItems = itemsOf(v);
  if (vItems) errs.push(...nestedCompleteness(vItems, itemsOf(s), childPath(sPath, 'items'), childPath(vPath, 'items')));
  for (const [k, vf] of Object.entries(v.properties ?? {})) {
    const sf = s.properties?.[k];
    const sp = keyPath(childPath(sPath, 'properties'), k);
    const vp = keyPath(childPath(vPath, 'properties'), k);
    if (!sf) errs.push(requiredError(sp, `because it is defined in ${vp}`));
    else errs.push(...nestedCompleteness(vf, sf, sp, vp));
  }
  return errs;
}
