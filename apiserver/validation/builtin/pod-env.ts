/**
 * A container's environment (Kubernetes' ValidateEnv and ValidateEnvFrom): variable names, and
 * `valueFrom` naming exactly one source with the fields that source needs.
 */
import { childPath, indexPath, invalidError, requiredError, type FieldError } from '../field-errors.ts';
import { ENV_FIELD_PATHS, fieldSelectorErrors, resourceSelectorErrors } from './pod-field-selectors.ts';
import { configKeyErrors } from './core-formats.ts';
import { envVarNameErrors, items, obj, str, subdomainNameErrors, type Obj } from './pod-formats.ts';

/** A configMapKeyRef or secretKeyRef: an object name and a valid key. */
function keySelectorErrors(ref: Obj, path: string): FieldError[] {
  const name = str(ref.name);
  const errs = subdomainNameErrors(name).map((m) => invalidError(childPath(path, 'name'), name, m));
  const key = str(ref.key);
  if (!key) errs.push(requiredError(childPath(path, 'key')));
  else errs.push(...configKeyErrors(key).map((m) => invalidError(childPath(path, 'key'), key, m)));
  return errs;
}

function valueFromErrors(env: Obj, path: string): FieldError[] {
  const from = obj(env.valueFrom);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = obj(from.fieldRef);
  if (fieldRef) { sources++; errs.push(...fieldSelectorErrors(fieldRef, ENV_FIELD_PATHS, childPath(path, 'fieldRef'))); }
  const resourceRef = obj(from.resourceFieldRef);
  if (resourceRef) { sources++; errs.push(...resourceSelectorErrors(resourceRef, childPath(path, 'resourceFieldRef'), false)); }
  const configMapRef = obj(from.configMapKeyRef);
  if (configMapRef) { sources++; errs.push(...keySelectorErrors(configMapRef, childPath(path, 'configMapKeyRef'))); }
  const secretRef = obj(from.secretKeyRef);
  if (secretRef) { sources++; errs.push(...keySelectorErrors(secretRef, childPath(path, 'secretKeyRef'))); }
  if (!sources) errs.push(invalidError(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(env.value)) errs.push(invalidError(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalidError(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** Errors of `env` at `path`. */
export function envErrors(env: unknown, path: string): FieldError[] {
  return items(env).flatMap((e, i) => {
    const idx = indexPath(path, i);
    const name = str(e.name);
    const errs = name ? envVarNameErrors(name).map((m) => invalidError(childPath(idx, 'name'), name, m)) : [requiredError(childPath(idx, 'name'))];
    return [...errs, ...valueFromErrors(e, childPath(idx, 'valueFrom'))];
  });
}

/** A configMapRef or secretRef of envFrom: a name that may end in a hyphen. */
function envSourceErrors(ref: Obj, path: string): FieldError[] {
  const name = str(ref.name);
  if (!name) return [requiredError(childPath(path, 'name'))];
  return subdomainNameErrors(name, true).map((m) => invalidError(childPath(path, 'name'), name, m));
}

/**
 * Errors of `envFrom` at `path`. A source naming neither or both kinds is reported at the list
 * itself, as Kubernetes does.
 */
export function envFromErrors(envFrom: unknown, path: string): FieldError[] {
  return items(envFrom).flatMap((e, i) => {
    const idx = indexPath(path, i);
    const prefix = str(e.prefix);
    const errs = prefix ? envVarNameErrors(prefix).map((m) => invalidError(childPath(idx, 'prefix'), prefix, m)) : [];
    let sources = 0;
    const configMapRef = obj(e.configMapRef);
    if (configMapRef) { sources++; errs.push(...envSourceErrors(configMapRef, childPath(idx, 'configMapRef'))); }
    const secretRef = obj(e.secretRef);
    if (secretRef) { sources++; errs.push(...envSourceErrors(secretRef, childPath(idx, 'secretRef'))); }
    if (!sources) errs.push(invalidError(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalidError(path, '', 'may not have more than one field specified at a time'));
    return errs;
  });
}
