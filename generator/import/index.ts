/**
 * `tsop import`: CustomResourceDefinitions → TypeScript API types in the marker dialect. Each
 * group-version becomes a directory with `groupversion.ts` (package markers) and one
 * `<kind>_types.ts` per kind, written so that `tsop generate` rebuilds the CRD.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { convertKind, type CrdObject } from './kindToTs.ts';
import { loadCrds, type LoadedCrd } from './loadCrds.ts';
import { TypeRegistry } from './typeRegistry.ts';
import type { ConvertContext } from './schemaToTs.ts';

export { ImportInputError, loadCrds, parseCrdFile } from './loadCrds.ts';

/** Options of {@link importCrds}. */
export interface ImportOptions {
  /** Module specifier the generated files import dialect types from (default `tsop/types`). */
  typesImport?: string;
}

/** What was imported from one CRD, with the parts that cannot be reproduced exactly. */
export interface ImportedCrd {
  file: string;
  name: string;
  kind: string;
  /** Relative directories (one per version) holding the kind. */
  packages: string[];
  issues: string[];
}

/** The generated sources (relative path → text) and a report per CRD. */
export interface ImportResult {
  files: Map<string, string>;
  crds: ImportedCrd[];
}

interface PackageState {
  dir: string;
  group: string;
  version: string;
  names: Set<string>;
  kinds: { kind: string; registry: TypeRegistry; scalars: Set<string> }[];
}

/** Converts CRD objects to dialect sources in memory. */
export function importCrdObjects(loaded: LoadedCrd[], opts: ImportOptions = {}): ImportResult {
  const typesImport = opts.typesImport ?? 'tsop/types';
  const packages = new Map<string, PackageState>();
  const crds: ImportedCrd[] = [];
  for (const { file, crd } of loaded) {
    const report: ImportedCrd = { file, name: crd.metadata.name ?? '', kind: crd.spec.names.kind, packages: [], issues: [] };
    checkCrdName(crd, report.issues);
    crd.spec.versions.forEach((version, i) => {
      const dir = packageDir(crd.spec.group, version.name);
      let pkg = packages.get(dir);
      if (!pkg) packages.set(dir, (pkg = { dir, group: crd.spec.group, version: version.name, names: new Set(), kinds: [] }));
      if (pkg.kinds.some((k) => k.kind === crd.spec.names.kind)) {
        report.issues.push(`${crd.spec.names.kind}(${version.name}): kind declared twice in ${dir}`);
        return;
      }
      pkg.names.add(crd.spec.names.kind);
      const ctx: ConvertContext = { registry: new TypeRegistry(pkg.names), scalars: new Set(), issues: report.issues };
      convertKind(ctx, crd, version, i === 0);
      pkg.kinds.push({ kind: crd.spec.names.kind, registry: ctx.registry, scalars: ctx.scalars });
      report.packages.push(dir);
    });
    crds.push(report);
  }
  const files = new Map<string, string>();
  for (const pkg of packages.values()) {
    files.set(join(pkg.dir, 'groupversion.ts'), renderGroupVersion(pkg.group, pkg.version));
    for (const k of pkg.kinds) files.set(join(pkg.dir, `${k.kind.toLowerCase()}_types.ts`), renderKindFile(k, typesImport));
  }
  return { files, crds };
}

/** Loads a CRD file or directory and converts it. Throws ImportInputError on bad input. */
export async function importCrds(input: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return importCrdObjects(await loadCrds(input), opts);
}

/** Writes an import result under `outDir`; returns the written paths. */
export async function writeImport(result: ImportResult, outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, text] of result.files) {
    const path = join(outDir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}

/** The package directory of a group-version: `<group>/<version>` (`core/<version>` for the empty group). */
export function packageDir(group: string, version: string): string {
  return join(group || 'core', version);
}

function checkCrdName(crd: CrdObject, issues: string[]): void {
  const expected = `${crd.spec.names.plural}.${crd.spec.group}`;
  if (crd.metadata.name !== expected) issues.push(`metadata.name ${JSON.stringify(crd.metadata.name)} is not ${expected}`);
}

function renderGroupVersion(group: string, version: string): string {
  return [
    '/**',
    ' * @packageDocumentation',
    ` * +groupName=${group}`,
    ` * +versionName=${version}`,
    ' */',
    '',
    `/** The API group and version of the types in this directory. */`,
    `export const GroupVersion = { group: ${JSON.stringify(group)}, version: ${JSON.stringify(version)} } as const;`,
    '',
  ].join('\n');
}

function renderKindFile(k: { kind: string; registry: TypeRegistry; scalars: Set<string> }, typesImport: string): string {
  const scalars = [...k.scalars].sort();
  const head = scalars.length ? `import type { ${scalars.join(', ')} } from ${JSON.stringify(typesImport)};\n\n` : '';
  return head + k.registry.ordered([k.kind]).map((d) => d.text).join('\n');
}
