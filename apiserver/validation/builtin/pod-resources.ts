/**
 * A container's resource requirements (Kubernetes' ValidateContainerResourceRequirements):
 * resource names a container may ask for, quantities that are not negative, requests no larger
 * than limits (equal to them for extended resources and hugepages), and hugepages beside cpu or
 * memory in whole pages.
 */
import { childPath, forbiddenError, invalidError, invalidErrors, keyPath, requiredError, type FieldError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import { objectOf } from './readers.ts';
import { amountOf, formatAmount, type Amount } from '../../objects/quota-resource-list.ts';

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers', 'storage', 'requests.storage',
]);
const HUGEPAGES = 'hugepages-';
const NANO = 1_000_000_000n;

const isHugePages = (name: string) => name.startsWith(HUGEPAGES);
/** Unprefixed names and `*kubernetes.io/` names are Kubernetes' own; the rest are extended resources. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** Only native resources other than hugepages may request less than their limit. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

function isExtended(name: string): boolean {
  return !isNative(name) && !name.startsWith('requests.') && !qualifiedNameErrors(`requests.${name}`).length;
}

/** The name of a container resource (validateContainerResourceName). */
function resourceNameErrors(name: string, path: string): FieldError[] {
  const qualified = qualifiedNameErrors(name);
  if (qualified.length) return invalidErrors(path, name, qualified);
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.startsWith('requests.hugepages-')) {
      return [invalidError(path, name, 'must be a standard resource type or fully qualified')];
    }
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) return [invalidError(path, name, 'must be a standard resource for containers')];
  } else if (!isNative(name) && !isExtended(name)) {
    return [invalidError(path, name, `doesn't follow extended resource name standard`)];
  }
  return [];
}

/** A hugepages amount must be a whole number of pages of the size the name gives. */
function hugePageErrors(name: string, amount: Amount, path: string): FieldError[] {
  const page = amountOf(name.slice(HUGEPAGES.length));
  const whole = (amount.nanos + NANO - 1n) / NANO;
  const pageBytes = page ? page.nanos / NANO : 0n;
  const divisible = !!page && page.nanos > 0n && page.nanos % NANO === 0n && whole % pageBytes === 0n;
  return divisible ? [] : [invalidError(path, formatAmount(amount), `${formatAmount(amount)} is not positive integer multiple of ${name}`)];
}

function quantityErrors(name: string, value: unknown, path: string): { amount?: Amount; errors: FieldError[] } {
  const amount = amountOf(value);
  const errors = resourceNameErrors(name, path);
  if (!amount) return { errors };
  if (amount.nanos < 0n) errors.push(invalidError(path, formatAmount(amount), 'must be greater than or equal to 0'));
  return { amount, errors };
}

/** Errors of a container's `resources` at `path`. */
export function resourceRequirementsErrors(resources: unknown, path: string): FieldError[] {
  const r = objectOf(resources) ?? {};
  const limPath = childPath(path, 'limits');
  const reqPath = childPath(path, 'requests');
  const limits = objectOf(r.limits) ?? {};
  const requests = objectOf(r.requests) ?? {};
  const errs: FieldError[] = [];
  const limitAmounts = new Map<string, Amount | undefined>();
  for (const [name, value] of Object.entries(limits)) {
    const { amount, errors } = quantityErrors(name, value, keyPath(limPath, name));
    limitAmounts.set(name, amount);
    errs.push(...errors);
    if (amount && isHugePages(name)) errs.push(...hugePageErrors(name, amount, keyPath(limPath, name)));
  }
  for (const [name, value] of Object.entries(requests)) {
    const { amount, errors } = quantityErrors(name, value, keyPath(reqPath, name));
    errs.push(...errors);
    const limit = limitAmounts.get(name);
    if (limitAmounts.has(name)) {
      if (amount && limit && amount.nanos !== limit.nanos && !overcommitAllowed(name)) {
        errs.push(invalidError(reqPath, formatAmount(amount), `must be equal to ${name} limit of ${formatAmount(limit)}`));
      } else if (amount && limit && amount.nanos > limit.nanos) {
        errs.push(invalidError(reqPath, formatAmount(amount), `must be less than or equal to ${name} limit of ${formatAmount(limit)}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(requiredError(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (amount && isHugePages(name)) errs.push(...hugePageErrors(name, amount, keyPath(reqPath, name)));
  }
  const names = [...Object.keys(limits), ...Object.keys(requests)];
  if (names.some(isHugePages) && !names.some((n) => n === 'cpu' || n === 'memory')) errs.push(forbiddenError(path, 'HugePages require cpu or memory'));
  return errs;
}
