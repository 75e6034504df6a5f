/**
 * Per-type schemas before flattening (controller-gen's parser.Schemata): interfaces become
 * object schemas with required-ness decided as controller-gen does, aliases with their own doc
 * become named types, and every named type gets its description and type-level markers.
 */
import { dirname } from 'node:path';
import { Node } from 'ts-morph';
import type { ExpressionWithTypeArguments, InterfaceDeclaration, PropertySignature } from 'ts-morph';
import { byteCompare } from '../bytes.ts';
import type { ErrorSink, SourcePos } from '../errors.ts';
import { collectMarkers, MarkerValues } from '../markers/collect.ts';
import type { CollectOptions } from '../markers/collect.ts';
import { nodeDoc } from '../source/jsdoc.ts';
import type { DocInfo } from '../source/jsdoc.ts';
import type { ApiProject, TypeDecl } from '../source/project.ts';
import { applySchemaMarkers } from './apply.ts';
import { EMBEDDED_OBJECT_META, NAMED_RUNTIME_TYPES, TYPE_META_FIELDS } from './known.ts';
import { isKindShaped } from './kinds.ts';
import { posOf, stringLiterals, typeToSchema } from './typemap.ts';
import type { TypeMapHost } from './typemap.ts';
import type { JSONSchemaProps } from './types.ts';

/** Looks up a Kubernetes built-in (client-node) type's full schema. */
export type BuiltinResolver = (typeName: string) => JSONSchemaProps | undefined;

/** Options of a schema build. */
export interface BuilderOptions {
  sink: ErrorSink;
  strict: boolean;
  allowDangerousTypes: boolean;
  resolveBuiltin?: BuiltinResolver;
  /** Nested ObjectMeta fields get name/namespace/labels/annotations/finalizers (controller-gen's generateEmbeddedObjectMeta). */
  generateEmbeddedObjectMeta?: boolean;
}

/** A named type: its declaration, doc and type-level markers. */
export interface NamedType {
  key: string;
  name: string;
  decl: TypeDecl;
  doc: DocInfo;
  markers: MarkerValues;
}

const ONE_OF = ['kubebuilder:validation:AtMostOneOf', 'kubebuilder:validation:ExactlyOneOf', 'kubebuilder:validation:AtLeastOneOf'];

/** Builds and caches unflattened schemas for every type reachable from the kinds. */
export class SchemaBuilder implements TypeMapHost {
  readonly api: ApiProject;
  readonly sink: ErrorSink;
  readonly allowDangerousTypes: boolean;
  private readonly opts: BuilderOptions;
  private readonly collect: CollectOptions;
  private readonly named = new Map<string, NamedType>();
  private readonly schemata = new Map<string, JSONSchemaProps>();
  private readonly builtins = new Map<string, JSONSchemaProps>();
  private readonly packageOptional = new Map<string, boolean>();

  constructor(api: ApiProject, opts: BuilderOptions) {
    this.api = api;
    this.opts = opts;
    this.sink = opts.sink;
    this.allowDangerousTypes = opts.allowDangerousTypes;
    this.collect = { sink: opts.sink, strict: opts.strict };
    for (const pkg of api.packages) {
      const markers = collectMarkers(pkg.markers, 'package', this.collect);
      this.packageOptional.set(pkg.dir, markers.has('kubebuilder:validation:Optional'));
    }
  }

  /** The named-type record of a declaration (created on first use). */
  namedType(decl: TypeDecl): NamedType {
    const key = `${decl.getSourceFile().getFilePath()}#${decl.getName()}`;
    let info = this.named.get(key);
    if (!info) {
      const doc = nodeDoc(decl);
      info = { key, name: decl.getName(), decl, doc, markers: collectMarkers(doc.markers, 'type', this.collect) };
      this.named.set(key, info);
    }
    return info;
  }

  namedKey(decl: TypeDecl): string {
    return this.namedType(decl).key;
  }

  isDefinedAlias(decl: TypeDecl): boolean {
    const doc = nodeDoc(decl);
    return doc.description !== '' || doc.markers.length > 0;
  }

  builtinKey(name: string, pos: SourcePos): string | undefined {
    const key = `builtin#${name}`;
    if (this.builtins.has(key)) return key;
    const schema = this.opts.resolveBuiltin?.(name);
    if (!schema) {
      this.sink.report('type', `unsupported type ${name} from @kubernetes/client-node: ${this.opts.resolveBuiltin ? 'not a known built-in type' : 'built-in type schemas are not available'}`, pos);
      return undefined;
    }
    this.builtins.set(key, schema);
    return key;
  }

  /** The unflattened schema of a named type, runtime type or built-in. */
  schemaOf(key: string): JSONSchemaProps | undefined {
    if (key === 'runtime#ObjectMeta' && this.opts.generateEmbeddedObjectMeta) return EMBEDDED_OBJECT_META;
    if (key.startsWith('runtime#')) return NAMED_RUNTIME_TYPES[key.slice(8)];
    if (key.startsWith('builtin#')) return this.builtins.get(key);
    const cached = this.schemata.get(key);
    if (cached) return cached;
    const info = this.named.get(key);
    if (!info) return undefined;
    this.schemata.set(key, {});
    const schema = this.build(info);
    this.schemata.set(key, schema);
    return schema;
  }

