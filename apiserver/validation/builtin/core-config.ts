/**
 * ConfigMap and Secret content: keys that can become file names, a payload of at most 1 MiB, and
 * the keys each well-known Secret type must carry. Secrets are checked after their stringData was
 * folded into data, so `data` holds everything (base64 text on the wire).
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { invalidError, invalidErrors, keyPath, requiredError, tooLongError, type FieldError } from '../field-errors.ts';
import { configKeyErrors } from './formats.ts';
import { objectOf, stringOf, type Obj } from './readers.ts';
import { goJsonMapError } from './core-go-json.ts';
import type { BuiltinValidator } from './types.ts';

/** The most bytes a ConfigMap's or Secret's values may add up to. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const decoded = (v: unknown): Buffer => Buffer.from(stringOf(v), 'base64');

function keyErrors(path: string, key: string): FieldError[] {
  return invalidErrors(keyPath(path, key), key, configKeyErrors(key));
}

/** ConfigMap: valid keys, no key in both data and binaryData, at most 1 MiB of values. */
export const validateConfigMap: BuiltinValidator = (obj: KubeObject) => {
  const data = objectOf(obj.data) ?? {};
  const binary = objectOf(obj.binaryData) ?? {};
  const errs: FieldError[] = [];
  let size = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...keyErrors('data', key));
    if (Object.hasOwn(binary, key)) errs.push(invalidError(keyPath('data', key), key, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(stringOf(data[key]));
  }
  for (const key of Object.keys(binary).sort()) {
    errs.push(...keyErrors('binaryData', key));
    size += decoded(binary[key]).length;
  }
  // Kubernetes reports the size on the root path, which its path printer renders as `[]`.
  if (size > MAX_PAYLOAD_BYTES) errs.push(tooLongError('[]', MAX_PAYLOAD_BYTES));
  return errs;
};

const SERVICE_ACCOUNT_NAME = 'kubernetes.io/service-account.name';

/** The keys (and their checks) a Secret of a well-known type needs. */
function typeErrors(type: string, data: Obj, annotations: Record<string, string>): FieldError[] {
  const has = (key: string) => Object.hasOwn(data, key);
  const required = (key: string) => requiredError(keyPath('data', key), '');
  switch (type) {
    case 'kubernetes.io/service-account-token':
      return annotations[SERVICE_ACCOUNT_NAME] ? [] : [requiredError(keyPath('metadata.annotations', SERVICE_ACCOUNT_NAME), '')];
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) return [required(key)];
      const problem = goJsonMapError(decoded(data[key]));
      return problem ? [invalidError(keyPath('data', key), '<secret contents redacted>', problem)] : [];
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of them must be there.
      return has('username') || has('password') ? [] : [required('username'), required('password')];
    case 'kubernetes.io/ssh-auth':
      return decoded(data['ssh-privatekey']).length ? [] : [required('ssh-privatekey')];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [required('tls.crt')]), ...(has('tls.key') ? [] : [required('tls.key')])];
    default:
      return [];
  }
}

/** Secret: valid keys, at most 1 MiB of decoded values, and its type's required keys. */
export const validateSecret: BuiltinValidator = (obj: KubeObject) => {
  const data = objectOf(obj.data) ?? {};
  const errs: FieldError[] = [];
  let size = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...keyErrors('data', key));
    size += decoded(data[key]).length;
  }
  if (size > MAX_PAYLOAD_BYTES) errs.push(tooLongError('data', MAX_PAYLOAD_BYTES));
  errs.push(...typeErrors(stringOf(obj.type), data, obj.metadata.annotations ?? {}));
  return errs;
};
