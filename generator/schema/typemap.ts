/**
 * TypeScript type syntax to schema nodes (controller-gen's typeToSchema): built-ins and
 * collections map inline, named types become `$ref`s that flattening resolves later.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { TypeNode } from 'ts-morph';
import type { ErrorSink, SourcePos } from '../errors.ts';
import type { ApiProject, Resolution, TypeDecl } from '../source/project.ts';
import { DANGEROUS_SCALARS, INLINE_SCALARS, NAMED_RUNTIME_TYPES } from './known.ts';
import { cloneSchema } from './types.ts';
import type { JSONSchemaProps } from './types.ts';

/** What the type mapper needs from the schema builder. */
export interface TypeMapHost {
  api: ApiProject;
  sink: ErrorSink;
  allowDangerousTypes: boolean;
  /** Registers a declaration as a named type and returns its key. */
  namedKey(decl: TypeDecl): string;
  /** True when an alias declaration has its own doc or markers (a "defined" type). */
  isDefinedAlias(decl: TypeDecl): boolean;
  /** The unflattened schema of a named type (builds it on demand). */
  schemaOf(key: string): JSONSchemaProps | undefined;
  /** Registers a client-node built-in and returns its key, or undefined when unknown. */
  builtinKey(name: string, pos: SourcePos): string | undefined;
}

/** The position of a node, 1-based. */
export function posOf(node: Node): SourcePos {
  const file = node.getSourceFile();
  const { line, column } = file.getLineAndColumnAtPos(node.getStart());
  return { file: file.getFilePath(), line, col: column };
}

function stripNullish(members: TypeNode[]): TypeNode[] {
  return members.filter((m) => {
    if (m.getKind() === SyntaxKind.UndefinedKeyword) return false;
    if (Node.isLiteralTypeNode(m) && m.getLiteral().getKind() === SyntaxKind.NullKeyword) return false;
    return true;
  });
}

/** String values of a union of string literals (after aliases without docs), or undefined. */
export function stringLiterals(host: TypeMapHost, node: TypeNode): string[] | undefined {
  if (Node.isParenthesizedTypeNode(node)) return stringLiterals(host, node.getTypeNode());
  if (Node.isLiteralTypeNode(node)) {
    const lit = node.getLiteral();
    return Node.isStringLiteral(lit) || Node.isNoSubstitutionTemplateLiteral(lit) ? [lit.getLiteralValue()] : undefined;
  }
  if (Node.isUnionTypeNode(node)) {
    const out: string[] = [];
    for (const m of stripNullish(node.getTypeNodes())) {
      const vals = stringLiterals(host, m);
      if (!vals) return undefined;
      out.push(...vals);
    }
    return out.length > 0 ? out : undefined;
  }
  if (Node.isTypeReference(node)) {
    const r = host.api.resolveName(node.getSourceFile(), node.getTypeName().getText());
    if (r.kind === 'decl' && Node.isTypeAliasDeclaration(r.decl)) {
      const t = r.decl.getTypeNode();
      return t ? stringLiterals(host, t) : undefined;
    }
  }
  return undefined;
}

/** True when a type is a string, boolean, number-like scalar or literal union (Go "basic" underlying). */
export function isBasicType(host: TypeMapHost, node: TypeNode, depth = 0): boolean {
  if (depth > 20) return false;
  if (Node.isParenthesizedTypeNode(node)) return isBasicType(host, node.getTypeNode(), depth + 1);
  const kind = node.getKind();
  if (kind === SyntaxKind.StringKeyword || kind === SyntaxKind.BooleanKeyword) return true;
  if (stringLiterals(host, node)) return true;
  if (Node.isTypeReference(node)) {
    const r = host.api.resolveName(node.getSourceFile(), node.getTypeName().getText());
    if (r.kind === 'runtime') return r.name in INLINE_SCALARS && r.name !== 'Bytes';
    if (r.kind === 'decl' && Node.isTypeAliasDeclaration(r.decl)) {
      const t = r.decl.getTypeNode();
      return t ? isBasicType(host, t, depth + 1) : false;
    }
  }
  return false;
}

function unsupported(host: TypeMapHost, node: Node, message: string): JSONSchemaProps {
  host.sink.report('type', message, posOf(node));
  return {};
}

