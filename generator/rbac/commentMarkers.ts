/**
 * Finds controller-gen markers in the comments of TypeScript sources. RBAC and webhook markers are
 * package-level in Go and may sit in any free-floating comment, so here every `//` line comment
 * and every line of a `/* … *\/` block comment counts; string and template literals do not (the
 * TypeScript scanner tells comments from code).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ts } from 'ts-morph';

/** One marker occurrence: its text starting with `+`, and where it was found. */
export interface FoundMarker {
  text: string;
  file: string;
  line: number;
}

/** Lists the `.ts` files under `dir` recursively (sorted, skipping node_modules and declaration files). */
export async function listTypeScriptFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(join(d, e.name));
      } else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        out.push(join(d, e.name));
      }
    }
  };
  await walk(dir);
  return out;
}

/** Returns the markers named `name` (e.g. `kubebuilder:rbac`) found in comments of the files, in file then line order. */
export async function findCommentMarkers(files: string[], name: string): Promise<FoundMarker[]> {
  const out: FoundMarker[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    if (!text.includes('+' + name)) continue;
    for (const m of markersInSource(text, name)) out.push({ ...m, file });
  }
  return out;
}

/** Scans one source text for marker lines named `name` inside comments. */
export function markersInSource(source: string, name: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, source);
  const lineOf = lineIndex(source);
  let templateDepth = 0;
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const start = scanner.getTokenStart();
      const body = scanner.getTokenText();
      commentLines(body, kind === ts.SyntaxKind.MultiLineCommentTrivia).forEach((lineText, offset) => {
        if (lineText === '+' + name || lineText.startsWith('+' + name + ':') || lineText.startsWith('+' + name + '=')) {
          out.push({ text: lineText, line: lineOf(start) + offset });
        }
      });
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templateDepth++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken && templateDepth > 0) {
      // A `}` closing a template substitution resumes the template literal.
      if (scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateTail) templateDepth--;
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsOperand(previous)) {
      scanner.reScanSlashToken();
    }
    if (kind !== ts.SyntaxKind.WhitespaceTrivia && kind !== ts.SyntaxKind.NewLineTrivia &&
      kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) previous = kind;
  }
  return out;
}

/** Whether a `/` after this token is a division rather than the start of a regular expression. */
function endsOperand(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.StringLiteral ||
    kind === ts.SyntaxKind.CloseParenToken || kind === ts.SyntaxKind.CloseBracketToken || kind === ts.SyntaxKind.CloseBraceToken ||
    kind === ts.SyntaxKind.ThisKeyword || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateTail ||
    kind === ts.SyntaxKind.PlusPlusToken || kind === ts.SyntaxKind.MinusMinusToken;
}

/** The trimmed text of each line of a comment, with comment delimiters and JSDoc `*` gutters removed. */
function commentLines(body: string, multiLine: boolean): string[] {
  if (!multiLine) return [body.slice(2).trim()];
  const inner = body.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
  return inner.split('\n').map((l) => l.trim().replace(/^\*+\s*/, '').trim());
}

function lineIndex(source: string): (pos: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
