/**
 * Reading CRDs for `tsop import`: one YAML file or every `.yaml`/`.yml` file of a directory,
 * each document checked to be an apiextensions.k8s.io/v1 CustomResourceDefinition before anything
 * is written.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CrdObject } from './kindToTs.ts';

/** Input that is not a readable set of v1 CRDs; `file` names the offending file. */
export class ImportInputError extends Error {
  readonly kind = 'ImportInputError';
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}

/** A CRD and the file it came from. */
export interface LoadedCrd {
  file: string;
  crd: CrdObject;
}

/** Loads the CRDs of a file or directory (directory files in name order). */
export async function loadCrds(input: string): Promise<LoadedCrd[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new ImportInputError(input, 'no such file or directory');
  }
  const files = info.isDirectory()
    ? (await readdir(input)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(input, f))
    : [input];
  if (files.length === 0) throw new ImportInputError(input, 'no .yaml files in directory');
  const out: LoadedCrd[] = [];
  for (const file of files) out.push(...parseCrdFile(file, await readFile(file, 'utf8')));
  return out;
}

/** Parses and checks the documents of one file. */
export function parseCrdFile(file: string, text: string): LoadedCrd[] {
  const docs = parseAllDocuments(text);
  const out: LoadedCrd[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new ImportInputError(file, `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    out.push({ file, crd: checkCrd(file, value) });
  }
  if (out.length === 0) throw new ImportInputError(file, 'contains no CustomResourceDefinition');
  return out;
}

function checkCrd(file: string, value: unknown): CrdObject {
  const o = value as Record<string, any>;
  if (typeof o !== 'object' || Array.isArray(o)) throw new ImportInputError(file, 'a document is not a YAML mapping');
  if (o.kind !== 'CustomResourceDefinition') throw new ImportInputError(file, `expected kind CustomResourceDefinition, got ${JSON.stringify(o.kind)}`);
  if (o.apiVersion !== 'apiextensions.k8s.io/v1') throw new ImportInputError(file, `only apiextensions.k8s.io/v1 CRDs can be imported, got ${JSON.stringify(o.apiVersion)}`);
  const spec = o.spec;
  if (!spec || typeof spec.group !== 'string' || !spec.names?.kind || !spec.names?.plural || !Array.isArray(spec.versions) || spec.versions.length === 0) {
    throw new ImportInputError(file, 'CRD lacks spec.group, spec.names.kind/plural or spec.versions');
  }
  for (const v of spec.versions) {
    if (typeof v?.name !== 'string') throw new ImportInputError(file, 'a version has no name');
  }
  o.metadata ??= {};
  return o as CrdObject;
}
