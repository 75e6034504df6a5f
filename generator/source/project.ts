/**
 * Loading API sources: every directory under the APIs root is a package (one group-version),
 * with package markers taken from `@packageDocumentation` blocks. Type names are resolved
 * syntactically through imports and re-exports (no type checker), which keeps a run fast and
 * tells apart the dialect's runtime types, Kubernetes built-ins and local declarations.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Node, Project, ts } from 'ts-morph';
import type { InterfaceDeclaration, SourceFile, TypeAliasDeclaration } from 'ts-morph';
import { isPackageDoc, parseDocComment } from './jsdoc.ts';
import type { RawMarker } from './jsdoc.ts';

/** One directory of API types. */
export interface ApiPackage {
  dir: string;
  files: SourceFile[];
  /** Markers of the package's `@packageDocumentation` blocks, all files merged. */
  markers: RawMarker[];
}

/** A declaration the schema builder can turn into a named type. */
export type TypeDecl = InterfaceDeclaration | TypeAliasDeclaration;

/** What a type name refers to. */
export type Resolution =
  | { kind: 'decl'; decl: TypeDecl }
  | { kind: 'runtime'; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'unresolved'; reason: string };

const RUNTIME_SPECIFIERS = new Set(['tsop', 'tsop/types']);
const BUILTIN_SPECIFIER = '@kubernetes/client-node';

function isRuntimeTypesFile(path: string): boolean {
  return /(^|[\\/])runtime[\\/]types\.(d\.)?ts$/.test(path) || /[\\/]node_modules[\\/]tsop[\\/]/.test(path);
}

function listSourceFiles(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listSourceFiles(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
}

/** The API source tree of one run. */
export class ApiProject {
  readonly project: Project;
  readonly packages: ApiPackage[] = [];

  private constructor() {
    this.project = new Project({
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowImportingTsExtensions: true, noEmit: true, target: ts.ScriptTarget.ES2022 },
    });
  }

  /** Loads every `.ts` file under `apisDir`; a missing directory gives an empty project. */
  static load(apisDir: string): ApiProject {
    const api = new ApiProject();
    const root = resolve(apisDir);
    if (!existsSync(root)) return api;
    const paths: string[] = [];
    listSourceFiles(root, paths);
    const byDir = new Map<string, SourceFile[]>();
    for (const p of paths) {
      const file = api.project.addSourceFileAtPath(p);
      const dir = dirname(p);
      byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
    }
    for (const [dir, files] of [...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      api.packages.push({ dir, files, markers: files.flatMap(packageMarkersOf) });
    }
    return api;
  }

  /** The source file at `path`, loading it on demand (imports outside the APIs root). */
  private fileAt(path: string): SourceFile | undefined {
    const existing = this.project.getSourceFile(path);
    if (existing) return existing;
    return existsSync(path) ? this.project.addSourceFileAtPath(path) : undefined;
  }

  private resolveModule(from: SourceFile, specifier: string): { kind: 'runtime' | 'builtin' } | { kind: 'file'; file: SourceFile } | undefined {
    if (RUNTIME_SPECIFIERS.has(specifier)) return { kind: 'runtime' };
    if (specifier === BUILTIN_SPECIFIER || specifier.startsWith(BUILTIN_SPECIFIER + '/')) return { kind: 'builtin' };
    if (!specifier.startsWith('.')) return undefined;
    const base = resolve(dirname(from.getFilePath()), specifier);
    const candidates = [base, base.replace(/\.js$/, '.ts'), base + '.ts', join(base, 'index.ts')];
    for (const c of candidates) {
      if (existsSync(c) && statSync(c).isFile()) {
        if (isRuntimeTypesFile(c)) return { kind: 'runtime' };
        const file = this.fileAt(c);
        if (file) return { kind: 'file', file };
      }
    }
    return undefined;
  }

  /** Resolves `name` (optionally `ns.name`) as written in `file`. */
  resolveName(file: SourceFile, name: string): Resolution {
    const dot = name.indexOf('.');
    if (dot > 0) {
      const ns = name.slice(0, dot);
      const member = name.slice(dot + 1);
      for (const imp of file.getImportDeclarations()) {
        if (imp.getNamespaceImport()?.getText() !== ns) continue;
        return this.resolveFromModule(file, imp.getModuleSpecifierValue(), member, new Set());
      }
      return { kind: 'unresolved', reason: `unknown namespace ${ns}` };
    }
    const local = localDecl(file, name);
    if (local) return { kind: 'decl', decl: local };
    for (const imp of file.getImportDeclarations()) {
      for (const spec of imp.getNamedImports()) {
        const localName = spec.getAliasNode()?.getText() ?? spec.getName();
        if (localName === name) return this.resolveFromModule(file, imp.getModuleSpecifierValue(), spec.getName(), new Set());
      }
    }
    return { kind: 'unresolved', reason: `cannot find type ${name} (declare it, or import it)` };
  }

  private resolveFromModule(from: SourceFile, specifier: string, name: string, seen: Set<string>): Resolution {
    const mod = this.resolveModule(from, specifier);
    if (!mod) return { kind: 'unresolved', reason: `cannot resolve module ${JSON.stringify(specifier)}` };
    if (mod.kind !== 'file') return { kind: mod.kind, name };
    return this.resolveExport(mod.file, name, seen);
  }

  private resolveExport(file: SourceFile, name: string, seen: Set<string>): Resolution {
    const key = `${file.getFilePath()}#${name}`;
    if (seen.has(key)) return { kind: 'unresolved', reason: `circular re-export of ${name}` };
    seen.add(key);
    const local = localDecl(file, name);
    if (local) return { kind: 'decl', decl: local };
    for (const exp of file.getExportDeclarations()) {
      const specifier = exp.getModuleSpecifierValue();
      const named = exp.getNamedExports();
      if (named.length === 0 && specifier && !exp.getNamespaceExport()) {
        const r = this.resolveFromModule(file, specifier, name, seen);
        if (r.kind !== 'unresolved') return r;
        continue;
      }
      for (const spec of named) {
        const exported = spec.getAliasNode()?.getText() ?? spec.getName();
        if (exported !== name) continue;
        return specifier ? this.resolveFromModule(file, specifier, spec.getName(), seen) : this.resolveName(file, spec.getName());
      }
    }
    return { kind: 'unresolved', reason: `${file.getBaseName()} does not export ${name}` };
  }
}

function localDecl(file: SourceFile, name: string): TypeDecl | undefined {
  return file.getInterface(name) ?? file.getTypeAlias(name);
}

function packageMarkersOf(file: SourceFile): RawMarker[] {
  const text = file.getFullText();
  const ranges = new Map<number, ts.CommentRange>();
  for (const r of ts.getLeadingCommentRanges(text, 0) ?? []) ranges.set(r.pos, r);
  for (const statement of file.getStatements()) {
    for (const r of ts.getLeadingCommentRanges(text, statement.getPos()) ?? []) ranges.set(r.pos, r);
  }
  const markers: RawMarker[] = [];
  for (const r of [...ranges.values()].sort((a, b) => a.pos - b.pos)) {
    const comment = text.slice(r.pos, r.end);
    if (comment.startsWith('/**') && isPackageDoc(comment)) markers.push(...parseDocComment(comment, r.pos, file).markers);
  }
  return markers;
}

/** Type guard for declarations the schema builder handles. */
export function isTypeDecl(node: Node): node is TypeDecl {
  return Node.isInterfaceDeclaration(node) || Node.isTypeAliasDeclaration(node);
}
