/** controller-gen's crd:maxDescLen rule, applied to a finished schema. */
import type { JSONSchemaProps } from './schema-props.ts';

/** Cuts one description the way controller-gen does (byte length, then sentence end or word break). */
export function truncateDescription(desc: string, maxLen: number): string {
  const bytes = Buffer.from(desc, 'utf8');
  if (bytes.length <= maxLen) return desc;
  const cut = bytes.subarray(0, maxLen).toString('utf8');
  const sentence = lastIndexMatching(cut, /\p{Sentence_Terminal}/u);
  if (sentence > 0) return cut.slice(0, sentence + 1);
  const space = lastIndexMatching(cut, /\s/u);
  if (space > 0) return `${cut.slice(0, space)}...`;
  return `${cut}...`;
}

function lastIndexMatching(s: string, re: RegExp): number {
  for (let i = s.length - 1; i >= 0; i--) if (re.test(s[i]!)) return i;
  return -1;
}

/** Applies maxDescLen to every node: 0 removes descriptions, N truncates them. */
export function limitDescriptions(schema: JSONSchemaProps, maxLen: number): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return; }
    if (!node || typeof node !== 'object') return;
    const n = node as JSONSchemaProps;
    if (typeof n.description === 'string') {
      if (maxLen === 0) delete n.description;
      else n.description = truncateDescription(n.description, maxLen);
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object') Object.values(v).forEach(visit);
      else if (k === 'items' || k === 'additionalProperties' || k === 'anyOf' || k === 'allOf' || k === 'oneOf') visit(v);
    }
  };
  visit(schema);
}
