/**
 * Compilation of `x-kubernetes-validations` rules and the conversion of JSON values into CEL
 * values typed by the schema (integers become CEL ints, numbers doubles, objects maps; the
 * resource root's metadata exposes only `name` and `generateName`, as in Kubernetes).
 */
import { isCelError, parse, plan, type CelResult } from '@bufbuild/cel';
import { crdCelEnv } from './cel-library.ts';
import { additionalOf, isPlainObject, itemsOf, type JSONSchemaProps, type ValidationRule } from './schema.ts';

/** A rule ready to evaluate. */
export interface CompiledRule {
  rule: ValidationRule;
  usesOldSelf: boolean;
  evaluate(self: unknown, oldSelf: unknown): CelResult;
  message?: (self: unknown, oldSelf: unknown) => CelResult;
}

/** A rule compilation failure, worded as apiextensions words it. */
export interface RuleCompileError {
  index: number;
  field: 'rule' | 'messageExpression';
  detail: string;
}

const compiledCache = new WeakMap<ValidationRule, CompiledRule | RuleCompileError[]>();

function stripStrings(src: string): string {
  return src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/** True when the expression references `oldSelf` (a transition rule). */
export function referencesOldSelf(expr: string): boolean {
  return /\boldSelf\b/.test(stripStrings(expr));
}

function compileExpr(expr: string): ((self: unknown, oldSelf: unknown) => CelResult) | string {
  let parsed;
  try {
    parsed = parse(expr);
  } catch (e) {
    return (e as Error).message;
  }
  const run = plan(crdCelEnv(), parsed);
  return (self, oldSelf) => {
    try {
      return run({ self: self as never, oldSelf: oldSelf as never });
    } catch (e) {
      return e as never;
    }
  };
}

/** Compiles one rule; returns errors when the rule or its messageExpression does not parse. */
export function compileRule(rule: ValidationRule, index: number): CompiledRule | RuleCompileError[] {
  const hit = compiledCache.get(rule);
  if (hit) return hit;
  const errors: RuleCompileError[] = [];
  const evaluate = compileExpr(rule.rule);
  if (typeof evaluate === 'string') errors.push({ index, field: 'rule', detail: `compilation failed: ERROR: ${evaluate}` });
  let message: CompiledRule['message'];
  if (rule.messageExpression) {
    const m = compileExpr(rule.messageExpression);
    if (typeof m === 'string') errors.push({ index, field: 'messageExpression', detail: `messageExpression compilation failed: ERROR: ${m}` });
    else message = m;
  }
  const result: CompiledRule | RuleCompileError[] = errors.length || typeof evaluate === 'string'
    ? errors
    : { rule, usesOldSelf: referencesOldSelf(rule.rule), evaluate, message };
  compiledCache.set(rule, result);
  return result;
}

/** Whether a rule compile result is a list of errors. */
export function isCompileErrors(r: CompiledRule | RuleCompileError[]): r is RuleCompileError[] {
  return Array.isArray(r);
}

/** Whether a CEL result is an error. */
export const isRuleError = isCelError;

function toNumber(v: number, s: JSONSchemaProps | undefined): unknown {
  if (s?.type === 'number') return v;
  if (s?.type === 'integer' || Number.isInteger(v)) return Number.isSafeInteger(v) ? BigInt(v) : v;
  return v;
}

/**
 * Converts a JSON value into a CEL input following its schema. `root` marks the resource root
 * (and embedded resources), whose metadata is cut down to name and generateName.
 */
export function toCel(v: unknown, s: JSONSchemaProps | undefined, root = false): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return toNumber(v, s);
  if (Array.isArray(v)) {
    const items = itemsOf(s);
    return v.map((x) => toCel(x, items));
  }
  if (isPlainObject(v)) {
    const m = new Map<string, unknown>();
    const ap = additionalOf(s);
    const embedded = root || s?.['x-kubernetes-embedded-resource'] === true;
    for (const [k, x] of Object.entries(v)) {
      if (embedded && k === 'metadata' && isPlainObject(x)) {
        const meta = new Map<string, unknown>();
        if (typeof x.name === 'string') meta.set('name', x.name);
        if (typeof x.generateName === 'string') meta.set('generateName', x.generateName);
        m.set(k, meta);
        continue;
      }
      m.set(k, toCel(x, s?.properties?.[k] ?? ap));
    }
    return m;
  }
  return v;
}
