/**
 * Kind detection by structure, as controller-gen does it: an object type carrying TypeMeta
 * (apiVersion and kind, declared or inherited) and `metadata: ObjectMeta`. List types carry
 * ListMeta and are therefore not kinds.
 */
import { Node } from 'ts-morph';
import type { InterfaceDeclaration } from 'ts-morph';
import type { ApiProject } from '../source/project.ts';

function runtimeName(api: ApiProject, decl: InterfaceDeclaration, typeText: string): string | undefined {
  const r = api.resolveName(decl.getSourceFile(), typeText);
  return r.kind === 'runtime' ? r.name : undefined;
}

/** True when the interface is a Kubernetes kind (TypeMeta + ObjectMeta metadata). */
export function isKindShaped(api: ApiProject, decl: InterfaceDeclaration): boolean {
  const props = new Map(decl.getProperties().map((p) => [p.getName(), p]));
  const metadata = props.get('metadata');
  const metaType = metadata?.getTypeNode();
  if (!metaType || !Node.isTypeReference(metaType)) return false;
  if (runtimeName(api, decl, metaType.getTypeName().getText()) !== 'ObjectMeta') return false;
  if (props.has('apiVersion') && props.has('kind')) return true;
  return decl.getExtends().some((h) => runtimeName(api, decl, h.getExpression().getText()) === 'TypeMeta');
}

/**
 * Why an interface that looks like a kind (apiVersion, kind and metadata) is not one because its
 * metadata type cannot be resolved; undefined otherwise. Without this, a mistyped import path
 * would silently generate no CRD.
 */
export function unresolvedKindMetadata(api: ApiProject, decl: InterfaceDeclaration): string | undefined {
  const props = new Map(decl.getProperties().map((p) => [p.getName(), p]));
  const metaType = props.get('metadata')?.getTypeNode();
  if (!props.has('apiVersion') || !props.has('kind') || !metaType || !Node.isTypeReference(metaType)) return undefined;
  const typeName = metaType.getTypeName().getText();
  const r = api.resolveName(decl.getSourceFile(), typeName);
  if (r.kind !== 'unresolved') return undefined;
  return `${decl.getName()} has apiVersion and kind, but its metadata type ${typeName} cannot be resolved (${r.reason}); import ObjectMeta from 'tsop/types'`;
}
