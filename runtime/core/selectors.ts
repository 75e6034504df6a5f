/**
 * Label and field selectors: parsing of the string syntax used in query parameters, conversion
 * from metav1.LabelSelector, and matching. Shared by the API server (filtering) and the cache.
 */
import { statusError } from './errors.ts';

/** One requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';
  values: string[];
}

/** A parsed label selector: all requirements must hold. Empty selects everything. */
export type LabelSelectorRequirements = LabelRequirement[];

/** metav1.LabelSelector as written in specs. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

function badSelector(message: string): Error {
  return statusError('BadRequest', { message });
}

/** Parses `a=b,c!=d,e in (f,g),!h,i` into requirements; throws a BadRequest StatusError. */
export function parseLabelSelector(text: string | undefined): LabelSelectorRequirements {
  const src = (text ?? '').trim();
  if (!src) return [];
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const skipSpace = () => { while (i < src.length && src[i] === ' ') i++; };
  const readKey = () => {
    skipSpace();
    const start = i;
    while (i < src.length && !' ,=!()<>'.includes(src[i]!)) i++;
    return src.slice(start, i);
  };
  const readValueList = (): string[] => {
    skipSpace();
    if (src[i] !== '(') throw badSelector(`unable to parse requirement: expected '(' in "${src}"`);
    const close = src.indexOf(')', i);
    if (close < 0) throw badSelector(`unable to parse requirement: missing ')' in "${src}"`);
    const vals = src.slice(i + 1, close).split(',').map((v) => v.trim());
    i = close + 1;
    return vals.length === 1 && vals[0] === '' ? [] : vals;
  };
  while (i < src.length) {
    skipSpace();
    let negate = false;
    if (src[i] === '!') { negate = true; i++; }
    const key = readKey();
    if (!key) throw badSelector(`unable to parse requirement: found '${src[i] ?? ''}', expected: identifier`);
    skipSpace();
    if (negate) {
      reqs.push({ key, operator: 'DoesNotExist', values: [] });
    } else if (i >= src.length || src[i] === ',') {
      reqs.push({ key, operator: 'Exists', values: [] });
    } else if (src.startsWith('!=', i)) {
      i += 2; reqs.push({ key, operator: 'NotEquals', values: [readKey()] });
    } else if (src.startsWith('==', i)) {
      i += 2; reqs.push({ key, operator: 'Equals', values: [readKey()] });
    } else if (src[i] === '=') {
      i += 1; reqs.push({ key, operator: 'Equals', values: [readKey()] });
    } else if (src[i] === '>' || src[i] === '<') {
      const op = src[i] === '>' ? 'Gt' : 'Lt';
      i += 1; reqs.push({ key, operator: op, values: [readKey()] });
    } else if (src.startsWith('notin', i)) {
      i += 5; reqs.push({ key, operator: 'NotIn', values: readValueList() });
    } else if (src.startsWith('in', i)) {
      i += 2; reqs.push({ key, operator: 'In', values: readValueList() });
    } else {
      throw badSelector(`unable to parse requirement: unexpected '${src[i]}' in "${src}"`);
    }
    skipSpace();
    if (i < src.length) {
      if (src[i] !== ',') throw badSelector(`unable to parse requirement: expected ',' in "${src}"`);
      i++;
    }
  }
  return reqs;
}

/** Converts a metav1.LabelSelector to requirements. An undefined selector selects everything. */
export function labelSelectorRequirements(sel: LabelSelector | undefined): LabelSelectorRequirements {
  if (!sel) return [];
  const reqs: LabelRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, operator: 'Equals', values: [v] }));
  for (const e of sel.matchExpressions ?? []) reqs.push({ key: e.key, operator: e.operator, values: e.values ?? [] });
  return reqs;
}

/** Formats a metav1.LabelSelector in the string syntax (for list/watch query parameters). */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  return labelSelectorRequirements(sel).map((r) => {
    switch (r.operator) {
      case 'Equals': return `${r.key}=${r.values[0]}`;
      case 'NotEquals': return `${r.key}!=${r.values[0]}`;
      case 'Exists': return r.key;
      case 'DoesNotExist': return `!${r.key}`;
      case 'In': return `${r.key} in (${r.values.join(',')})`;
      case 'NotIn': return `${r.key} notin (${r.values.join(',')})`;
      case 'Gt': return `${r.key}>${r.values[0]}`;
      case 'Lt': return `${r.key}<${r.values[0]}`;
    }
  }).join(',');
}

/** True when the labels satisfy every requirement. */
export function matchesLabels(reqs: LabelSelectorRequirements, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case 'Equals': return has && v === r.values[0];
      case 'NotEquals': return !has || v !== r.values[0];
      case 'In': return has && r.values.includes(v!);
      case 'NotIn': return !has || !r.values.includes(v!);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      case 'Gt': return has && Number(v) > Number(r.values[0]);
      case 'Lt': return has && Number(v) < Number(r.values[0]);
    }
  });
}

/** One term of a field selector: `path=value` or `path!=value`. */
export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`; throws a BadRequest StatusError. */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  const src = (text ?? '').trim();
  if (!src) return [];
  return src.split(',').map((term) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw badSelector(`invalid selector: '${src}'; can't understand '${term}'`);
    return { field: m[1]!, operator: m[2] === '!=' ? 'NotEquals' : 'Equals', value: m[3]! };
  });
}

/** True when every field requirement holds, with `fieldValue` giving the value of a field path. */
export function matchesFields(reqs: FieldRequirement[], fieldValue: (field: string) => string | undefined): boolean {
  return reqs.every((r) => {
    const v = fieldValue(r.field) ?? '';
    return r.operator === 'Equals' ? v === r.value : v !== r.value;
  });
}

/** Reads a dotted field path (`metadata.name`, `spec.nodeName`) of an object as a string. */
export function fieldPathValue(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}
