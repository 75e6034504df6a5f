/**
 * `tsop generate` as a library: TypeScript API types with controller-gen markers in, CRD YAML
 * (byte-compatible with controller-gen), RBAC and typed clients out. `generate` is pure (it
 * returns file contents); `writeGenerated` puts them on disk atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { builtinTypeSchema } from './builtins/index.ts';
import { renderClients } from './clients/index.ts';
import { assembleCrds } from './crd/assemble.ts';
import type { KindInfo } from './crd/assemble.ts';
import { ErrorSink, GenerateError, GenerateFailure } from './errors.ts';
import { generateRbac, MarkerParseError } from './rbac/index.ts';
import { generateWebhooks, WebhookMarkerError } from './webhook/index.ts';
import { SchemaBuilder } from './schema/builder.ts';
import type { BuiltinResolver } from './schema/builder.ts';
import { finalizeSchemas } from './schema/finalize.ts';
import { ApiProject } from './source/project.ts';
import { renderCrdYaml } from './yaml/index.ts';

export type { KindInfo } from './crd/assemble.ts';
export { GenerateError, GenerateFailure } from './errors.ts';
export type { GenerateErrorKind, SourcePos } from './errors.ts';
export type { JSONSchemaProps } from './schema/types.ts';
export { renderCrdYaml, renderYaml, renderYamlDocuments } from './yaml/index.ts';
export { writeGenerated, plannedChanges } from './write.ts';
export type { WriteResult } from './write.ts';

/** Inputs of a generation run. Paths are resolved against the current directory. */
export interface GenerateOptions {
  apisDir?: string;
  /** Where `+kubebuilder:rbac` markers are read from; RBAC is skipped when absent or empty. */
  controllersDir?: string;
  /**
   * Where `+kubebuilder:webhook` markers are read from. Default: the controllers directory, the
   * APIs directory and `webhooks/`, each when present.
   */
  webhooksDir?: string | readonly string[];
  /** The output directory; used to compute client import paths (nothing is written). */
  outDir?: string;
  allowDangerousTypes?: boolean;
  maxDescLen?: number;
  /** Also report marker names no generator knows (typos such as `Minimun`). */
  strict?: boolean;
  /** Value of the `tsop.dev/version` annotation (default: this package's version). */
  toolVersion?: string;
  /** Overrides how @kubernetes/client-node types are expanded (default: the built-in catalogue). */
  resolveBuiltin?: BuiltinResolver;
  /** Import specifier (or absolute path of the runtime entry) used by generated clients. */
  runtimeImport?: string;
  /** Give nested ObjectMeta fields their five-property schema, as controller-gen's generateEmbeddedObjectMeta. */
  generateEmbeddedObjectMeta?: boolean;
  /** Set to false to skip RBAC and clients (CRDs only). */
  extras?: boolean;
}

/** What a run produces. */
export interface GenerateResult {
  /** Output files keyed by path relative to the output directory (`crds/…`, `rbac/role.yaml`, `webhook/manifests.yaml`, `clients/…`). */
  files: Map<string, string>;
  kinds: KindInfo[];
}

/** This package's version, for the attribution annotation. */
export function packageVersion(): string {
  const pkgPath = new URL('../package.json', import.meta.url);
  try {
    return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string }).version ?? '(devel)';
  } catch {
    return '(devel)';
  }
}

/**
 * Inside the tsop package itself `import 'tsop'` cannot resolve to source files, so generated clients
 * there import the runtime entry by path; user projects keep the `tsop` specifier.
 */
function selfRuntimeImport(outDir: string): string | undefined {
  for (let dir = outDir; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name;
      return name === 'tsop' ? join(dir, 'runtime', 'index.ts') : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The existing directories webhook markers are read from (see GenerateOptions.webhooksDir). */
export function webhookDirs(options: Pick<GenerateOptions, 'webhooksDir' | 'controllersDir' | 'apisDir'>): string[] {
  const given = options.webhooksDir;
  const dirs = given === undefined ? [options.controllersDir ?? 'controllers', options.apisDir ?? 'apis', 'webhooks'] : typeof given === 'string' ? [given] : given;
  return [...new Set(dirs.map((d) => resolve(d)))].filter((d) => existsSync(d));
}

/** Runs generation; throws GenerateFailure (with every problem found) on bad input. */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const sink = new ErrorSink();
  const strict = options.strict ?? false;
  const api = ApiProject.load(resolve(options.apisDir ?? 'apis'));
  const builder = new SchemaBuilder(api, {
    sink, strict, allowDangerousTypes: options.allowDangerousTypes ?? false,
    resolveBuiltin: options.resolveBuiltin ?? ((name) => builtinTypeSchema(name)),
    generateEmbeddedObjectMeta: options.generateEmbeddedObjectMeta ?? false,
  });
  const { crds, kinds } = assembleCrds(api, builder, {
    sink, strict, maxDescLen: options.maxDescLen, toolVersion: options.toolVersion ?? packageVersion(),
  });
  sink.throwIfAny();
  const files = new Map<string, string>();
  for (const crd of crds) {
    finalizeSchemas(crd.object);
    files.set(`crds/${crd.fileName}`, renderCrdYaml(crd.object));
  }
  if (options.extras !== false) {
    const controllers = resolve(options.controllersDir ?? 'controllers');
    if (existsSync(controllers)) {
      let role: string | undefined;
      try {
        role = await generateRbac(controllers);
      } catch (err) {
        if (!(err instanceof MarkerParseError)) throw err;
        throw new GenerateFailure([new GenerateError('marker', err.message, undefined, err.marker)]);
      }
      if (role) files.set('rbac/role.yaml', role);
    }
    const webhooks = webhookDirs(options);
    if (webhooks.length > 0) {
      let manifests: string | undefined;
      try {
        manifests = await generateWebhooks(webhooks);
      } catch (err) {
        if (!(err instanceof WebhookMarkerError || err instanceof MarkerParseError)) throw err;
        throw new GenerateFailure([new GenerateError('marker', err.message)]);
      }
      if (manifests) files.set('webhook/manifests.yaml', manifests);
    }
    if (kinds.length > 0) {
      const outDir = resolve(options.outDir ?? 'generated');
      const runtimeImport = options.runtimeImport ?? selfRuntimeImport(outDir);
      const clients = renderClients(kinds, outDir, runtimeImport ? { runtimeImport } : {});
      for (const [path, content] of clients) files.set(path, content);
    }
  }
  return { files, kinds };
}

/** The CRD file path a kind's CRD is written to, relative to the output directory. */
export function crdPath(kind: KindInfo): string {
  return join('crds', kind.crdFile);
}
