/**
 * Where and how a pod may be placed (parts of Kubernetes' ValidatePodSpec): tolerations, node
 * affinity, pod (anti-)affinity terms, topology spread constraints, scheduling and readiness gates.
 */
import { childPath, duplicateError, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, labelValueErrors, qualifiedNameErrors } from '../names.ts';
import { numberOf, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import { labelSelectorErrors } from './workload-selectors.ts';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Errors of `tolerations` at `path` (ValidateTolerations). */
export function tolerationErrors(tolerations: unknown, path: string): FieldError[] {
  return objectsOf(tolerations).flatMap((t, i) => {
    const idx = indexPath(path, i);
    const key = stringOf(t.key);
    const operator = stringOf(t.operator);
    const effect = stringOf(t.effect);
    const value = stringOf(t.value);
    const errs = key ? invalidErrors(childPath(idx, 'key'), key, qualifiedNameErrors(key)) : [];
    if (!key && operator !== 'Exists') {
      errs.push(invalidError(childPath(idx, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (numberOf(t.tolerationSeconds) !== undefined && effect !== 'NoExecute') {
      errs.push(invalidError(childPath(idx, 'effect'), effect, `effect must be 'NoExecute' when \`tolerationSeconds\` is set`));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = labelValueErrors(value);
      // Kubernetes reports a bad value at the operator, joined into one message.
      if (msgs.length) errs.push(invalidError(childPath(idx, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value) errs.push(invalidError(childPath(idx, 'operator'), value, `value must be empty when \`operator\` is 'Exists'`));
    } else {
      errs.push(notSupportedError(childPath(idx, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect && !EFFECTS.includes(effect)) errs.push(notSupportedError(childPath(idx, 'effect'), effect, EFFECTS));
    return errs;
  });
}

function nodeRequirementErrors(req: Obj, allowInvalidValues: boolean, path: string): FieldError[] {
  const values = Array.isArray(req.values) ? req.values.map(stringOf) : [];
  const operator = stringOf(req.operator);
  const errs: FieldError[] = [];
  if (operator === 'In' || operator === 'NotIn') {
    if (!values.length) errs.push(requiredError(childPath(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length) errs.push(forbiddenError(childPath(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) errs.push(requiredError(childPath(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errs.push(invalidError(childPath(path, 'operator'), operator, 'not a valid selector operator'));
  }
  const key = stringOf(req.key);
  errs.push(...invalidErrors(childPath(path, 'key'), key, qualifiedNameErrors(key)));
  if (!allowInvalidValues) {
    values.forEach((v, i) => errs.push(...invalidErrors(indexPath(childPath(path, 'values'), i), v, labelValueErrors(v))));
  }
  return errs;
}

function nodeFieldRequirementErrors(req: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const operator = stringOf(req.operator);
  if (operator === 'In' || operator === 'NotIn') {
    if (!Array.isArray(req.values) || req.values.length !== 1) {
      errs.push(requiredError(childPath(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalidError(childPath(path, 'operator'), operator, 'not a valid selector operator'));
  }
  if (stringOf(req.key) !== 'metadata.name') errs.push(invalidError(childPath(path, 'key'), stringOf(req.key), 'not a valid field selector key'));
  return errs;
}

function nodeSelectorTermErrors(term: Obj, allowInvalidValues: boolean, path: string): FieldError[] {
  return [
    ...objectsOf(term.matchExpressions).flatMap((r, j) => nodeRequirementErrors(r, allowInvalidValues, indexPath(childPath(path, 'matchExpressions'), j))),
    ...objectsOf(term.matchFields).flatMap((r, j) => nodeFieldRequirementErrors(r, indexPath(childPath(path, 'matchFields'), j))),
  ];
}

function weightErrors(weight: unknown, path: string): FieldError[] {
  const w = numberOf(weight) ?? 0;
  return w <= 0 || w > 100 ? [invalidError(path, w, 'must be in the range 1-100')] : [];
}

function podAffinityTermErrors(term: Obj, path: string): FieldError[] {
  const errs = [...labelSelectorErrors(term.labelSelector, childPath(path, 'labelSelector')), ...labelSelectorErrors(term.namespaceSelector, childPath(path, 'namespaceSelector'))];
  // Kubernetes reports every bad namespace at `namespace`, without an index.
  for (const ns of Array.isArray(term.namespaces) ? term.namespaces.map(stringOf) : []) {
    errs.push(...invalidErrors(childPath(path, 'namespace'), ns, dns1123LabelErrors(ns)));
  }
  const key = stringOf(term.topologyKey);
  if (!key) errs.push(requiredError(childPath(path, 'topologyKey'), 'can not be empty'));
  return [...errs, ...invalidErrors(childPath(path, 'topologyKey'), key, qualifiedNameErrors(key))];
}

function podAffinityErrors(affinity: Obj, path: string): FieldError[] {
  const required = childPath(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  const preferred = childPath(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  return [
    ...objectsOf(affinity.requiredDuringSchedulingIgnoredDuringExecution).flatMap((t, i) => podAffinityTermErrors(t, indexPath(required, i))),
    ...objectsOf(affinity.preferredDuringSchedulingIgnoredDuringExecution).flatMap((t, i) => [
      ...weightErrors(t.weight, childPath(indexPath(preferred, i), 'weight')),
      ...podAffinityTermErrors(objectOf(t.podAffinityTerm) ?? {}, childPath(indexPath(preferred, i), 'podAffinityTerm')),
    ]),
  ];
}

/** Errors of `affinity` at `path`: node selector terms and pod affinity terms. */
export function affinityErrors(affinity: unknown, path: string): FieldError[] {
  const a = objectOf(affinity);
  if (!a) return [];
  const errs: FieldError[] = [];
  const node = objectOf(a.nodeAffinity);
  if (node) {
    const nodePath = childPath(path, 'nodeAffinity');
    const required = objectOf(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = childPath(childPath(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
      const terms = objectsOf(required.nodeSelectorTerms);
      if (!terms.length) errs.push(requiredError(termsPath, 'must have at least one node selector term'));
      terms.forEach((t, i) => errs.push(...nodeSelectorTermErrors(t, false, indexPath(termsPath, i))));
    }
    const preferredPath = childPath(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution');
    objectsOf(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...weightErrors(t.weight, childPath(indexPath(preferredPath, i), 'weight')));
      // A preferred term may name values no node has yet.
      errs.push(...nodeSelectorTermErrors(objectOf(t.preference) ?? {}, true, childPath(indexPath(preferredPath, i), 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = objectOf(a[kind]);
    if (pod) errs.push(...podAffinityErrors(pod, childPath(path, kind)));
  }
  return errs;
}

/** Errors of `topologySpreadConstraints` at `path`. */
export function topologySpreadErrors(constraints: unknown, path: string): FieldError[] {
  const list = objectsOf(constraints);
  return list.flatMap((c, i) => {
    const idx = indexPath(path, i);
    const errs: FieldError[] = [];
    const skew = numberOf(c.maxSkew) ?? 0;
    if (skew <= 0) errs.push(invalidError(childPath(idx, 'maxSkew'), skew, 'must be greater than zero'));
    const key = stringOf(c.topologyKey);
    if (!key) errs.push(requiredError(childPath(idx, 'topologyKey'), 'can not be empty'));
    const action = stringOf(c.whenUnsatisfiable);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errs.push(notSupportedError(childPath(idx, 'whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    if (list.slice(i + 1).some((o) => stringOf(o.topologyKey) === key && stringOf(o.whenUnsatisfiable) === action)) {
      errs.push(duplicateError(childPath(idx, '{topologyKey, whenUnsatisfiable}'), `{${key}, ${action}}`));
    }
    const minDomains = numberOf(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalidError(childPath(idx, 'minDomains'), minDomains, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') errs.push(invalidError(childPath(idx, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const value = c[policy];
      if (typeof value === 'string' && value !== 'Honor' && value !== 'Ignore') errs.push(notSupportedError(childPath(idx, policy), value, ['Honor', 'Ignore']));
    }
    return [...errs, ...labelSelectorErrors(c.labelSelector, childPath(idx, 'labelSelector'))];
  });
}

/** Errors of `readinessGates` and `schedulingGates` under `specPath`. */
export function gateErrors(spec: Obj, specPath: string): FieldError[] {
  const errs = objectsOf(spec.readinessGates).flatMap((g, i) => {
    const type = stringOf(g.conditionType);
    return invalidErrors(childPath(indexPath(childPath(specPath, 'readinessGates'), i), 'conditionType'), type, qualifiedNameErrors(type));
  });
  const seen = new Set<string>();
  objectsOf(spec.schedulingGates).forEach((g, i) => {
    const name = stringOf(g.name);
    const idx = indexPath(childPath(specPath, 'schedulingGates'), i);
    errs.push(...invalidErrors(idx, name, qualifiedNameErrors(name)));
    if (seen.has(name)) errs.push(duplicateError(idx, name));
    seen.add(name);
  });
  return errs;
}
