/**
 * The downward API selectors shared by environment variables and downwardAPI volume files: a
 * `fieldRef` naming a pod field and a `resourceFieldRef` naming a container's request or limit.
 * Which fields may be named differs between the two users, so each passes its own list.
 */
import { childPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { amountOf, formatAmount } from '../../objects/quota-resource-list.ts';
import { qualifiedNameErrors } from '../names.ts';
import { stringOf, type Obj } from './readers.ts';

/** Fields an environment variable may take from the pod (sorted, as Kubernetes lists them). */
export const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

/** Fields a downwardAPI volume file may take from the pod. */
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** Every field label the v1 pod conversion knows (the rest fail before the lists above apply). */
const KNOWN_FIELD_LABELS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs', 'spec.host',
]);

/** Container resources either selector may read (sorted). */
const RESOURCE_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const HUGEPAGE_PREFIXES = ['limits.hugepages-', 'requests.hugepages-'];

/** `metadata.labels['app']` → [`metadata.labels`, `app`]. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith(`']`)) return undefined;
  const open = path.indexOf(`['`);
  return open < 0 ? undefined : [path.slice(0, open), path.slice(open + 2, -2)];
}

/** Errors of an ObjectFieldSelector (`fieldRef`) at `path`, allowing the fields in `allowed`. */
export function fieldSelectorErrors(ref: Obj, allowed: string[], path: string): FieldError[] {
  const apiVersion = stringOf(ref.apiVersion);
  const fieldPath = stringOf(ref.fieldPath);
  if (!apiVersion) return [requiredError(childPath(path, 'apiVersion'))];
  if (!fieldPath) return [requiredError(childPath(path, 'fieldPath'))];
  const subscripted = splitSubscript(fieldPath);
  let conversionError = '';
  if (apiVersion !== 'v1') conversionError = `unsupported pod version: ${apiVersion}`;
  else if (subscripted && subscripted[0] !== 'metadata.annotations' && subscripted[0] !== 'metadata.labels') conversionError = `field label does not support subscript: ${fieldPath}`;
  else if (!subscripted && !KNOWN_FIELD_LABELS.has(fieldPath)) conversionError = `field label not supported: ${fieldPath}`;
  if (conversionError) return [invalidError(childPath(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${conversionError}`)];
  if (subscripted) {
    const [base, key] = subscripted;
    const name = base === 'metadata.annotations' ? key.toLowerCase() : key;
    return invalidErrors(path, name, qualifiedNameErrors(name));
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  return allowed.includes(internal) ? [] : [notSupportedError(childPath(path, 'fieldPath'), internal, allowed)];
}

const DIVISORS: Record<string, string[]> = {
  cpu: ['1m', '1'],
  memory: ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'],
};

function divisorErrors(resource: string, divisor: unknown, path: string): FieldError[] {
  const amount = amountOf(divisor);
  if (!amount || amount.nanos === 0n) return [];
  const text = formatAmount(amount);
  const field = childPath(path, 'divisor');
  const kind = resource.slice(resource.indexOf('.') + 1);
  if (kind === 'cpu' && !DIVISORS.cpu!.includes(text)) return [invalidError(field, resource, `only divisor's values 1m and 1 are supported with the cpu resource`)];
  const what = kind === 'memory' ? 'memory' : kind === 'ephemeral-storage' ? 'local ephemeral storage' : kind.startsWith('hugepages-') ? 'hugepages' : '';
  if (what && !DIVISORS.memory!.includes(text)) {
    return [invalidError(field, resource, `only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the ${what} resource`)];
  }
  return [];
}

/** Errors of a ResourceFieldSelector at `path`; a volume file must also name its container. */
export function resourceSelectorErrors(ref: Obj, path: string, volume: boolean): FieldError[] {
  const resource = stringOf(ref.resource);
  const errs: FieldError[] = [];
  if (volume && !stringOf(ref.containerName)) errs.push(requiredError(childPath(path, 'containerName')));
  else if (!resource) errs.push(requiredError(childPath(path, 'resource')));
  else if (!RESOURCE_PATHS.includes(resource) && !HUGEPAGE_PREFIXES.some((p) => resource.startsWith(p))) {
    errs.push(notSupportedError(childPath(path, 'resource'), resource, RESOURCE_PATHS));
  }
  return [...errs, ...divisorErrors(resource, ref.divisor, path)];
}
