/**
 * The server's machinery from its sibling modules (CRD admission, OpenAPI, tables, patching, apply,
 * protobuf, authorization), gathered in one object that the request pipeline receives through its
 * context, so handlers depend on a narrow surface.
 */
import * as auth from './auth/index.ts';
import * as crd from './crd/index.ts';
import * as openapi from './openapi/index.ts';
import * as patch from './patch/index.ts';
import * as protobuf from './protobuf/index.ts';
import * as ssa from './ssa/index.ts';
import * as table from './table/index.ts';
import type { UserInfo } from './auth/index.ts';

export type { UserInfo };

/** The modules the server uses. */
export interface Extensions {
  crd: typeof crd;
  openapi: typeof openapi;
  table: typeof table;
  patch: typeof patch;
  ssa: typeof ssa;
  protobuf: typeof protobuf;
  auth: typeof auth;
}

const modules: Extensions = { crd, openapi, table, patch, ssa, protobuf, auth };

/** The server's modules (async for symmetry with lazily loaded ones). */
export function loadExtensions(): Promise<Extensions> {
  return Promise.resolve(modules);
}

/** Top-level fields a write through `subresource` may not touch (status vs. the rest). */
export function resetFieldsFor(hasStatusSubresource: boolean, subresource: string | undefined): string[] | undefined {
  if (subresource === 'status') return ['spec'];
  return hasStatusSubresource ? ['status'] : undefined;
}
