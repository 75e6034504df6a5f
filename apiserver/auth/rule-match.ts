/**
 * Matching of one RBAC PolicyRule against request attributes, with the wildcard semantics of
 * Kubernetes: `*` for verbs, groups, resources and URLs, `*` + `/<subresource>` for a subresource of any
 * resource, a trailing `*` as a prefix match for non-resource URLs, and resourceNames restricting to
 * named objects (a request without a name never matches a rule with resourceNames).
 */
import type { PolicyRule, RequestAttributes } from './types.ts';

const all = '*';

/** The verb matches when listed or when the rule has `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === all || v === verb);
}

/** The API group matches when listed or when the rule has `*`. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === all || g === group);
}

/** `resource` or `resource/subresource` against the rule, honouring `*` and a `*` resource with a subresource suffix. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === all || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** An empty resourceNames list allows every name; otherwise the requested name must be listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return name !== '' && names.includes(name);
}

/** Exact URL, `*`, or a rule ending in `*` that prefixes the path. */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === all || u === path) return true;
    if (u.endsWith(all) && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** True when the rule allows the request. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.nonResourcePath !== undefined) {
    return verbMatches(rule, attrs.verb) && nonResourceUrlMatches(rule, attrs.nonResourcePath);
  }
  const sub = attrs.subresource ?? '';
  const combined = sub ? `${attrs.resource}/${sub}` : attrs.resource;
  return verbMatches(rule, attrs.verb)
    && apiGroupMatches(rule, attrs.apiGroup)
    && resourceMatches(rule, combined, sub)
    && resourceNameMatches(rule, attrs.name ?? '');
}