  private build(info: NamedType): JSONSchemaProps {
    const decl = info.decl;
    let schema: JSONSchemaProps;
    if (Node.isInterfaceDeclaration(decl)) schema = this.structSchema(decl, info);
    else {
      const target = decl.getTypeNode();
      schema = target ? typeToSchema(this, target) : {};
    }
    if (info.doc.description) schema.description = info.doc.description;
    applySchemaMarkers(info.markers, schema, {
      sink: this.sink,
      onField: false,
      enumValues: () => {
        const t = Node.isTypeAliasDeclaration(decl) ? decl.getTypeNode() : undefined;
        return t ? stringLiterals(this, t) : undefined;
      },
    });
    return schema;
  }

  private structSchema(decl: InterfaceDeclaration, info: NamedType): JSONSchemaProps {
    const props: JSONSchemaProps = { type: 'object', properties: {} };
    const required: string[] = [];
    const allOf: JSONSchemaProps[] = [];
    const kind = isKindShaped(this.api, decl);
    const pkgOptional = this.packageOptional.get(dirname(decl.getSourceFile().getFilePath())) ?? false;
    const oneOfFields = new Set(info.markers.list.filter((m) => ONE_OF.includes(m.name)).flatMap((m) => m.value as string[]));
    for (const heritage of decl.getExtends()) {
      const embedded = this.embedSchema(heritage);
      if (embedded) allOf.push(embedded);
    }
    const immutable: string[] = [];
    for (const member of decl.getMembers()) {
      if (!Node.isPropertySignature(member)) {
        this.sink.report('type', `unsupported member ${member.getText().split('\n')[0]} in ${decl.getName()}: API interfaces hold properties only (use Record<string, V> for maps)`, posOf(member));
        continue;
      }
      const name = propertyName(member);
      const doc = nodeDoc(member);
      const markers = collectMarkers(doc.markers, 'field', this.collect);
      const pos = posOf(member);
      const typeMeta = kind && (name === 'apiVersion' || name === 'kind');
      const isRequired = !typeMeta && !(kind && name === 'metadata') && this.requiredness(name, member, markers, pkgOptional, oneOfFields, pos);
      if (isRequired) required.push(name);
      let schema: JSONSchemaProps;
      if (markers.has('kubebuilder:validation:Schemaless')) schema = {};
      else if (typeMeta) schema = { type: 'string' };
      else {
        const typeNode = member.getTypeNode();
        if (!typeNode) {
          this.sink.report('type', `property ${name} needs an explicit type`, pos);
          continue;
        }
        schema = typeToSchema(this, typeNode);
      }
      const description = doc.description || (typeMeta ? TYPE_META_FIELDS[name as 'apiVersion' | 'kind'].description : '');
      if (description) schema.description = description;
      applySchemaMarkers(markers, schema, { sink: this.sink, onField: true });
      if (markers.has('k8s:immutable')) immutable.push(name);
      props.properties![name] = schema;
    }
    if (allOf.length > 0) props.allOf = allOf;
    const sorted = required.sort(byteCompare);
    if (sorted.length > 0) props.required = sorted;
    for (const field of immutable) {
      if (sorted.includes(field)) continue;
      props['x-kubernetes-validations'] = [...(props['x-kubernetes-validations'] ?? []),
        { rule: `!has(oldSelf.${field}) || has(self.${field})`, message: `field ${field} is immutable once set` }];
    }
    return props;
  }

  /** An `extends` clause: an inline embed, like a Go embedded struct with `json:",inline"`. */
  private embedSchema(heritage: ExpressionWithTypeArguments): JSONSchemaProps | undefined {
    const name = heritage.getExpression().getText();
    if (heritage.getTypeArguments().length > 0) {
      this.sink.report('type', `cannot extend generic type ${heritage.getText()}`, posOf(heritage));
      return undefined;
    }
    const r = this.api.resolveName(heritage.getSourceFile(), name);
    if (r.kind === 'runtime' && r.name in NAMED_RUNTIME_TYPES) return { $ref: `runtime#${r.name}` };
    if (r.kind === 'decl') return { $ref: this.namedKey(r.decl) };
    if (r.kind === 'builtin') {
      const key = this.builtinKey(r.name, posOf(heritage));
      return key ? { $ref: key } : undefined;
    }
    this.sink.report('type', `cannot extend ${name}: ${r.kind === 'unresolved' ? r.reason : 'not an object type'}`, posOf(heritage));
    return undefined;
  }

  /** controller-gen's required/optional precedence (explicit markers first, then `?`). */
  private requiredness(name: string, member: PropertySignature, markers: MarkerValues, pkgOptional: boolean, oneOf: Set<string>, pos: SourcePos): boolean {
    const inOneOf = oneOf.has(name);
    const explicitRequired = (marker: string) => {
      if (inOneOf) this.sink.report('schema', `field ${name} is part of OneOf constraint and cannot be marked as required`, pos, `+${marker}`);
      return true;
    };
    if (markers.has('kubebuilder:validation:Optional')) return false;
    if (markers.has('kubebuilder:validation:Required')) return explicitRequired('kubebuilder:validation:Required');
    if (markers.has('optional') || markers.has('k8s:optional')) return false;
    if (markers.has('required')) return explicitRequired('required');
    if (markers.has('k8s:required')) return explicitRequired('k8s:required');
    if (pkgOptional) return false;
    if (member.hasQuestionToken()) return false;
    if (inOneOf) {
      this.sink.report('schema', `field ${name} is part of OneOf constraint and must be optional (declare it as ${name}?)`, pos);
      return false;
    }
    return true;
  }

}

function propertyName(member: PropertySignature): string {
  const node = member.getNameNode();
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  return node.getText();
}
