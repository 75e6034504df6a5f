/**
 * Compile-time checking of x-kubernetes-validations rules. Only syntax is judged: Kubernetes adds
 * libraries, macros and optional types that a plain CEL environment does not declare, so a rule
 * that parses is accepted and the API server remains the final judge of semantics.
 */
import { parse } from '@bufbuild/cel';

/**
 * Rewrites Kubernetes optional-field syntax (`a.?b`, `a[?k]`) that the parser lacks into plain
 * selections; string literals are left untouched so quoted text is never altered.
 */
function withoutOptionalSyntax(expr: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      out += ch;
      if (ch === '\\') { out += expr[++i] ?? ''; continue; }
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") { quote = ch; out += ch; continue; }
    if ((ch === '.' || ch === '[') && expr[i + 1] === '?') { out += ch; i++; continue; }
    out += ch;
  }
  return out;
}

/** The parse error of a CEL expression, or undefined when it is well-formed. */
export function celSyntaxError(expr: string): string | undefined {
  if (expr.trim() === '') return 'empty expression';
  try {
    parse(withoutOptionalSyntax(expr));
    return undefined;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^<input>:/, '');
  }
}
