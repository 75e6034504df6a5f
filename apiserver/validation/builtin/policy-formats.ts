/**
 * Value formats the networking, RBAC and policy kinds check, with Kubernetes' wording: path
 * segment names, DNS-1035 labels, wildcard subdomains and percents (port numbers and names come
 * from the core formats), and the readers that take untyped request bodies apart.
 */

/** The loose readers of untyped request bodies, shared with the core kinds. */
export { arrayOf as listOf, objectOf, stringOf, type Obj } from './core-formats.ts';

/** `regex used for validation` errors, as apimachinery's RegexError words them. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (!examples.length) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${format}')`;
}

/** IsValidPathSegmentName: the names RBAC objects and references may carry. */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** IsDNS1035Label: Service names. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(value)) {
    errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", '[a-z]([-a-z0-9]*[a-z0-9])?', 'my-name', 'abc-123'));
  }
  return errs;
}

const SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_SUBDOMAIN = new RegExp(`^\\*\\.${SUBDOMAIN_FORMAT}$`);

/** IsWildcardDNS1123Subdomain: `*.example.com` hosts of Ingress rules and TLS entries. */
export function wildcardSubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_SUBDOMAIN.test(value)) {
    errs.push(regexError("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character", `\\*\\.${SUBDOMAIN_FORMAT}`, '*.example.com'));
  }
  return errs;
}

/** IsValidPercent: `[0-9]+%`. */
export function percentErrors(value: string): string[] {
  return /^[0-9]+%$/.test(value) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')];
}

/** An int-or-string field as Go's `%#v` prints it (`intstr.IntOrString{Type:1, IntVal:0, StrVal:"5x"}`). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`;
}

/** A list of strings of a named Go type as `%#v` prints it (`[]core.ResourceQuotaScope{"A"}`). */
export function goTypedStrings(v: unknown, type: string): string {
  if (!Array.isArray(v)) return `[]${type}(nil)`;
  return `[]${type}{${v.map((s) => JSON.stringify(String(s))).join(', ')}}`;
}
