/**
 * The string formats the apiserver checks in CRD schemas (apiextensions `formats.go`), with the
 * Go parsers' acceptance approximated by regular expressions. Formats not listed here are ignored
 * by the apiserver, and therefore here too.
 */
import { isIPv4, isIPv6 } from 'node:net';

const uuidRe = (version: string) => new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`, 'i');
const uuidAny = uuidRe('[0-9a-f]');
const uuid3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const hostnameRe = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const emailRe = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const isbn10 = /^(?:[0-9]{9}X|[0-9]{10})$/;
const isbn13 = /^(?:[0-9]{13})$/;
const creditcard = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;
const ssn = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const hexcolor = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const rgbcolor = /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const dateTimeRe = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const goDurationRe = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$/;
const scalaDurationRe = /^(\d+)\s*(ns|nano|nanos|nanosecond|nanoseconds|us|micro|micros|microsecond|microseconds|ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hour|hours|d|day|days|w|wk|week|weeks)$/;
const macRe = /^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\2){4}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\5){6}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\8){18}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$|^([0-9a-fA-F]{4}\.){3}[0-9a-fA-F]{4}$|^([0-9a-fA-F]{4}\.){9}[0-9a-fA-F]{4}$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && validDate(+m[1]!, +m[2]!, +m[3]!);
}

function isDateTime(s: string): boolean {
  const m = dateTimeRe.exec(s);
  return !!m && validDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! < 24 && +m[5]! < 60 && +m[6]! < 61;
}

function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return +bits <= 32;
  return isIPv6(ip) && +bits <= 128;
}

function isUri(s: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s) || /^\/\S*$/.test(s);
}

const checks: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isUri,
  email: (s) => emailRe.test(s),
  hostname: (s) => s.length <= 255 && hostnameRe.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s) || isIPv4(s),
  cidr: isCidr,
  mac: (s) => macRe.test(s),
  uuid: (s) => uuidAny.test(s),
  uuid3: (s) => uuid3.test(s),
  uuid4: (s) => uuid4.test(s),
  uuid5: (s) => uuid5.test(s),
  isbn: (s) => isbn10.test(s.replace(/[- ]/g, '')) || isbn13.test(s.replace(/[- ]/g, '')),
  isbn10: (s) => isbn10.test(s.replace(/[- ]/g, '')),
  isbn13: (s) => isbn13.test(s.replace(/[- ]/g, '')),
  creditcard: (s) => creditcard.test(s.replace(/\D/g, '')),
  ssn: (s) => ssn.test(s),
  hexcolor: (s) => hexcolor.test(s),
  rgbcolor: (s) => rgbcolor.test(s),
  byte: isBase64,
  password: () => true,
  date: isDate,
  duration: (s) => goDurationRe.test(s) || scalaDurationRe.test(s.trim()),
  datetime: isDateTime,
};

/** The normalized name (dashes removed) of a string format the apiserver checks, or undefined. */
export function checkedStringFormat(format: string | undefined): string | undefined {
  if (!format) return undefined;
  const n = format.replace(/-/g, '');
  return Object.hasOwn(checks, n) ? n : undefined;
}

/** Whether the string satisfies the (normalized) format. */
export function satisfiesFormat(normalizedFormat: string, value: string): boolean {
  return checks[normalizedFormat]?.(value) ?? true;
}

/** All normalized format names, for registering with a validator. */
export function stringFormatNames(): string[] {
  return Object.keys(checks);
}
