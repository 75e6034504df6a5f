/**
 * JSDoc blocks as controller-gen sees Go doc comments: lines starting with `+` are markers (each
 * with its source position), the other lines are the description, cleaned up with the same
 * rules go/ast and controller-gen apply (blank-line collapsing, TODO lines, `---` cut-off).
 */
import type { Node, SourceFile } from 'ts-morph';
import type { SourcePos } from '../errors.ts';

/** A marker line as written: its body (text after `+`) and where it is. */
export interface RawMarker {
  body: string;
  text: string;
  pos: SourcePos;
}

/** The parts of one or more JSDoc blocks that matter to generation. */
export interface DocInfo {
  description: string;
  markers: RawMarker[];
}

/** Splits a `/** … *\/` comment into lines with the JSDoc prefix removed, keeping their offsets. */
function commentLines(text: string, start: number): { line: string; offset: number }[] {
  const body = text.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const out: { line: string; offset: number }[] = [];
  let offset = start + 3;
  body.split('\n').forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    let consumed = 0;
    if (i === 0) {
      if (line.startsWith(' ')) { line = line.slice(1); consumed = 1; }
    } else {
      const lead = /^\s*/.exec(line)![0].length;
      line = line.slice(lead);
      consumed = lead;
      if (line.startsWith('*')) {
        line = line.slice(1);
        consumed++;
        if (line.startsWith(' ')) { line = line.slice(1); consumed++; }
      }
    }
    out.push({ line, offset: offset + consumed });
    offset += raw.length + 1;
  });
  return out;
}

/** go/ast CommentGroup.Text() followed by controller-gen's TODO and `---` handling. */
export function cleanDescription(lines: string[]): string {
  const trimmed = lines.map((l) => l.replace(/\s+$/, ''));
  const kept: string[] = [];
  for (const line of trimmed) {
    if (line !== '' || (kept.length > 0 && kept[kept.length - 1] !== '')) kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const out: string[] = [];
  let inFence = false;
  for (const line of kept) {
    if (line.startsWith('```') || line.startsWith('~~~')) inFence = !inFence;
    if (!inFence) {
      if (line.startsWith('TODO')) continue;
      if (line.startsWith('---')) break;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Reads one JSDoc comment text that starts at `start` in `file`. */
export function parseDocComment(text: string, start: number, file: SourceFile): DocInfo {
  const markers: RawMarker[] = [];
  const desc: string[] = [];
  for (const { line, offset } of commentLines(text, start)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('+')) {
      const at = offset + line.indexOf('+');
      const { line: ln, column } = file.getLineAndColumnAtPos(at);
      markers.push({ body: trimmed.slice(1), text: trimmed, pos: { file: file.getFilePath(), line: ln, col: column } });
    } else if (trimmed !== '@packageDocumentation') {
      desc.push(line);
    }
  }
  return { description: cleanDescription(desc), markers };
}

/** True for the `@packageDocumentation` block, which belongs to the package, not the next node. */
export function isPackageDoc(text: string): boolean {
  return /@packageDocumentation\b/.test(text);
}

/**
 * The doc of a declaration or property: markers from every attached JSDoc block, description
 * from the closest one (like a Go godoc).
 */
export function nodeDoc(node: Node & { getJsDocs(): Node[] }): DocInfo {
  const blocks = node.getJsDocs().filter((d) => !isPackageDoc(d.getText()));
  const file = node.getSourceFile();
  const markers: RawMarker[] = [];
  let description = '';
  blocks.forEach((block, i) => {
    const info = parseDocComment(block.getText(), block.getStart(), file);
    markers.push(...info.markers);
    if (i === blocks.length - 1) description = info.description;
  });
  return { description, markers };
}
