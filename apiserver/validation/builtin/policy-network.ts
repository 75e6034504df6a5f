/**
 * NetworkPolicy content rules (Kubernetes' networking validation): selectors are valid label
 * selectors, ports are numbers in range or IANA service names with an end port only after a
 * numeric port, peers name exactly one kind of peer when one is an ipBlock, ipBlocks hold CIDRs
 * whose exceptions lie strictly inside them, and policy types are Ingress or Egress.
 */
import { type FieldError, childPath, forbiddenError, indexPath, invalidError, notSupportedError, requiredError } from '../field-errors.ts';
import type { BuiltinValidator } from './types.ts';
import { portNameErrors, portNumberErrors } from './core-formats.ts';
import { cidrContains, parseCIDR } from './policy-addresses.ts';
import { goTypedStrings, listOf, objectOf, stringOf } from './policy-formats.ts';
import { labelSelectorErrors, type SelectorOptions } from './policy-selectors.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function portErrors(raw: unknown, path: string): FieldError[] {
  const p = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  if (p.protocol !== undefined && p.protocol !== null && !PROTOCOLS.includes(stringOf(p.protocol))) {
    errs.push(notSupportedError(childPath(path, 'protocol'), stringOf(p.protocol), PROTOCOLS));
  }
  const hasEnd = typeof p.endPort === 'number';
  if (typeof p.port === 'number') {
    for (const msg of portNumberErrors(p.port)) errs.push(invalidError(childPath(path, 'port'), p.port, msg));
    if (hasEnd) {
      const end = p.endPort as number;
      if (end < p.port) errs.push(invalidError(childPath(path, 'endPort'), end, 'must be greater than or equal to `port`'));
      for (const msg of portNumberErrors(end)) errs.push(invalidError(childPath(path, 'endPort'), end, msg));
    }
  } else if (typeof p.port === 'string') {
    if (hasEnd) errs.push(invalidError(childPath(path, 'endPort'), p.endPort, 'may not be specified when `port` is non-numeric'));
    for (const msg of portNameErrors(p.port)) errs.push(invalidError(childPath(path, 'port'), p.port, msg));
  } else if (hasEnd) {
    errs.push(invalidError(childPath(path, 'endPort'), p.endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function ipBlockErrors(raw: Record<string, unknown>, path: string): FieldError[] {
  const cidrText = stringOf(raw.cidr);
  if (!cidrText) return [requiredError(childPath(path, 'cidr'))];
  const cidr = parseCIDR(cidrText);
  if (!cidr) return [invalidError(childPath(path, 'cidr'), cidrText, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  for (const [i, e] of listOf(raw.except).entries()) {
    const at = indexPath(childPath(path, 'except'), i);
    const text = stringOf(e);
    const except = parseCIDR(text);
    // Kubernetes stops at the first unparsable exception.
    if (!except) return [...errs, invalidError(at, text, 'not a valid CIDR')];
    if (!cidrContains(cidr, except.ip) || cidr.prefix >= except.prefix) errs.push(invalidError(at, text, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function peerErrors(raw: unknown, path: string, opts: SelectorOptions): FieldError[] {
  const peer = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  let count = 0;
  if (objectOf(peer.podSelector)) { count++; errs.push(...labelSelectorErrors(peer.podSelector, childPath(path, 'podSelector'), opts)); }
  if (objectOf(peer.namespaceSelector)) { count++; errs.push(...labelSelectorErrors(peer.namespaceSelector, childPath(path, 'namespaceSelector'), opts)); }
  const block = objectOf(peer.ipBlock);
  if (block) { count++; errs.push(...ipBlockErrors(block, childPath(path, 'ipBlock'))); }
  if (count === 0) errs.push(requiredError(path, 'must specify a peer'));
  else if (count > 1 && block) errs.push(forbiddenError(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function ruleErrors(rules: unknown, list: string, peersKey: string, opts: SelectorOptions): FieldError[] {
  return listOf(rules).flatMap((raw, i) => {
    const rule = objectOf(raw) ?? {};
    const at = indexPath(`spec.${list}`, i);
    return [
      ...listOf(rule.ports).flatMap((p, j) => portErrors(p, indexPath(childPath(at, 'ports'), j))),
      ...listOf(rule[peersKey]).flatMap((p, j) => peerErrors(p, indexPath(childPath(at, peersKey), j), opts)),
    ];
  });
}

const validateNetworkPolicy: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  // An update may keep a pod selector with values that are no longer valid label values.
  const opts: SelectorOptions = { allowInvalidLabelValues: !!old && labelSelectorErrors(objectOf(old.spec)?.podSelector, 'spec.podSelector').length > 0 };
  const errs = [
    ...labelSelectorErrors(spec.podSelector, 'spec.podSelector', opts),
    ...ruleErrors(spec.ingress, 'ingress', 'from', opts),
    ...ruleErrors(spec.egress, 'egress', 'to', opts),
  ];
  const types = listOf(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalidError('spec.policyTypes', { goLiteral: goTypedStrings(types, 'networking.PolicyType') }, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(stringOf(t))) errs.push(notSupportedError(indexPath('spec.policyTypes', i), stringOf(t), POLICY_TYPES));
  });
  return errs;
};

/** Validators of the NetworkPolicy kind, by storage key. */
export const NETWORK_POLICY_VALIDATORS: Record<string, BuiltinValidator> = {
  'networking.k8s.io/networkpolicies': validateNetworkPolicy,
};
