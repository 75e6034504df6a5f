/**
 * A container's environment (Kubernetes' ValidateEnv and ValidateEnvFrom): variable names, and
 * `valueFrom` naming exactly one source with the fields that source needs.
 */
import { childPath, indexPath, invalidError, invalidErrors, requiredError, type FieldError } from '../field-errors.ts';
import { ENV_FIELD_PATHS, fieldSelectorErrors, resourceSelectorErrors } from './pod-field-selectors.ts';
import { configKeyErrors } from './formats.ts';
import { envVarNameErrors, subdomainNameErrors } from './pod-formats.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';

/** A configMapKeyRef or secretKeyRef: an object name and a valid key. */
function keySelectorErrors(ref: Obj, path: string): FieldError[] {
  const name = stringOf(ref.name);
  const errs = invalidErrors(childPath(path, 'name'), name, subdomainNameErrors(name));
  const key = stringOf(ref.key);
  if (!key) errs.push(requiredError(childPath(path, 'key')));
  else errs.push(...invalidErrors(childPath(path, 'key'), key, configKeyErrors(key)));
  return errs;
}

function valueFromErrors(env: Obj, path: string): FieldError[] {
  const from = objectOf(env.valueFrom);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = objectOf(from.fieldRef);
  if (fieldRef) { sources++; errs.push(...fieldSelectorErrors(fieldRef, ENV_FIELD_PATHS, childPath(path, 'fieldRef'))); }
  const resourceRef = objectOf(from.resourceFieldRef);
  if (resourceRef) { sources++; errs.push(...resourceSelectorErrors(resourceRef, childPath(path, 'resourceFieldRef'), false)); }
  const configMapRef = objectOf(from.configMapKeyRef);
  if (configMapRef) { sources++; errs.push(...keySelectorErrors(configMapRef, childPath(path, 'configMapKeyRef'))); }
  const secretRef = objectOf(from.secretKeyRef);
  if (secretRef) { sources++; errs.push(...keySelectorErrors(secretRef, childPath(path, 'secretKeyRef'))); }
  if (!sources) errs.push(invalidError(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (stringOf(env.value)) errs.push(invalidError(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalidError(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** Errors of `env` at `path`. */
export function envErrors(env: unknown, path: string): FieldError[] {
  return objectsOf(env).flatMap((e, i) => {
    const idx = indexPath(path, i);
    const name = stringOf(e.name);
    const errs = name ? invalidErrors(childPath(idx, 'name'), name, envVarNameErrors(name)) : [requiredError(childPath(idx, 'name'))];
    return [...errs, ...valueFromErrors(e, childPath(idx, 'valueFrom'))];
  });
}

/** A configMapRef or secretRef of envFrom: a name that may end in a hyphen. */
function envSourceErrors(ref: Obj, path: string): FieldError[] {
  const name = stringOf(ref.name);
  if (!name) return [requiredError(childPath(path, 'name'))];
  return invalidErrors(childPath(path, 'name'), name, subdomainNameErrors(name, true));
}

/**
 * Errors of `envFrom` at `path`. A source naming neither or both kinds is reported at the list
 * itself, as Kubernetes does.
 */
export function envFromErrors(envFrom: unknown, path: string): FieldError[] {
  return objectsOf(envFrom).flatMap((e, i) => {
    const idx = indexPath(path, i);
    const prefix = stringOf(e.prefix);
    const errs = prefix ? invalidErrors(childPath(idx, 'prefix'), prefix, envVarNameErrors(prefix)) : [];
    let sources = 0;
    const configMapRef = objectOf(e.configMapRef);
    if (configMapRef) { sources++; errs.push(...envSourceErrors(configMapRef, childPath(idx, 'configMapRef'))); }
    const secretRef = objectOf(e.secretRef);
    if (secretRef) { sources++; errs.push(...envSourceErrors(secretRef, childPath(idx, 'secretRef'))); }
    if (!sources) errs.push(invalidError(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalidError(path, '', 'may not have more than one field specified at a time'));
    return errs;
  });
}