/** The field-level schema of a type node (no description, no markers). */
export function typeToSchema(host: TypeMapHost, node: TypeNode): JSONSchemaProps {
  if (Node.isParenthesizedTypeNode(node)) return typeToSchema(host, node.getTypeNode());
  switch (node.getKind()) {
    case SyntaxKind.StringKeyword: return { type: 'string' };
    case SyntaxKind.BooleanKeyword: return { type: 'boolean' };
    case SyntaxKind.NumberKeyword:
      return unsupported(host, node, 'unsupported type number: a bare number is ambiguous; use int32, int64, int, Quantity or float64 from runtime/types (tsop/types)');
    case SyntaxKind.BigIntKeyword:
      return unsupported(host, node, 'unsupported type bigint: use int64 from runtime/types (tsop/types)');
    case SyntaxKind.AnyKeyword: case SyntaxKind.UnknownKeyword: case SyntaxKind.ObjectKeyword:
      return unsupported(host, node, `unsupported type ${node.getText()}: use JSONValue (any JSON) or RawExtension from runtime/types, or a named interface`);
  }
  if (Node.isArrayTypeNode(node)) return { type: 'array', items: typeToSchema(host, node.getElementTypeNode()) };
  if (Node.isLiteralTypeNode(node) || Node.isUnionTypeNode(node)) {
    if (Node.isUnionTypeNode(node)) {
      const members = stripNullish(node.getTypeNodes());
      if (members.length === 1) return typeToSchema(host, members[0]!);
    }
    const values = stringLiterals(host, node);
    if (values) return { type: 'string', enum: values };
    return unsupported(host, node, `unsupported type ${node.getText()}: only unions of string literals (enums) are supported; use a named interface or JSONValue`);
  }
  if (Node.isTypeLiteral(node)) {
    const index = node.getIndexSignatures();
    if (index.length === 1 && node.getMembers().length === 1) return mapSchema(host, node, index[0]!.getKeyTypeNode(), index[0]!.getReturnTypeNode());
    return unsupported(host, node, 'inline struct types are not supported, use a named interface instead');
  }
  if (Node.isTypeReference(node)) return referenceToSchema(host, node);
  if (Node.isIntersectionTypeNode(node)) {
    return unsupported(host, node, `unsupported intersection type ${node.getText()}: use an interface that extends the parts`);
  }
  return unsupported(host, node, `unsupported type ${node.getText()}`);
}

function mapSchema(host: TypeMapHost, node: Node, key: TypeNode | undefined, value: TypeNode | undefined): JSONSchemaProps {
  if (!key || !value) return unsupported(host, node, 'map types need a key and a value type');
  const keyIsString = key.getKind() === SyntaxKind.StringKeyword || stringLiterals(host, key) !== undefined || isStringAlias(host, key);
  if (!keyIsString) return unsupported(host, key, `map keys must be strings, not ${key.getText()}`);
  return { type: 'object', additionalProperties: typeToSchema(host, value) };
}

function isStringAlias(host: TypeMapHost, node: TypeNode): boolean {
  if (!Node.isTypeReference(node)) return false;
  const r = host.api.resolveName(node.getSourceFile(), node.getTypeName().getText());
  if (r.kind !== 'decl' || !Node.isTypeAliasDeclaration(r.decl)) return false;
  const t = r.decl.getTypeNode();
  return !!t && (t.getKind() === SyntaxKind.StringKeyword || isStringAlias(host, t));
}

function referenceToSchema(host: TypeMapHost, node: TypeNode & Node): JSONSchemaProps {
  if (!Node.isTypeReference(node)) return {};
  const name = node.getTypeName().getText();
  const args = node.getTypeArguments();
  if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) return { type: 'array', items: typeToSchema(host, args[0]!) };
  if (name === 'Record' && args.length === 2) return mapSchema(host, node, args[0], args[1]);
  const resolution: Resolution = host.api.resolveName(node.getSourceFile(), name);
  switch (resolution.kind) {
    case 'unresolved':
      return unsupported(host, node, `unsupported type ${name}: ${resolution.reason}`);
    case 'runtime': {
      const inline = INLINE_SCALARS[resolution.name];
      if (inline) {
        if (DANGEROUS_SCALARS.has(resolution.name) && !host.allowDangerousTypes) {
          return unsupported(host, node, `found ${resolution.name}, the usage of which is highly discouraged, as support for them varies across languages. Please consider serializing your float as string instead. If you are really sure you want to use them, re-run with --allow-dangerous-types`);
        }
        return cloneSchema(inline);
      }
      if (resolution.name in NAMED_RUNTIME_TYPES) return { $ref: `runtime#${resolution.name}` };
      return unsupported(host, node, `unsupported runtime type ${resolution.name}`);
    }
    case 'builtin': {
      const key = host.builtinKey(resolution.name, posOf(node));
      return key ? { $ref: key } : {};
    }
    case 'decl': {
      const decl = resolution.decl;
      if (args.length > 0 || decl.getTypeParameters().length > 0) {
        return unsupported(host, node, `generic type ${name} is not supported: declare a concrete interface`);
      }
      if (Node.isTypeAliasDeclaration(decl) && !host.isDefinedAlias(decl)) {
        const target = decl.getTypeNode();
        return target ? typeToSchema(host, target) : unsupported(host, node, `type ${name} has no definition`);
      }
      const key = host.namedKey(decl);
      const ref: JSONSchemaProps = { $ref: key };
      const sameDir = decl.getSourceFile().getDirectoryPath() === node.getSourceFile().getDirectoryPath();
      const target = Node.isTypeAliasDeclaration(decl) ? decl.getTypeNode() : undefined;
      if (sameDir && target && isBasicType(host, target)) {
        const named = host.schemaOf(key);
        if (named?.type) ref.type = named.type;
        if (named?.format) ref.format = named.format;
      }
      return ref;
    }
  }
}
