/** Table test cases shared by the built-in kind table tests: create an object, read it as a Table, compare. */
import assert from 'node:assert/strict';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

/** The Accept header kubectl sends for tables. */
export const TABLE = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };

/** A cell pattern for a freshly created object's age. */
export const FRESH = /^\d+s$/;

/** One kind's table expectation. */
export interface TableCase {
  title: string;
  /** Collection path. */
  path: string;
  body: Record<string, any>;
  /** Status written through the status subresource after create. */
  status?: Record<string, any>;
  /** Column names in order; `+` marks wide (priority 1) columns. */
  columns: string[];
  /** Column types other than string. */
  types?: Record<string, string>;
  /** Expected cells; a RegExp matches a string cell. */
  cells: (unknown | RegExp)[] | ((obj: any) => (unknown | RegExp)[]);
  conditions?: unknown;
}

/** Creates the case's object (and status), reads it as a Table and checks columns, cells and conditions. */
export async function checkTableCase(api: RunningApiServer, c: TableCase): Promise<void> {
  const created = await raw(api, 'POST', c.path, c.body);
  assert.equal(created.status, 201, created.text);
  let obj = created.json;
  const item = `${c.path}/${obj.metadata.name}`;
  if (c.status) {
    const updated = await raw(api, 'PUT', `${item}/status`, { ...obj, status: c.status });
    assert.equal(updated.status, 200, updated.text);
    obj = updated.json;
  }
  const res = await raw(api, 'GET', item, undefined, TABLE);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.kind, 'Table');
  const defs = res.json.columnDefinitions as { name: string; type: string; format: string; priority: number; description: string }[];
  assert.deepEqual(defs.map((d) => (d.priority === 1 ? `+${d.name}` : d.name)), c.columns);
  assert.deepEqual(defs.map((d) => d.type), defs.map((d) => c.types?.[d.name] ?? 'string'));
  assert.ok(defs.every((d) => d.description.length > 0 && d.format === (d.name === 'Name' ? 'name' : '')), 'descriptions set; only Name has format name');
  const expected = typeof c.cells === 'function' ? c.cells(obj) : c.cells;
  const cells = res.json.rows[0].cells as unknown[];
  assert.equal(cells.length, expected.length, `cells ${JSON.stringify(cells)}`);
  expected.forEach((want, i) => {
    if (want instanceof RegExp) assert.match(String(cells[i]), want, `cell ${defs[i]!.name}`);
    else assert.deepEqual(cells[i], want, `cell ${defs[i]!.name}`);
  });
  assert.deepEqual(res.json.rows[0].conditions, c.conditions);
}

/** Starts a server with namespace `ns` created, for a suite of table cases. */
export async function startTableServer(ns: string): Promise<RunningApiServer> {
  const api = await startApiServer();
  const created = await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
  assert.equal(created.status, 201, created.text);
  return api;
}
