/**
 * A pod's name resolution (Kubernetes' validateDNSPolicy, validatePodDNSConfig and
 * ValidateHostAliases): a supported policy, a config that `None` requires, libc's limits on
 * nameservers and search paths, and host aliases with real addresses.
 */
import { childPath, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import { ipErrors } from './addresses.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import { goStringSlice } from './go-values.ts';

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(stringOf) : []);

/** Errors of `dnsPolicy` under `specPath`. */
export function dnsPolicyErrors(spec: Obj, specPath: string): FieldError[] {
  const policy = stringOf(spec.dnsPolicy);
  const policyPath = childPath(specPath, 'dnsPolicy');
  if (!policy) return [requiredError(policyPath)];
  return DNS_POLICIES.includes(policy) ? [] : [notSupportedError(policyPath, policy, DNS_POLICIES)];
}

/** Errors of the spec's `dnsConfig` at `path`, which the `None` policy requires. */
export function dnsConfigErrors(spec: Obj, path: string): FieldError[] {
  const config = objectOf(spec.dnsConfig);
  const nameservers = strings(config?.nameservers);
  if (spec.dnsPolicy === 'None') {
    if (!config) return [requiredError(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!nameservers.length) return [requiredError(childPath(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!config) return [];
  const errs: FieldError[] = [];
  if (nameservers.length > MAX_NAMESERVERS) {
    errs.push(invalidError(childPath(path, 'nameservers'), { goLiteral: goStringSlice(nameservers) }, `must not have more than ${MAX_NAMESERVERS} nameservers`));
  }
  nameservers.forEach((ns, i) => errs.push(...ipErrors(indexPath(childPath(path, 'nameservers'), i), ns)));
  const searches = strings(config.searches);
  if (searches.length > MAX_SEARCH_PATHS) {
    errs.push(invalidError(childPath(path, 'searches'), { goLiteral: goStringSlice(searches) }, `must not have more than ${MAX_SEARCH_PATHS} search paths`));
  }
  if (searches.join(' ').length > MAX_SEARCH_CHARS) {
    errs.push(invalidError(childPath(path, 'searches'), { goLiteral: goStringSlice(searches) }, `must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list`));
  }
  searches.forEach((s, i) => {
    const search = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(...invalidErrors(indexPath(childPath(path, 'searches'), i), search, dns1123SubdomainErrors(search)));
  });
  objectsOf(config.options).forEach((o, i) => {
    if (!stringOf(o.name)) errs.push(requiredError(indexPath(childPath(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

/** Errors of `hostAliases` at `path`. */
export function hostAliasErrors(aliases: unknown, path: string): FieldError[] {
  return objectsOf(aliases).flatMap((a, i) => {
    const idx = indexPath(path, i);
    const errs = ipErrors(childPath(idx, 'ip'), stringOf(a.ip));
    strings(a.hostnames).forEach((h, j) => errs.push(...invalidErrors(indexPath(childPath(idx, 'hostnames'), j), h, dns1123SubdomainErrors(h))));
    return errs;
  });
}
