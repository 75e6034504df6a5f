/**
 * Kubernetes name formats with apimachinery's messages: DNS-1123 labels and subdomains, DNS-1035
 * labels, wildcard subdomains, qualified names, label values and path segment names.
 */

const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1035_LABEL_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FORMAT = `(${QUALIFIED_NAME_FORMAT})?`;

const whole = (format: string): RegExp => new RegExp(`^${format}$`);
const DNS1123_LABEL = whole(DNS1123_LABEL_FORMAT);
const DNS1123_SUBDOMAIN = whole(DNS1123_SUBDOMAIN_FORMAT);
const DNS1035_LABEL = whole(DNS1035_LABEL_FORMAT);
const WILDCARD_SUBDOMAIN = whole(`\\*\\.${DNS1123_SUBDOMAIN_FORMAT}`);
const QUALIFIED_NAME_PART = whole(QUALIFIED_NAME_FORMAT);
const LABEL_VALUE = whole(LABEL_VALUE_FORMAT);

/** A pattern failure worded as apimachinery's RegexError: the rule, examples, then the regex. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (!examples.length) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${format}')`;
}

/** `must be no more than N characters` when the value is longer. */
function maxLength(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

/** A length limit and a pattern, each reported on its own as apimachinery's Is* checks do. */
function formatErrors(value: string, max: number, pattern: RegExp, message: string): string[] {
  const errs = maxLength(value, max);
  if (!pattern.test(value)) errs.push(message);
  return errs;
}

const DNS1123_LABEL_MESSAGE = regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FORMAT, 'my-name', '123-abc');
const DNS1123_SUBDOMAIN_MESSAGE = regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FORMAT, 'example.com');
const DNS1035_LABEL_MESSAGE = regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FORMAT, 'my-name', 'abc-123');
const WILDCARD_SUBDOMAIN_MESSAGE = regexError("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character", `\\*\\.${DNS1123_SUBDOMAIN_FORMAT}`, '*.example.com');

/** Messages for a DNS-1123 label; empty when valid. */
export function dns1123LabelErrors(value: string): string[] {
  return formatErrors(value, 63, DNS1123_LABEL, DNS1123_LABEL_MESSAGE);
}

/** Messages for a DNS-1123 subdomain; empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  return formatErrors(value, 253, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MESSAGE);
}

/** Messages for a DNS-1035 label (Service names); empty when valid. */
export function dns1035LabelErrors(value: string): string[] {
  return formatErrors(value, 63, DNS1035_LABEL, DNS1035_LABEL_MESSAGE);
}

/** Messages for a wildcard DNS-1123 subdomain (`*.example.com`); empty when valid. */
export function wildcardSubdomainErrors(value: string): string[] {
  return formatErrors(value, 253, WILDCARD_SUBDOMAIN, WILDCARD_SUBDOMAIN_MESSAGE);
}

const QUALIFIED_NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/**
 * Messages for a qualified name (`[prefix/]name`), as label keys, annotation keys and finalizers
 * use. The name part's pattern is tested even when the part is empty or too long, so an empty
 * name part gets both messages, as apimachinery's IsQualifiedName gives them.
 */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`${regexError(`a qualified name ${QUALIFIED_NAME_RULE}`, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : value;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (!prefix) errs.push('prefix part must be non-empty');
    else for (const e of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${e}`);
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME_PART.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_RULE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const LABEL_VALUE_MESSAGE = regexError(`a valid label must be an empty string or ${QUALIFIED_NAME_RULE.replace('must consist', 'consist')}`, LABEL_VALUE_FORMAT, 'MyValue', 'my_value', '12345');

/** Messages for a label value; empty when valid. */
export function labelValueErrors(value: string): string[] {
  return formatErrors(value, 63, LABEL_VALUE, LABEL_VALUE_MESSAGE);
}

/** Messages for a path segment name (IsValidPathSegmentName): RBAC names and references. */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}
