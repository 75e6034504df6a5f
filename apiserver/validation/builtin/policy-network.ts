/**
 * NetworkPolicy content rules (Kubernetes' networking validation): selectors are valid label
 * selectors, ports are numbers in range or IANA service names with an end port only after a
 * numeric port, peers name exactly one kind of peer when one is an ipBlock, ipBlocks hold CIDRs
 * whose exceptions lie strictly inside them, and policy types are Ingress or Egress.
 */
import { type FieldError, childPath, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError } from '../field-errors.ts';
import { cidrContains, parseCIDR } from './addresses.ts';
import { portNameErrors, portNumberErrors } from './formats.ts';
import { goStringSlice } from './go-values.ts';
import { arrayOf, isSet, objectOf, stringOf } from './readers.ts';
import type { BuiltinValidator } from './types.ts';
import { keepsInvalidLabelValues, labelSelectorErrors, type SelectorOptions } from './workload-selectors.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function portErrors(raw: unknown, path: string): FieldError[] {
  const p = objectOf(raw) ?? {};
  const errs: FieldError[] = [];
  if (isSet(p.protocol) && !PROTOCOLS.includes(stringOf(p.protocol))) {
    errs.push(notSupportedError(childPath(path, 'protocol'), stringOf(p.protocol), PROTOCOLS));
  }
  const hasEnd = typeof p.endPort === 'number';
  if (typeof p.port === 'number') {
    errs.push(...invalidErrors(childPath(path, 'port'), p.port, portNumberErrors(p.port)));
    if (hasEnd) {
      const end = p.endPort as number;
      if (end < p.port) errs.push(invalidError(childPath(path, 'endPort'), end, 'must be greater than or equal to `port`'));
      errs.push(...invalidErrors(childPath(path, 'endPort'), end, portNumberErrors(end)));
    }
  } else if (typeof p.port === 'string') {
    if (hasEnd) errs.push(invalidError(childPath(path, 'endPort'), p.endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...invalidErrors(childPath(path, 'port'), p.port, portNameErrors(p.port)));
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
  for (const [i, e] of arrayOf(raw.except).entries()) {
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
  return arrayOf(rules).flatMap((raw, i) => {
    const rule = objectOf(raw) ?? {};
    const at = indexPath(`spec.${list}`, i);
    return [
      ...arrayOf(rule.ports).flatMap((p, j) => portErrors(p, indexPath(childPath(at, 'ports'), j))),
      ...arrayOf(rule[peersKey]).flatMap((p, j) => peerErrors(p, indexPath(childPath(at, peersKey), j), opts)),
    ];
  });
}

const validateNetworkPolicy: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  // An update may keep a pod selector with values that are no longer valid label values.
  const opts = keepsInvalidLabelValues(objectOf(old?.spec)?.podSelector);
  const errs = [
    ...labelSelectorErrors(spec.podSelector, 'spec.podSelector', opts),
    ...ruleErrors(spec.ingress, 'ingress', 'from', opts),
    ...ruleErrors(spec.egress, 'egress', 'to', opts),
  ];
  const types = arrayOf(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalidError('spec.policyTypes', { goLiteral: goStringSlice(types, 'networking.PolicyType') }, 'may not specify more than two policyTypes'));
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
