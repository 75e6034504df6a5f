/**
 * Schema `pattern`s and CEL `matches()` use Go's RE2 syntax. This translates the common RE2
 * forms to JavaScript regular expressions and rejects what RE2 does not support (lookarounds,
 * backreferences), so a pattern the apiserver would refuse is refused here too.
 */

const cache = new Map<string, RegExp | string>();

const posixClasses: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', ascii: '\\x00-\\x7F', blank: ' \\t', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '\\w', xdigit: '0-9A-Fa-f',
};

/** Compiles an RE2 pattern; returns the RegExp or an error text (Go's wording where it matters). */
export function compilePattern(pattern: string): RegExp | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const result = translate(pattern);
  cache.set(pattern, result);
  return result;
}

function translate(pattern: string): RegExp | string {
  if (/\(\?<?[=!]/.test(pattern)) {
    const m = /\(\?<?[=!]/.exec(pattern)!;
    return `error parsing regexp: invalid or unsupported Perl syntax: \`${m[0]}\``;
  }
  if (/\\[1-9]/.test(pattern.replace(/\\\\/g, ''))) {
    const m = /\\[1-9]/.exec(pattern)!;
    return `error parsing regexp: invalid escape sequence: \`${m[0]}\``;
  }
  let flags = '';
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) if (f === 'i' || f === 'm' || f === 's') flags += f;
    src = src.slice(lead[0].length);
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => {
      const cls = posixClasses[name];
      if (!cls) return all;
      return neg ? `^${cls}` : cls;
    })
    .replace(/\\Q(.*?)(\\E|$)/g, (_all, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  try {
    return new RegExp(src, flags);
  } catch (e) {
    return `error parsing regexp: ${(e as Error).message}`;
  }
}

/** True when the text matches the pattern anywhere (RE2 `MatchString` semantics). */
export function matchesPattern(pattern: string, text: string): boolean | string {
  const re = compilePattern(pattern);
  if (typeof re === 'string') return re;
  return re.test(text);
}
