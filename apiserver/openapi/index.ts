/**
 * OpenAPI v3 publication: one document per group-version (paths with the operations kubectl's
 * `--validate=strict` probe and `kubectl explain` look for, plus components.schemas), and the
 * `/openapi/v3` index whose `hash` (upper-case hex SHA-512 of the document) changes with content.
 */
import { createHash } from 'node:crypto';
import { definitionForKind } from '../../runtime/core/builtins/index.ts';
import { formatApiVersion, type ResourceDescriptor } from '../../runtime/core/gvk.ts';
import { addDefinitionClosure, commonDefinitions, crdDefinitionName, crdKindSchema, listSchema } from './schemas.ts';
import { resourcePaths } from './paths.ts';

/** One resource served in a group-version. */
export interface ServedResource {
  desc: ResourceDescriptor;
  /** openAPIV3Schema of a CRD version. */
  schema?: unknown;
  /** Subresources with paths of their own; `ephemeralContainers` is the Pod's `/ephemeralcontainers`. */
  subresources?: { status?: boolean; scale?: boolean; ephemeralContainers?: boolean };
  /** Built-in definition name (e.g. `io.k8s.api.core.v1.Namespace`); looked up by kind when absent. */
  builtinDefinition?: string;
  /** Create-only, never stored (access and token reviews): the documents list just its POST. */
  createOnly?: boolean;
}

/** The index path of a group-version: `api/v1` or `apis/<group>/<version>`. */
export function openApiDocPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Builds the OpenAPI v3 document of one group-version. */
export function openApiV3Document(group: string, version: string, resources: ServedResource[]): object {
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  const sorted = [...resources].sort((a, b) => a.desc.plural.localeCompare(b.desc.plural));
  const builtinRefs: string[] = [...commonDefinitions];
  for (const r of sorted) {
    const gvk = { group, version, kind: r.desc.kind };
    const builtin = r.builtinDefinition ?? (r.schema === undefined ? definitionForKind(formatApiVersion(group, version), r.desc.kind) : undefined);
    let defName: string;
    if (builtin) {
      defName = builtin;
      builtinRefs.push(builtin);
      const listName = `${builtin}List`;
      builtinRefs.push(listName);
    } else {
      defName = crdDefinitionName(group, version, r.desc.kind);
      schemas[defName] = crdKindSchema(r.schema, gvk);
      const listKind = r.desc.listKind ?? `${r.desc.kind}List`;
      schemas[crdDefinitionName(group, version, listKind)] = listSchema(defName, { group, version, kind: listKind });
    }
    Object.assign(paths, resourcePaths(r, defName, builtin ? `${builtin}List` : crdDefinitionName(group, version, r.desc.listKind ?? `${r.desc.kind}List`), !!builtin));
  }
  addDefinitionClosure(schemas, builtinRefs);
  for (const name of builtinRefs) {
    if (!schemas[name] && name.endsWith('List')) {
      const item = name.slice(0, -'List'.length);
      const kind = item.slice(item.lastIndexOf('.') + 1);
      schemas[name] = listSchema(item, { group, version, kind: `${kind}List` });
    }
  }
  const sortedSchemas = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: sortedSchemas },
  };
}

/** The content hash kube-openapi publishes: upper-case hex SHA-512 of the JSON document. */
export function openApiV3Hash(doc: object): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

/** The `/openapi/v3` index for documents keyed by their path (`apis/g/v`). */
export function openApiV3Index(docs: Record<string, object>): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const key of Object.keys(docs).sort()) {
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${openApiV3Hash(docs[key]!)}` };
  }
  return { paths };
}

export { openApiV2Document, type OpenApiV2Document } from './v2-document.ts';
export { encodeOpenApiV2 } from './gnostic-encoder.ts';
