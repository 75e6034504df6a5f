/**
 * The Kubernetes CEL libraries on top of @bufbuild/cel's standard environment and its strings
 * extension. Implemented: the lists library (`isSorted`, `sum`, `min`, `max`, `indexOf`,
 * `lastIndexOf`), the regex library (`find`, `findAll`), `matches` with RE2 syntax, and string
 * predicates of the url/ip/quantity libraries (`isURL`, `isIP`, `isCIDR`, `isQuantity`).
 * Gaps: the `url()`, `ip()`, `cidr()`, `quantity()` and `format.*` value types, `authz`, and
 * timestamp/duration typing of `date-time`/`duration` string fields (they stay strings).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { celEnv, celFunc, celMethod, CelScalar, listType, type CelEnv, type CelFunc, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compilePattern } from './regex.ts';

function items(list: Iterable<CelValue>): CelValue[] {
  return [...list];
}

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('no such overload');
}

function equal(a: CelValue, b: CelValue): boolean {
  try {
    return compare(a, b) === 0;
  } catch {
    return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  }
}

function extreme(list: Iterable<CelValue>, sign: number, name: string): CelValue {
  const xs = items(list);
  if (xs.length === 0) throw new Error(`${name}(list) called on empty list`);
  return xs.reduce((acc, v) => (compare(v, acc) * sign > 0 ? v : acc));
}

const dynList = listType(CelScalar.DYN);

const listFuncs: CelFunc[] = [
  celMethod('isSorted', dynList, [], CelScalar.BOOL, function () {
    const xs = items(this);
    return xs.every((v, i) => i === 0 || compare(xs[i - 1]!, v) <= 0);
  }),
  celMethod('sum', dynList, [], CelScalar.DYN, function () {
    const xs = items(this);
    if (xs.length === 0) return 0n;
    if (xs.every((v) => typeof v === 'bigint')) return (xs as bigint[]).reduce((a, b) => a + b, 0n);
    return xs.reduce<number>((a, b) => a + Number(b), 0);
  }),
  celMethod('min', dynList, [], CelScalar.DYN, function () { return extreme(this, -1, 'min') as never; }),
  celMethod('max', dynList, [], CelScalar.DYN, function () { return extreme(this, 1, 'max') as never; }),
  celMethod('indexOf', dynList, [CelScalar.DYN], CelScalar.INT, function (x) {
    return BigInt(items(this).findIndex((v) => equal(v, x)));
  }),
  celMethod('lastIndexOf', dynList, [CelScalar.DYN], CelScalar.INT, function (x) {
    const xs = items(this);
    for (let i = xs.length - 1; i >= 0; i--) if (equal(xs[i]!, x)) return BigInt(i);
    return -1n;
  }),
];

function regex(pattern: string): RegExp {
  const re = compilePattern(pattern);
  if (typeof re === 'string') throw new Error(re);
  return re;
}

const regexFuncs: CelFunc[] = [
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return regex(pattern).exec(this)?.[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (pattern) {
    return [...this.matchAll(new RegExp(regex(pattern).source, `${regex(pattern).flags}g`))].map((m) => m[0]);
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (pattern, limit) {
    const all = [...this.matchAll(new RegExp(regex(pattern).source, `${regex(pattern).flags}g`))].map((m) => m[0]);
    return limit < 0n ? all : all.slice(0, Number(limit));
  }),
];

const quantityRe = /^[+-]?(\d+(\.\d*)?|\.\d+)(([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

function isCidr(s: string): boolean {
  const [ip, bits, extra] = s.split('/');
  if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  return (isIPv4(ip!) && +bits <= 32) || (isIPv6(ip!) && +bits <= 128);
}

const predicateFuncs: CelFunc[] = [
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s) || /^\/\S*$/.test(s)),
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => isIPv4(s) || isIPv6(s)),
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, isCidr),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s) => quantityRe.test(s)),
];

/** Every function the CRD CEL environment adds to the CEL standard library. */
export const kubernetesCelFuncs: CelFunc[] = [...strings, ...listFuncs, ...regexFuncs, ...predicateFuncs];

let env: CelEnv | undefined;

/** The shared CEL environment for CRD validation rules. */
export function crdCelEnv(): CelEnv {
  env ??= celEnv({
    funcs: kubernetesCelFuncs,
    re2: { compile: (pattern: string) => regex(pattern) },
  });
  return env;
}
