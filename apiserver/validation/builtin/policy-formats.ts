/**
 * Value formats the networking, RBAC and policy kinds check, with Kubernetes' wording: path
 * segment names, DNS-1035 labels, wildcard subdomains, port numbers and IANA service names,
 * percents, and the readers that take untyped request bodies apart.
 */

/** A JSON object field, or undefined when the value is not an object. */
export type Obj = Record<string, unknown>;

/** The value as an object, or undefined. */
export function objectOf(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The value as a list (absent or not a list: empty). */
export function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string, with absent or non-string values read as Go's zero value. */
export function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

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

/** IsValidPortNum. */
export function portNumberErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName: an IANA_SVC_NAME (at most 15 characters, a letter, no double hyphen). */
export function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
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
