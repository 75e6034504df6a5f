/**
 * The JSONPath subset printer columns use (`.spec.replicas`, `.items[0]`, `.a[*].b`,
 * `['dotted.key']`, `.status.conditions[?(@.type=="Ready")].status`), evaluated like
 * client-go's jsonpath with missing keys allowed: it returns every match, possibly none.
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: unknown } | { kind: 'exists'; path: string[] };

const cache = new Map<string, Step[]>();

/** Parses a column path (with or without surrounding `{}`); throws on syntax it does not support. */
export function parseJsonPath(expr: string): Step[] {
  const hit = cache.get(expr);
  if (hit) return hit;
  let src = expr.trim();
  if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1).trim();
  if (src.startsWith('$')) src = src.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    if (src[i] === '.') {
      i++;
      if (src[i] === '*') { steps.push({ kind: 'wildcard' }); i++; continue; }
      const m = /^[^.[\]]+/.exec(src.slice(i));
      if (!m) continue;
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    } else if (src[i] === '[') {
      const close = findClose(src, i);
      const inner = src.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) steps.push(parseFilter(inner.slice(2, -1).trim(), expr));
      else throw new Error(`unsupported JSONPath segment [${inner}] in ${expr}`);
    } else {
      const m = /^[^.[\]]+/.exec(src.slice(i))!;
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  cache.set(expr, steps);
  return steps;
}

function findClose(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let j = open; j < src.length; j++) {
    const c = src[j]!;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  throw new Error(`unclosed [ in JSONPath ${src}`);
}

function parseFilter(cond: string, expr: string): Step {
  const m = /^@((?:\.[\w-]+)+)\s*(==|!=)\s*(.+)$/.exec(cond);
  if (m) {
    const raw = m[3]!.trim();
    const value = /^["'].*["']$/.test(raw) ? raw.slice(1, -1) : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    return { kind: 'filter', path: m[1]!.slice(1).split('.'), op: m[2] as '==' | '!=', value };
  }
  const e = /^@((?:\.[\w-]+)+)$/.exec(cond);
  if (e) return { kind: 'exists', path: e[1]!.slice(1).split('.') };
  throw new Error(`unsupported JSONPath filter ${cond} in ${expr}`);
}

function get(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Every value the path selects in `obj` (empty when nothing matches). */
export function evaluateJsonPath(expr: string, obj: unknown): unknown[] {
  let current: unknown[] = [obj];
  for (const step of parseJsonPath(expr)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || v === undefined) continue;
      switch (step.kind) {
        case 'field':
          if (typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.name)) next.push((v as Record<string, unknown>)[step.name]);
          break;
        case 'index':
          if (Array.isArray(v)) {
            const idx = step.index < 0 ? v.length + step.index : step.index;
            if (idx >= 0 && idx < v.length) next.push(v[idx]);
          }
          break;
        case 'wildcard':
          if (Array.isArray(v)) next.push(...v);
          else if (typeof v === 'object') next.push(...Object.values(v as object));
          break;
        case 'filter':
        case 'exists':
          for (const item of Array.isArray(v) ? v : []) {
            const got = get(item, step.path);
            if (step.kind === 'exists' ? got !== undefined : (step.op === '==') === (got === step.value)) next.push(item);
          }
          break;
      }
    }
    current = next;
  }
  return current;
}
