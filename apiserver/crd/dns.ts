/**
 * The name checks of apimachinery `validation.IsDNS1123Subdomain/Label` and `IsDNS1035Label`,
 * returning the exact error strings Kubernetes joins into its messages.
 */

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';

function maxLen(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

/** Errors of a DNS-1123 subdomain (≤253 characters). */
export function isDns1123Subdomain(value: string): string[] {
  const errs = maxLen(value, 253);
  if (!new RegExp(`^${dns1123SubdomainFmt}$`).test(value)) {
    errs.push(`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`);
  }
  return errs;
}

/** Errors of a DNS-1123 label (≤63 characters). */
export function isDns1123Label(value: string): string[] {
  const errs = maxLen(value, 63);
  if (!new RegExp(`^${dns1123LabelFmt}$`).test(value)) {
    errs.push(`a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${dns1123LabelFmt}')`);
  }
  return errs;
}

/** Errors of a DNS-1035 label (≤63 characters, starts with a letter). */
export function isDns1035Label(value: string): string[] {
  const errs = maxLen(value, 63);
  if (!new RegExp(`^${dns1035LabelFmt}$`).test(value)) {
    errs.push(`a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${dns1035LabelFmt}')`);
  }
  return errs;
}
