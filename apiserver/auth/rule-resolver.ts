/**
 * Resolves the RBAC rules that apply to a user in a namespace: ClusterRoleBindings everywhere,
 * RoleBindings only in their own namespace (a RoleBinding to a ClusterRole grants the ClusterRole's
 * rules inside that namespace only). Aggregated ClusterRoles take the rules of every ClusterRole
 * selected by their aggregationRule, as the aggregation controller would have written them.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { labelSelectorRequirements, matchesLabels, type LabelSelector } from '../../runtime/core/selectors.ts';
import type { PolicyRule, RbacSource, RoleRef, Subject, UserInfo } from './types.ts';

/** One binding that applies to the user, with the rules it grants. */
export interface AppliedBinding {
  /** Kubernetes' description: `ClusterRoleBinding "b" of ClusterRole "r" to User "u"`. */
  source: string;
  rules: PolicyRule[];
  /** Set when the referenced role does not exist. */
  error?: string;
}

const saPrefix = 'system:serviceaccount:';

/** The username of a ServiceAccount. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${saPrefix}${namespace}:${name}`;
}

/** Whether a binding subject names the user. ServiceAccounts default to the binding's namespace. */
export function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User': return user.username === subject.name;
    case 'Group': return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, subject.name);
    }
    default: return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return ((role?.rules as PolicyRule[] | undefined) ?? []).filter(Boolean);
}

/** The effective rules of a ClusterRole, expanding its aggregationRule. */
export function clusterRoleRules(role: KubeObject, rbac: RbacSource): PolicyRule[] {
  const aggregation = role.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined;
  const selectors = aggregation?.clusterRoleSelectors;
  if (!selectors) return rulesOf(role);
  const reqs = selectors.map((s) => labelSelectorRequirements(s));
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  const candidates = rbac.list('ClusterRole').slice().sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const other of candidates) {
    if (other.metadata.name === role.metadata.name) continue;
    if (!reqs.some((r) => matchesLabels(r, other.metadata.labels))) continue;
    for (const rule of rulesOf(other)) {
      const key = JSON.stringify(rule);
      if (!seen.has(key)) { seen.add(key); out.push(rule); }
    }
  }
  return out;
}

function roleRefRules(ref: RoleRef, bindingNamespace: string, rbac: RbacSource): { rules: PolicyRule[]; error?: string } {
  if (ref.kind === 'ClusterRole') {
    const role = rbac.list('ClusterRole').find((r) => r.metadata.name === ref.name);
    if (!role) return { rules: [], error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
    return { rules: clusterRoleRules(role, rbac) };
  }
  if (ref.kind === 'Role') {
    const role = rbac.list('Role', bindingNamespace).find((r) => r.metadata.name === ref.name && (r.metadata.namespace ?? '') === bindingNamespace);
    if (!role) return { rules: [], error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
    return { rules: rulesOf(role) };
  }
  return { rules: [], error: `unsupported role reference kind: "${ref.kind}"` };
}

/**
 * Every binding that applies to `user` for a request in `namespace` ('' for cluster-scoped and
 * non-resource requests, which only ClusterRoleBindings can grant).
 */
export function bindingsFor(user: UserInfo, namespace: string, rbac: RbacSource): AppliedBinding[] {
  const out: AppliedBinding[] = [];
  for (const b of rbac.list('ClusterRoleBinding')) {
    const subjects = (b.subjects as Subject[] | undefined) ?? [];
    const subject = subjects.find((s) => subjectAppliesTo(user, s, ''));
    if (!subject) continue;
    const ref = b.roleRef as RoleRef;
    const { rules, error } = roleRefRules(ref, '', rbac);
    const source = `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, '')}`;
    out.push(error ? { source, rules, error } : { source, rules });
  }
  if (namespace) {
    for (const b of rbac.list('RoleBinding', namespace)) {
      const bindingNs = b.metadata.namespace ?? '';
      if (bindingNs !== namespace) continue;
      const subjects = (b.subjects as Subject[] | undefined) ?? [];
      const subject = subjects.find((s) => subjectAppliesTo(user, s, bindingNs));
      if (!subject) continue;
      const ref = b.roleRef as RoleRef;
      const { rules, error } = roleRefRules(ref, bindingNs, rbac);
      const source = `RoleBinding ${JSON.stringify(`${b.metadata.name}/${bindingNs}`)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, bindingNs)}`;
      out.push(error ? { source, rules, error } : { source, rules });
    }
  }
  return out;
}
