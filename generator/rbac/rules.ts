/**
 * RBAC rule normalisation with controller-gen's semantics: one rule per resource, then merging of
 * rules that differ only in verbs, then only in resources, then only in groups, then only in URLs,
 * and finally ordering by a textual key. Keeping these exact steps is what makes the generated
 * role.yaml match a kubebuilder project's byte for byte.
 */

/** One `+kubebuilder:rbac` marker, after argument parsing. */
export interface RbacMarker {
  groups: string[];
  resources: string[];
  resourceNames: string[];
  verbs: string[];
  urls: string[];
  namespace: string;
  roleName: string;
}

/** A Kubernetes PolicyRule with empty lists left out. */
export interface PolicyRule {
  apiGroups?: string[];
  nonResourceURLs?: string[];
  resourceNames?: string[];
  resources?: string[];
  verbs: string[];
}

/** The rules of one ClusterRole (namespace `''`) or Role. */
export interface RoleRules {
  namespace: string;
  roleName: string;
  rules: PolicyRule[];
}

interface Rule {
  groups: string[];
  resources: string[];
  resourceNames: string[];
  verbs: string[];
  urls: string[];
}

/** Groups markers by (namespace, role name), normalises each group, and orders the roles. */
export function buildRoles(markers: RbacMarker[], defaultRoleName: string): RoleRules[] {
  const byRole = new Map<string, { namespace: string; roleName: string; rules: Rule[] }>();
  for (const m of markers) {
    const roleName = m.roleName || defaultRoleName;
    const id = JSON.stringify([m.namespace, roleName]);
    let entry = byRole.get(id);
    if (!entry) byRole.set(id, (entry = { namespace: m.namespace, roleName, rules: [] }));
    const perResource = m.resources.length === 0 ? [[]] : m.resources.map((r) => [r]);
    for (const resources of perResource) {
      entry.rules.push({ groups: [...m.groups], resources, resourceNames: [...m.resourceNames], verbs: [...m.verbs], urls: [...m.urls] });
    }
  }
  const roles = [...byRole.values()].sort((a, b) => byteCompare(a.namespace, b.namespace) || byteCompare(a.roleName, b.roleName));
  return roles
    .map((r) => ({ namespace: r.namespace, roleName: r.roleName, rules: normalizeRules(r.rules) }))
    .filter((r) => r.rules.length > 0);
}

/** Merges and sorts the rules of one role. */
function normalizeRules(input: Rule[]): PolicyRule[] {
  let byKey = new Map<string, Rule>();
  for (const rule of input) {
    rule.groups = rule.groups.map((g) => (g === 'core' ? '' : g));
    normalize(rule);
    const key = ruleKey(rule);
    const existing = byKey.get(key);
    if (existing) existing.verbs = dedupSort([...existing.verbs, ...rule.verbs]);
    else byKey.set(key, rule);
  }
  byKey = mergeOn(byKey, (r) => [r.groups, r.resourceNames, r.urls, r.verbs], (into, from) => into.resources.push(...from.resources));
  byKey = mergeOn(byKey, (r) => [r.resources, r.resourceNames, r.urls, r.verbs], (into, from) => into.groups.push(...from.groups));
  byKey = mergeOn(byKey, (r) => [r.groups, r.resources, r.resourceNames, r.verbs], (into, from) => into.urls.push(...from.urls));
  const keys = [...byKey.keys()].sort(byteCompare);
  return keys.map((key) => {
    const r = byKey.get(key)!;
    const verbs = r.verbs.includes('*') ? ['*'] : r.verbs;
    const out: PolicyRule = { verbs };
    if (r.groups.length) out.apiGroups = r.groups;
    if (r.urls.length) out.nonResourceURLs = r.urls;
    if (r.resourceNames.length) out.resourceNames = r.resourceNames;
    if (r.resources.length) out.resources = r.resources;
    return out;
  });
}

/**
 * Merges rules that agree on every list but one. Buckets are visited in key order so the result
 * does not depend on insertion order; a merged rule that collides with another key replaces it,
 * as in controller-gen.
 */
function mergeOn(rules: Map<string, Rule>, signature: (r: Rule) => string[][], merge: (into: Rule, from: Rule) => void): Map<string, Rule> {
  const buckets = new Map<string, Rule[]>();
  for (const key of [...rules.keys()].sort(byteCompare)) {
    const rule = rules.get(key)!;
    const sig = signature(rule).map((l) => l.join('&')).join(' + ');
    const bucket = buckets.get(sig);
    if (bucket) bucket.push(rule);
    else buckets.set(sig, [rule]);
  }
  const out = new Map<string, Rule>();
  for (const bucket of buckets.values()) {
    const [first, ...rest] = bucket;
    for (const other of rest) merge(first!, other);
    normalize(first!);
    out.set(ruleKey(first!), first!);
  }
  return out;
}

function ruleKey(r: Rule): string {
  return [r.groups, r.resources, r.resourceNames, r.urls].map((l) => l.join('&')).join(' + ');
}

function normalize(r: Rule): void {
  r.groups = dedupSort(r.groups);
  r.resources = dedupSort(r.resources);
  r.resourceNames = dedupSort(r.resourceNames);
  r.verbs = dedupSort(r.verbs);
  r.urls = dedupSort(r.urls);
}

function dedupSort(list: string[]): string[] {
  return [...new Set(list)].sort(byteCompare);
}

/** Go's string comparison: UTF-8 byte order. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
