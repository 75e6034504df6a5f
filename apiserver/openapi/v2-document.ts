/**
 * The OpenAPI v2 (swagger 2.0) document of everything served: one definition per built-in kind
 * (from the catalogue the v3 documents use) and per served CRD version, each list kind, everything
 * they reference, and the paths of every resource. kubectl up to 1.29 reads it on every apply and
 * create for client-side validation, and `kubectl explain --output=plaintext-openapiv2` reads it.
 */
import { definitionForKind } from '../../runtime/core/builtins/index.ts';
import { formatApiVersion } from '../../runtime/core/gvk.ts';
import type { ServedResource } from './index.ts';
import { commonDefinitions, crdDefinitionName, knownDefinition } from './schemas.ts';
import { operationDefinitions, resourcePathsV2 } from './v2-paths.ts';
import { addBuiltinClosureV2, crdKindSchemaV2, ensureGvk, listSchemaV2 } from './v2-schemas.ts';

/** The parts of a swagger 2.0 document the server fills in. */
export interface OpenApiV2Document {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, unknown>;
  definitions: Record<string, Record<string, unknown>>;
  securityDefinitions: Record<string, unknown>;
  security: Record<string, string[]>[];
}

/** Builds the v2 document of `resources` (every served resource of every group-version). */
export function openApiV2Document(resources: ServedResource[], serverVersion = 'v1.32.0'): OpenApiV2Document {
  const definitions: Record<string, Record<string, unknown>> = {};
  const paths: Record<string, unknown> = {};
  const builtinKinds: { name: string; gvk: { group: string; version: string; kind: string } }[] = [];
  const sorted = [...resources].sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  for (const r of sorted) {
    const { group, version, kind } = r.desc;
    const gvk = { group, version, kind };
    const listKind = r.desc.listKind ?? `${kind}List`;
    const builtin = r.builtinDefinition ?? (r.schema === undefined ? definitionForKind(formatApiVersion(group, version), kind) : undefined);
    let defName: string;
    let listName: string;
    if (builtin) {
      defName = builtin;
      listName = `${builtin}List`;
      builtinKinds.push({ name: defName, gvk }, { name: listName, gvk: { group, version, kind: listKind } });
    } else {
      defName = crdDefinitionName(group, version, kind);
      listName = crdDefinitionName(group, version, listKind);
      definitions[defName] = crdKindSchemaV2(r.schema, gvk);
      definitions[listName] = listSchemaV2(defName, { group, version, kind: listKind });
    }
    Object.assign(paths, resourcePathsV2(r, defName, listName, !!builtin));
  }
  for (const { name, gvk } of builtinKinds) {
    if (!definitions[name] && name.endsWith('List') && !knownDefinition(name)) {
      definitions[name] = listSchemaV2(name.slice(0, -'List'.length), gvk);
    }
  }
  const scale = resources.some((r) => r.subresources?.scale) ? ['io.k8s.api.autoscaling.v1.Scale'] : [];
  addBuiltinClosureV2(definitions, [...commonDefinitions, ...operationDefinitions, ...scale, ...builtinKinds.map((b) => b.name)]);
  for (const { name, gvk } of builtinKinds) definitions[name] = ensureGvk(definitions[name]!, gvk);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: serverVersion },
    paths,
    definitions: Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]!])),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}

function pathOf(r: ServedResource): string {
  return `${r.desc.group}/${r.desc.version}/${r.desc.plural}`;
}
