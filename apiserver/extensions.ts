/**
 * The server's pluggable machinery (CRD admission, OpenAPI, tables, patching, apply, protobuf,
 * authorization) lives in sibling modules. They are loaded by specifier at start-up so the core
 * keeps working, with reduced fidelity, while any of them is absent.
 */
import type { KubeObject } from '../runtime/core/meta.ts';
import type { StatusCause } from '../runtime/core/errors.ts';

/** apiserver/crd as the server uses it. */
export interface CrdModule {
  validateCustomResourceDefinition(crd: KubeObject, old?: KubeObject): StatusCause[];
  compileCrd(crd: KubeObject): { version(name: string): { admit(obj: KubeObject, old: KubeObject | undefined, opts: { operation: 'CREATE' | 'UPDATE'; fieldValidation: 'Strict' | 'Warn' | 'Ignore'; subresource?: 'status' | 'scale' }): { object: KubeObject; causes: StatusCause[]; warnings: string[]; error?: Error } } | undefined };
}

/** apiserver/openapi as the server uses it. */
export interface OpenApiModule {
  openApiV3Document(group: string, version: string, resources: unknown[]): object;
}

/** apiserver/table as the server uses it. */
export interface TableModule {
  toTable(resource: { desc: unknown; printerColumns?: unknown[] }, objects: KubeObject[], opts: { includeObject?: 'None' | 'Metadata' | 'Object'; listMeta?: unknown; noHeaders?: boolean }): object;
}

/** apiserver/patch as the server uses it. */
export interface PatchModule {
  applyJsonPatch(obj: unknown, patch: unknown): unknown;
  applyMergePatch(obj: unknown, patch: unknown): unknown;
  applyStrategicMergePatch(obj: unknown, patch: unknown, schema: unknown): unknown;
  patchSchemaFor(apiVersion: string, kind: string): unknown;
}

/** apiserver/ssa as the server uses it. */
export interface SsaModule {
  serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; schema?: unknown; subresource?: string; now: string }): { object: KubeObject };
  recordUpdate(old: KubeObject | undefined, updated: KubeObject, opts: { manager: string; operation: 'Update'; subresource?: string; now: string; schema?: unknown }): KubeObject;
}

/** apiserver/protobuf as the server uses it. */
export interface ProtobufModule {
  isProtobuf(contentType: string | undefined): boolean;
  decodeProtobufObject(body: Buffer): KubeObject;
}

/** The authenticated identity of a request. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

/** apiserver/auth as the server uses it. */
export interface AuthModule {
  authorize(attrs: Record<string, unknown>, rbac: { list(kind: string, namespace?: string): KubeObject[] }): { allowed: boolean; reason: string };
  forbiddenMessage(attrs: Record<string, unknown>): string;
  rulesReview(user: UserInfo, namespace: string, rbac: { list(kind: string, namespace?: string): KubeObject[] }): object;
}

/** Whichever modules are present. */
export interface Extensions {
  crd?: CrdModule;
  openapi?: OpenApiModule;
  table?: TableModule;
  patch?: PatchModule;
  ssa?: SsaModule;
  protobuf?: ProtobufModule;
  auth?: AuthModule;
}

async function tryImport<T>(relative: string, required: string[]): Promise<T | undefined> {
  const spec = new URL(relative, import.meta.url).href;
  try {
    const mod = (await import(spec)) as Record<string, unknown>;
    return required.every((name) => typeof mod[name] === 'function') ? (mod as T) : undefined;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return undefined;
    process.emitWarning(`apiserver: ${relative} failed to load: ${String(err)}`);
    return undefined;
  }
}

let loaded: Promise<Extensions> | undefined;

/** Loads the optional modules once per process. */
export function loadExtensions(): Promise<Extensions> {
  loaded ??= (async () => {
    const [crd, openapi, table, patch, ssa, protobuf, auth] = await Promise.all([
      tryImport<CrdModule>('./crd/index.ts', ['compileCrd', 'validateCustomResourceDefinition']),
      tryImport<OpenApiModule>('./openapi/index.ts', ['openApiV3Document']),
      tryImport<TableModule>('./table/index.ts', ['toTable']),
      tryImport<PatchModule>('./patch/index.ts', ['applyJsonPatch', 'applyMergePatch', 'applyStrategicMergePatch']),
      tryImport<SsaModule>('./ssa/index.ts', ['serverSideApply', 'recordUpdate']),
      tryImport<ProtobufModule>('./protobuf/index.ts', ['isProtobuf', 'decodeProtobufObject']),
      tryImport<AuthModule>('./auth/index.ts', ['authorize', 'forbiddenMessage']),
    ]);
    return { crd, openapi, table, patch, ssa, protobuf, auth };
  })();
  return loaded;
}
