/** Shared helpers for generator tests: throwaway API trees and quick access to schemas. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generate, GenerateFailure } from '../../generator/index.ts';
import type { GenerateOptions } from '../../generator/index.ts';

/** Writes `files` (relative path -> content) under a fresh temporary directory. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tsop-gen-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** A one-package API tree (group example.com, version v1) whose kind `Widget` has `spec: WidgetSpec`. */
export function widgetApi(types: string, kindMarkers = '', pkgMarkers = ''): string {
  return writeTree({
    'apis/v1/groupversion.ts': `/**\n * @packageDocumentation\n * +groupName=example.com\n * +versionName=v1\n${pkgMarkers} */\nexport {};\n`,
    'apis/v1/types.ts': `import type { ObjectMeta, TypeMeta, int32, int64, int, float64, Quantity, IntOrString, Time, Duration, Bytes, RawExtension, JSONValue, Condition } from 'tsop/types';\n` +
      `/**\n * Widget is a test kind.\n${kindMarkers} */\nexport interface Widget extends TypeMeta {\n  metadata?: ObjectMeta;\n  spec?: WidgetSpec;\n}\n${types}\n`,
  });
}

/** Generates CRDs only for the tree at `root/apis`. */
export async function crdsOf(root: string, opts: GenerateOptions = {}): Promise<Record<string, any>[]> {
  const { files } = await generate({ apisDir: join(root, 'apis'), extras: false, toolVersion: 'test', ...opts });
  return [...files.values()].map((text) => parse(text));
}

/** The flattened `spec` schema of the Widget kind (first version). */
export async function specOf(types: string, opts: GenerateOptions = {}): Promise<Record<string, any>> {
  const [crd] = await crdsOf(widgetApi(types), opts);
  return crd!.spec.versions[0].schema.openAPIV3Schema.properties.spec;
}

/** The formatted errors of a run that must fail. */
export async function errorsOf(root: string, opts: GenerateOptions = {}): Promise<string[]> {
  try {
    await generate({ apisDir: join(root, 'apis'), extras: false, toolVersion: 'test', ...opts });
  } catch (err) {
    if (err instanceof GenerateFailure) return err.errors.map((e) => e.format());
    throw err;
  }
  throw new Error('generation succeeded but was expected to fail');
}
