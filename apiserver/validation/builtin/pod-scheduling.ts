/**
 * Where and how a pod may be placed (parts of Kubernetes' ValidatePodSpec): tolerations, node
 * affinity, pod (anti-)affinity terms, topology spread constraints, scheduling and readiness gates.
 */
import { childPath, duplicateError, forbiddenError, indexPath, invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { labelValueErrors } from '../names.ts';
import { dns1123LabelErrors } from '../names.ts';
import { items, num, obj, qualifiedNameFieldErrors, str, type Obj } from './pod-formats.ts';
import { labelSelectorErrors } from './workload-selectors.ts';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Errors of `tolerations` at `path` (ValidateTolerations). */
export function tolerationErrors(tolerations: unknown, path: string): FieldError[] {
  return items(tolerations).flatMap((t, i) => {
    const idx = indexPath(path, i);
    const key = str(t.key);
    const operator = str(t.operator);
    const effect = str(t.effect);
    const value = str(t.value);
    const errs = key ? qualifiedNameFieldErrors(key, childPath(idx, 'key')) : [];
    if (!key && operator !== 'Exists') {
      errs.push(invalidError(childPath(idx, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (num(t.tolerationSeconds) !== undefined && effect !== 'NoExecute') {
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
  const values = Array.isArray(req.values) ? req.values.map(str) : [];
  const operator = str(req.operator);
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
  errs.push(...qualifiedNameFieldErrors(str(req.key), childPath(path, 'key')));
  if (!allowInvalidValues) {
    values.forEach((v, i) => errs.push(...labelValueErrors(v).map((m) => invalidError(indexPath(childPath(path, 'values'), i), v, m))));
  }
  return errs;
}

function nodeFieldRequirementErrors(req: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const operator = str(req.operator);
  if (operator === 'In' || operator === 'NotIn') {
    if (!Array.isArray(req.values) || req.values.length !== 1) {
      errs.push(requiredError(childPath(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalidError(childPath(path, 'operator'), operator, 'not a valid selector operator'));
  }
  if (str(req.key) !== 'metadata.name') errs.push(invalidError(childPath(path, 'key'), str(req.key), 'not a valid field selector key'));
  return errs;
}

function nodeSelectorTermErrors(term: Obj, allowInvalidValues: boolean, path: string): FieldError[] {
  return [
    ...items(term.matchExpressions).flatMap((r, j) => nodeRequirementErrors(r, allowInvalidValues, indexPath(childPath(path, 'matchExpressions'), j))),
    ...items(term.matchFields).flatMap((r, j) => nodeFieldRequirementErrors(r, indexPath(childPath(path, 'matchFields'), j))),
  ];
}

function weightErrors(weight: unknown, path: string): FieldError[] {
  const w = num(weight) ?? 0;
  return w <= 0 || w > 100 ? [invalidError(path, w, 'must be in the range 1-100')] : [];
}

function podAffinityTermErrors(term: Obj, path: string): FieldError[] {
  const errs = [...labelSelectorErrors(term.labelSelector, childPath(path, 'labelSelector')), ...labelSelectorErrors(term.namespaceSelector, childPath(path, 'namespaceSelector'))];
  // Kubernetes reports every bad namespace at `namespace`, without an index.
  for (const ns of Array.isArray(term.namespaces) ? term.namespaces.map(str) : []) {
    errs.push(...dns1123LabelErrors(ns).map((m) => invalidError(childPath(path, 'namespace'), ns, m)));
  }
  const key = str(term.topologyKey);
  if (!key) errs.push(requiredError(childPath(path, 'topologyKey'), 'can not be empty'));
  return [...errs, ...qualifiedNameFieldErrors(key, childPath(path, 'topologyKey'))];
}

function podAffinityErrors(affinity: Obj, path: string): FieldError[] {
  const required = childPath(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  const preferred = childPath(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  return [
    ...items(affinity.requiredDuringSchedulingIgnoredDuringExecution).flatMap((t, i) => podAffinityTermErrors(t, indexPath(required, i))),
    ...items(affinity.preferredDuringSchedulingIgnoredDuringExecution).flatMap((t, i) => [
      ...weightErrors(t.weight, childPath(indexPath(preferred, i), 'weight')),
      ...podAffinityTermErrors(obj(t.podAffinityTerm) ?? {}, childPath(indexPath(preferred, i), 'podAffinityTerm')),
    ]),
  ];
}

/** Errors of `affinity` at `path`: node selector terms and pod affinity terms. */
export function affinityErrors(affinity: unknown, path: string): FieldError[] {
  const a = obj(affinity);
  if (!a) return [];
  const errs: FieldError[] = [];
  const node = obj(a.nodeAffinity);
  if (node) {
    const nodePath = childPath(path, 'nodeAffinity');
    const required = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = childPath(childPath(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
      const terms = items(required.nodeSelectorTerms);
      if (!terms.length) errs.push(requiredError(termsPath, 'must have at least one node selector term'));
      terms.forEach((t, i) => errs.push(...nodeSelectorTermErrors(t, false, indexPath(termsPath, i))));
    }
    const preferredPath = childPath(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution');
    items(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...weightErrors(t.weight, childPath(indexPath(preferredPath, i), 'weight')));
      // A preferred term may name values no node has yet.
      errs.push(...nodeSelectorTermErrors(obj(t.preference) ?? {}, true, childPath(indexPath(preferredPath, i), 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = obj(a[kind]);
    if (pod) errs.push(...podAffinityErrors(pod, childPath(path, kind)));
  }
  return errs;
}

/** Errors of `topologySpreadConstraints` at `path`. */
export function topologySpreadErrors(constraints: unknown, path: string): FieldError[] {
  const list = items(constraints);
  return list.flatMap((c, i) => {
    const idx = indexPath(path, i);
    const errs: FieldError[] = [];
    const skew = num(c.maxSkew) ?? 0;
    if (skew <= 0) errs.push(invalidError(childPath(idx, 'maxSkew'), skew, 'must be greater than zero'));
    const key = str(c.topologyKey);
    if (!key) errs.push(requiredError(childPath(idx, 'topologyKey'), 'can not be empty'));
    const action = str(c.whenUnsatisfiable);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errs.push(notSupportedError(childPath(idx, 'whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    if (list.slice(i + 1).some((o) => str(o.topologyKey) === key && str(o.whenUnsatisfiable) === action)) {
      errs.push(duplicateError(childPath(idx, '{topologyKey, whenUnsatisfiable}'), `{${key}, ${action}}`));
    }
    const minDomains = num(c.minDomains);
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
  const errs = items(spec.readinessGates).flatMap((g, i) =>
    qualifiedNameFieldErrors(str(g.conditionType), childPath(indexPath(childPath(specPath, 'readinessGates'), i), 'conditionType')));
  const seen = new Set<string>();
  items(spec.schedulingGates).forEach((g, i) => {
    const name = str(g.name);
    const idx = indexPath(childPath(specPath, 'schedulingGates'), i);
    errs.push(...qualifiedNameFieldErrors(name, idx));
    if (seen.has(name)) errs.push(duplicateError(idx, name));
    seen.add(name);
  });
  return errs;
}
