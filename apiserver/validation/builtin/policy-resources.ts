/**
 * Resource names and quantities as quota and limit validation sees them: which names are standard
 * (for any object, for quota, for containers), which are extended or counted in whole units, and
 * how Kubernetes prints a quantity it refuses (Go's `%#v` of resource.Quantity, which shows the
 * parsed mantissa and scale next to the canonical text).
 */
import { type FieldError, invalidError } from '../field-errors.ts';
import { qualifiedNameMessages } from './core-formats.ts';
import { canonicalQuantity } from '../../table/quantity.ts';

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services',
  'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
]);

const STANDARD_QUOTA_RESOURCES = new Set([...STANDARD_RESOURCES].filter((r) => r !== 'storage'));

const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
]);

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isQuotaHugePages(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** Names without a domain, or in `kubernetes.io/`, belong to Kubernetes. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Device-plugin style resources (`example.com/gpu`) that quota may also count as `requests.<name>`. */
export function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return qualifiedNameMessages(`requests.${name}`).length === 0;
}

/** Whether a quota amount of this resource must be whole. */
export function isIntegerResource(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResource(name);
}

/** Whether the resource is a standard one quota tracks. */
export function isStandardQuotaResource(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePages(name);
}

/** validateResourceName: a qualified name, and a standard resource unless it has a domain. */
export function resourceNameErrors(name: string, path: string): FieldError[] {
  const errs = qualifiedNameMessages(name).map((msg) => invalidError(path, name, msg));
  if (errs.length) return errs;
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !isQuotaHugePages(name)) {
    return [invalidError(path, name, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

/** validateContainerResourceName: what a Pod or Container limit may name. */
export function containerResourceNameErrors(name: string, path: string): FieldError[] {
  const errs = resourceNameErrors(name, path);
  if (!name.includes('/')) {
    if (!CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) errs.push(invalidError(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    errs.push(invalidError(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

const SUFFIX_EXPONENT: Record<string, [number, number]> = {
  '': [10, 0], n: [10, -9], u: [10, -6], m: [10, -3], k: [10, 3], M: [10, 6], G: [10, 9], T: [10, 12], P: [10, 15], E: [10, 18],
  Ki: [2, 10], Mi: [2, 20], Gi: [2, 30], Ti: [2, 40], Pi: [2, 50], Ei: [2, 60],
};
const MAX_INT64 = (1n << 63n) - 1n;

/**
 * A quantity as Go's `%#v` prints it: the int64 mantissa and scale its parser keeps when the text
 * fits, the canonical text when the quantity was printed before (`withText`) or is already in
 * canonical form, and its format. Quantities too precise for an int64 print as Kubernetes' decimal
 * form does, behind a pointer whose address varies in Kubernetes too.
 */
export function goQuantity(text: string, withText: boolean): string {
  const m = /^([+-]?)0*(\d*)(?:\.(\d*))?(.*)$/.exec(text.trim());
  const canonical = canonicalQuantity(text);
  let value = 0n;
  let scale = 0;
  let cached = withText || text === '0' ? canonical : '';
  let decimalPointer = false;
  let format = 'DecimalSI';
  if (m && text !== '0') {
    const [, sign, whole, fraction = '', suffix = ''] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const num = whole || '0';
    let base = 10;
    let exponent: number;
    if (SUFFIX_EXPONENT[suffix]) [base, exponent] = SUFFIX_EXPONENT[suffix]!;
    else { exponent = Number(suffix.slice(1)); format = 'DecimalExponent'; }
    if (base === 2) format = 'BinarySI';
    const precision = base === 2 ? (fraction ? -1 : 15 - num.length - Math.trunc(exponent * 3 / 10) - 1) : 18 - (num.length + fraction.length);
    scale = base === 2 ? 0 : exponent - fraction.length;
    const shifted = num + fraction;
    const mantissa = base === 2 ? 1n << BigInt(exponent) : 1n;
    const result = BigInt(shifted) * mantissa;
    if (precision >= 0 && scale >= -9 && result <= MAX_INT64) {
      value = sign === '-' ? -result : result;
      const inCanonicalForm = base === 2 ? exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
      if (inCanonicalForm) cached = text;
    } else {
      decimalPointer = true;
      scale = 0;
    }
  }
  const dec = decimalPointer ? '(*inf.Dec)(0xc000200000)' : '(*inf.Dec)(nil)';
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:${dec}}, s:${JSON.stringify(cached)}, Format:${JSON.stringify(format)}}`;
}
