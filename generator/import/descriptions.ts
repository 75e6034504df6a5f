/**
 * Descriptions as JSDoc. The generator turns a doc comment into a schema description the way
 * controller-gen turns a Go comment into one: marker lines go, trailing blanks go, runs of blank
 * lines collapse, `TODO` lines are dropped and the text stops at a `---` line (outside code
 * fences). Writing each description line as one JSDoc line reproduces the text exactly whenever
 * that transformation leaves it unchanged, which {@link docLinesFor} checks.
 */

/** The JSDoc lines (without the ` * ` gutter) that yield `description`, or the reason none do. */
export function docLinesFor(description: string): { lines: string[] } | { problem: string } {
  if (description.includes('*/')) {
    return { problem: 'the description contains "*/", which would end the doc comment' };
  }
  const lines = description.split('\n');
  const back = extractDescription(lines);
  if (back === description) return { lines };
  return { problem: `the description does not survive doc-comment normalisation (${whatChanges(description)})` };
}

/**
 * controller-gen's description extraction applied to doc-comment lines (gutter already removed).
 * Exported so tests can check the import side against the same rules.
 */
export function extractDescription(lines: string[]): string {
  const kept = lines.filter((l) => !l.trimStart().startsWith('+')).map((l) => l.replace(/\s+$/, ''));
  const collapsed: string[] = [];
  for (const l of kept) {
    if (l === '' && (collapsed.length === 0 || collapsed[collapsed.length - 1] === '')) continue;
    collapsed.push(l);
  }
  while (collapsed.length && collapsed[collapsed.length - 1] === '') collapsed.pop();
  const out: string[] = [];
  let fenced = false;
  for (const l of collapsed) {
    if (l.startsWith('```') || l.startsWith('~~~')) fenced = !fenced;
    if (!fenced && l.startsWith('TODO')) continue;
    if (!fenced && l.startsWith('---')) break;
    out.push(l);
  }
  return out.join('\n');
}

function whatChanges(description: string): string {
  const lines = description.split('\n');
  if (lines.some((l) => l.startsWith('---'))) return 'a line starts with "---"';
  if (lines.some((l) => l.startsWith('TODO'))) return 'a line starts with "TODO"';
  if (lines.some((l) => l.trimStart().startsWith('+'))) return 'a line starts with "+"';
  if (lines.some((l) => /\s$/.test(l))) return 'a line ends with whitespace';
  if (/\n\n\n/.test(description)) return 'several blank lines in a row';
  return 'leading or trailing blank lines';
}

/** Renders a JSDoc block at `indent` from description lines followed by marker lines. */
export function renderJsDoc(docLines: string[], markers: string[], indent: string): string {
  const all = [...docLines, ...markers];
  if (all.length === 0) return '';
  if (all.length === 1 && !all[0]!.startsWith('+') && all[0] !== '') return `${indent}/** ${all[0]} */\n`;
  return `${indent}/**\n${all.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)).join('\n')}\n${indent} */\n`;
}
