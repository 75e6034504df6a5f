/**
 * CRD assembly (controller-gen's NeedCRDFor): kinds are grouped by group and kind across
 * packages; each package of the group that declares the kind contributes a version whose schema
 * is the kind's flattened schema; CRD markers then shape names, scope and per-version settings.
 */
import { basename } from 'node:path';
import type { InterfaceDeclaration } from 'ts-morph';
import { byteCompare } from '../bytes.ts';
import type { ClientKind } from '../clients/index.ts';
import type { ErrorSink } from '../errors.ts';
import { collectMarkers } from '../markers/collect.ts';
import type { SchemaBuilder } from '../schema/builder.ts';
import { truncateDescriptions } from '../schema/describe.ts';
import { RefResolver } from '../schema/flatten.ts';
import { isKindShaped, unresolvedKindMetadata } from '../schema/kinds.ts';
import { posOf } from '../schema/typemap.ts';
import type { ApiProject } from '../source/project.ts';
import { defaultPlural } from './plural.ts';
import { applyCrdMarkers } from './versions.ts';
import type { CrdDraft, CrdVersion } from './versions.ts';

/** A kind that got a CRD, per served version, for client generation and reporting. */
export interface KindInfo extends ClientKind {
  /** The CRD file name under crds/. */
  crdFile: string;
}

/** Options of CRD assembly. */
export interface AssembleOptions {
  sink: ErrorSink;
  strict: boolean;
  maxDescLen?: number;
  /** Value of the `tsop.dev/version` annotation. */
  toolVersion: string;
}

interface GroupVersion { group: string; version: string; dir: string }

/** A finished CRD and the file it belongs in. */
export interface AssembledCrd {
  fileName: string;
  object: Record<string, unknown>;
}

/** Builds every CRD of the project. */
export function assembleCrds(api: ApiProject, builder: SchemaBuilder, opts: AssembleOptions): { crds: AssembledCrd[]; kinds: KindInfo[] } {
  const sink = opts.sink;
  const gvs: GroupVersion[] = [];
  const typesByDir = new Map<string, Map<string, InterfaceDeclaration>>();
  const kindNames = new Map<string, { group: string; kind: string }>();
  for (const pkg of api.packages) {
    const markers = collectMarkers(pkg.markers, 'package', { sink, strict: opts.strict });
    if (markers.has('kubebuilder:skip')) continue;
    const group = markers.last('groupName');
    if (!group) continue;
    const version = (markers.last('versionName')?.value as string | undefined) ?? basename(pkg.dir);
    gvs.push({ group: group.value as string, version, dir: pkg.dir });
    const types = new Map<string, InterfaceDeclaration>();
    for (const file of pkg.files) {
      for (const decl of file.getInterfaces()) {
        types.set(decl.getName(), decl);
        if (isKindShaped(api, decl)) kindNames.set(`${decl.getName()}.${group.value}`, { group: group.value as string, kind: decl.getName() });
        else {
          const why = unresolvedKindMetadata(api, decl);
          if (why) sink.report('type', why, posOf(decl));
        }
      }
    }
    typesByDir.set(pkg.dir, types);
  }
  const resolver = new RefResolver((key) => builder.schemaOf(key));
  const crds: AssembledCrd[] = [];
  const kinds: KindInfo[] = [];
  for (const gkKey of [...kindNames.keys()].sort()) {
    const { group, kind } = kindNames.get(gkKey)!;
    const draft: CrdDraft = {
      names: { kind, listKind: `${kind}List`, plural: defaultPlural(kind), singular: kind.toLowerCase() },
      scope: 'Namespaced', annotations: {}, labels: {},
    };
    const versions: { version: CrdVersion; decl: InterfaceDeclaration }[] = [];
    for (const gv of gvs.filter((g) => g.group === group)) {
      const decl = typesByDir.get(gv.dir)?.get(kind);
      if (!decl) continue;
      if (versions.some((v) => v.version.name === gv.version)) {
        sink.report('crd', `kind ${kind} is declared twice for ${group}/${gv.version}`, posOf(decl));
        continue;
      }
      const key = builder.namedKey(decl);
      builder.schemaOf(key);
      const schema = resolver.flatten(key, sink);
      if (schema.properties?.metadata) schema.properties.metadata = { type: 'object' };
      if (opts.maxDescLen !== undefined) truncateDescriptions(schema, opts.maxDescLen);
      versions.push({ version: { name: gv.version, served: true, storage: false, schema: { openAPIV3Schema: schema } }, decl });
    }
    for (const { version, decl } of versions) {
      applyCrdMarkers(builder.namedType(decl).markers.list, draft, version, sink);
    }
    const kept = versions.filter((v) => !v.version.skip).sort((a, b) => byteCompare(a.version.name, b.version.name));
    if (kept.length === 0) continue;
    if (kept.length === 1) kept[0]!.version.storage = true;
    const where = posOf(kept[0]!.decl);
    if (!kept.some((v) => v.version.storage)) sink.report('crd', `CRD for ${gkKey} has no storage version (mark one version with +kubebuilder:storageversion)`, where);
    if (!kept.some((v) => v.version.served)) sink.report('crd', `CRD for ${gkKey} does not serve any version`, where);
    const fileName = `${group}_${draft.names.plural}.yaml`;
    crds.push({ fileName, object: crdObject(group, draft, kept.map((v) => v.version), opts.toolVersion) });
    for (const { version, decl } of kept) {
      if (!version.served) continue;
      kinds.push({
        group, version: version.name, kind, plural: draft.names.plural, namespaced: draft.scope === 'Namespaced',
        typeName: kind, typeFile: decl.getSourceFile().getFilePath(), crdFile: fileName,
        ...(draft.names.shortNames?.length ? { shortNames: [...draft.names.shortNames] } : {}),
      });
    }
  }
  return { crds, kinds };
}

function crdObject(group: string, draft: CrdDraft, versions: CrdVersion[], toolVersion: string): Record<string, unknown> {
  const names: Record<string, unknown> = { ...draft.names };
  if (!draft.names.shortNames?.length) delete names.shortNames;
  if (!draft.names.categories?.length) delete names.categories;
  const metadata: Record<string, unknown> = {
    annotations: { ...draft.annotations, 'tsop.dev/version': toolVersion },
    name: `${draft.names.plural}.${group}`,
  };
  if (Object.keys(draft.labels).length > 0) metadata.labels = draft.labels;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: {
      group,
      names,
      scope: draft.scope,
      versions: versions.map((v) => {
        const out: Record<string, unknown> = { name: v.name, served: v.served, storage: v.storage };
        if (v.deprecated) out.deprecated = true;
        if (v.deprecationWarning) out.deprecationWarning = v.deprecationWarning;
        if (v.schema) out.schema = v.schema;
        if (v.subresources) out.subresources = v.subresources;
        if (v.additionalPrinterColumns?.length) out.additionalPrinterColumns = v.additionalPrinterColumns;
        if (v.selectableFields?.length) out.selectableFields = v.selectableFields;
        return out;
      }),
    },
  };
}
