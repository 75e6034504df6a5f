/**
 * Validation of the names users pass to `tsop init` and `tsop create`, and the names derived
 * from them (full group, plural, file names), following kubebuilder's rules.
 */
import { defaultPlural } from '../generator/crd/plural.ts';
import { ScaffoldError } from './errors.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks a DNS-1123 subdomain such as `example.com`. */
export function validateDomain(domain: string): string {
  if (!domain || domain.length > 253 || !domain.split('.').every((l) => l.length <= 63 && DNS_LABEL.test(l))) {
    throw new ScaffoldError('invalid-input', `invalid domain ${JSON.stringify(domain)}: expected a lower-case DNS name such as example.com`);
  }
  return domain;
}

/** Checks a project name: a DNS-1123 label (it prefixes the namespace and object names). */
export function validateProjectName(name: string): string {
  if (name.length > 40 || !DNS_LABEL.test(name)) {
    throw new ScaffoldError('invalid-input', `invalid project name ${JSON.stringify(name)}: expected lower-case letters, digits and '-', at most 40 characters (pass --project-name)`);
  }
  return name;
}

/** Checks the short group (`ship` in ship.example.com): a DNS-1123 label. */
export function validateGroup(group: string): string {
  if (!DNS_LABEL.test(group) || group.length > 63) {
    throw new ScaffoldError('invalid-input', `invalid group ${JSON.stringify(group)}: expected a lower-case DNS label such as "ship" (the domain is appended)`);
  }
  return group;
}

/** Checks a Kubernetes API version: v1, v1alpha1, v2beta3. */
export function validateVersion(version: string): string {
  if (!/^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/.test(version)) {
    throw new ScaffoldError('invalid-input', `invalid version ${JSON.stringify(version)}: expected v1, v1alpha1, v2beta1 and the like`);
  }
  return version;
}

/** Checks a kind: PascalCase, letters and digits, at most 63 characters. */
export function validateKind(kind: string): string {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind) || kind.length > 63) {
    throw new ScaffoldError('invalid-input', `invalid kind ${JSON.stringify(kind)}: expected PascalCase such as "FrigateFleet"`);
  }
  return kind;
}

/** Everything the API templates need to know about one kind. */
export interface KindNames {
  group: string;
  fullGroup: string;
  version: string;
  kind: string;
  kindLower: string;
  plural: string;
  namespaced: boolean;
}

/** Validates the flags of `tsop create api|webhook` and derives the other names. */
export function kindNames(opts: { group: string; version: string; kind: string; domain: string; namespaced?: boolean }): KindNames {
  const group = validateGroup(opts.group);
  const version = validateVersion(opts.version);
  const kind = validateKind(opts.kind);
  const fullGroup = `${group}.${opts.domain}`;
  if (fullGroup.length > 253) throw new ScaffoldError('invalid-input', `group ${fullGroup} is longer than 253 characters`);
  return { group, fullGroup, version, kind, kindLower: kind.toLowerCase(), plural: defaultPlural(kind), namespaced: opts.namespaced ?? true };
}

/** Parses a boolean flag value given as `--flag`, `--flag=true` or `--flag=false`. */
export function parseBool(flag: string, value: string | boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ScaffoldError('invalid-input', `--${flag} expects true or false, got ${JSON.stringify(value)}`);
}
