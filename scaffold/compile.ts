/**
 * Compiles an operator project to JavaScript in dist/: each TypeScript file is transpiled on its
 * own (the dialect is erasable syntax only, so no type information is needed) and relative `.ts`
 * imports become `.js`. Type checking stays with `npm test`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ts } from 'ts-morph';
import { ScaffoldError } from './errors.ts';

/** Source roots of a project that the operator needs at run time (tests are left out). */
export const RUNTIME_SOURCES = ['main.ts', 'kubeconfig.ts', 'apis', 'controllers', 'generated', 'webhooks'];

function sourceFiles(dir: string, rel: string): string[] {
  const abs = join(dir, rel);
  if (!existsSync(abs)) return [];
  if (rel.endsWith('.ts')) return [rel];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(dir, child));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) out.push(child);
  }
  return out;
}

/** Transpiles the project's run-time sources into `<dir>/dist`; returns the files written (relative). */
export function compileProject(dir: string, outDir = join(dir, 'dist')): string[] {
  const files = RUNTIME_SOURCES.flatMap((rel) => sourceFiles(dir, rel)).sort();
  if (!files.includes('main.ts')) throw new ScaffoldError('missing', `${join(dir, 'main.ts')} does not exist; nothing to build`);
  const compilerOptions: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, rewriteRelativeImportExtensions: true,
    verbatimModuleSyntax: true, sourceMap: false,
  };
  const outputs = new Map<string, string>();
  for (const file of files) {
    const result = ts.transpileModule(readFileSync(join(dir, file), 'utf8'), { compilerOptions, fileName: file, reportDiagnostics: true });
    const problem = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (problem) {
      const where = problem.start !== undefined && problem.file ? `:${problem.file.getLineAndCharacterOfPosition(problem.start).line + 1}` : '';
      throw new ScaffoldError('invalid-input', `${file}${where}: ${ts.flattenDiagnosticMessageText(problem.messageText, ' ')}`);
    }
    outputs.set(file.replace(/\.ts$/, '.js'), result.outputText);
  }
  rmSync(outDir, { recursive: true, force: true });
  for (const [file, text] of outputs) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return [...outputs.keys()].map((f) => relative(dir, join(outDir, f)));
}
