/** Bad input: every problem is reported with file:line:col, the marker text and what was expected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, widgetApi, writeTree } from './support.ts';

async function errorsFor(types: string, opts = {}): Promise<string[]> {
  return errorsOf(widgetApi(types), opts);
}

// widgetApi puts the first line of the given types at line 9 of apis/v1/types.ts.
const LINE0 = 8;

test('malformed markers: bad value, unknown argument, missing argument, value on an empty marker', async () => {
  const errors = await errorsFor(`export interface WidgetSpec {
  /** +kubebuilder:validation:Maximum=abc */
  a?: int32;
  /** +kubebuilder:validation:XValidation:rule="true",mesage="x" */
  b?: string;
  /** +kubebuilder:validation:XValidation:message="x" */
  c?: string;
  /** +optional=true */
  d?: string;
  /** +kubebuilder:validation:MaxLength */
  e?: string;
}`);
  assert.equal(errors.length, 5);
  assert.match(errors[0]!, new RegExp(`types\\.ts:${LINE0 + 2}:7: invalid marker: expected number, got "abc".*\\(in marker \\+kubebuilder:validation:Maximum=abc\\)`));
  assert.match(errors[1]!, new RegExp(`:${LINE0 + 4}:7: invalid marker: unknown argument "mesage" \\(expected one of rule, message,`));
  assert.match(errors[2]!, new RegExp(`:${LINE0 + 6}:7: invalid marker: missing argument "rule"`));
  assert.match(errors[3]!, new RegExp(`:${LINE0 + 8}:7: invalid marker: extra arguments provided: "true"`));
  assert.match(errors[4]!, new RegExp(`:${LINE0 + 10}:7: invalid marker: missing argument: expected \\+kubebuilder:validation:MaxLength=<integer>`));
});

test('markers that do not fit the schema they land on', async () => {
  const errors = await errorsFor(`export interface WidgetSpec {
  /** +kubebuilder:validation:MaxLength=3 */
  a?: int32;
  /** +kubebuilder:validation:Minimum=1.5 */
  b?: int32;
  /** +listType=bag */
  c?: string[];
  /** +listMapKey=name */
  d?: string[];
  /** +k8s:enum */
  e?: string;
}`);
  assert.deepEqual(errors.map((e) => e.replace(/^.*?types\.ts:/, '').replace(/ \(in marker.*$/, '')), [
    `${LINE0 + 2}:7: must apply maxlength to a string, found integer`,
    `${LINE0 + 4}:7: cannot apply non-integral minimum validation (1.5) to integer value`,
    `${LINE0 + 6}:7: ListType must be either "map", "set" or "atomic"`,
    `${LINE0 + 8}:7: must apply listMapKey to an associative-list (listType=map)`,
    `${LINE0 + 10}:7: k8s:enum must be set on a type, not a field`,
  ]);
});

test('unsupported types: bare number, non-literal unions, inline objects, unknown names, floats', async () => {
  const errors = await errorsFor(`export interface WidgetSpec {
  a?: number;
  b?: string | boolean;
  c?: { x: string };
  d?: Missing;
  e?: float64;
}`);
  assert.equal(errors.length, 5);
  assert.match(errors[0]!, new RegExp(`:${LINE0 + 2}:7: unsupported type number: a bare number is ambiguous; use int32, int64, int, Quantity or float64`));
  assert.match(errors[1]!, new RegExp(`:${LINE0 + 3}:7: unsupported type string \\| boolean: only unions of string literals`));
  assert.match(errors[2]!, new RegExp(`:${LINE0 + 4}:7: inline struct types are not supported, use a named interface instead`));
  assert.match(errors[3]!, new RegExp(`:${LINE0 + 5}:7: unsupported type Missing: cannot find type Missing`));
  assert.match(errors[4]!, new RegExp(`:${LINE0 + 6}:7: found float64, the usage of which is highly discouraged.*--allow-dangerous-types`));
});

test('invalid CEL rules fail at generation; valid Kubernetes CEL (optionals, macros, libraries) passes', async () => {
  const errors = await errorsFor(`export interface WidgetSpec {
  /** +kubebuilder:validation:XValidation:rule="self.x >",message="m" */
  a?: string;
  /** +kubebuilder:validation:XValidation:rule="self.size() > 0",messageExpression="'bad' +" */
  b?: string;
  /**
   * +kubebuilder:validation:XValidation:rule="self.?x.orValue('') != '' && self.all(k, k.matches('^a')) && quantity(self.q).isLessThan(quantity('1Gi'))"
   * +kubebuilder:validation:XValidation:rule="!has(oldSelf.x) || self.x == oldSelf.x",optionalOldSelf=true
   */
  c?: Record<string, string>;
}`);
  assert.equal(errors.length, 2);
  assert.match(errors[0]!, new RegExp(`:${LINE0 + 2}:7: invalid CEL rule "self.x >": .*expected a CEL expression`));
  assert.match(errors[1]!, new RegExp(`:${LINE0 + 4}:7: invalid CEL messageExpression`));
});

test('--strict reports unknown marker names; without it they are ignored', async () => {
  const types = `export interface WidgetSpec {
  /**
   * +kubebuilder:validation:Minimun=1
   * +kubebuilder:validation:nullable
   * +genclient
   */
  a?: int32;
}`;
  const errors = await errorsFor(types, { strict: true });
  assert.deepEqual(errors.map((e) => e.replace(/^.*?types\.ts:/, '').replace(/ \(in marker.*$/, '')), [
    `${LINE0 + 3}:6: unknown marker "+kubebuilder:validation:Minimun=1"`,
    `${LINE0 + 4}:6: unknown marker "+kubebuilder:validation:nullable"`,
  ]);
  await assert.rejects(errorsFor(types), /expected to fail/);
});

test('OneOf members may not be required', async () => {
  const errors = await errorsFor(`export interface WidgetSpec { s?: S }
/** +kubebuilder:validation:ExactlyOneOf=a;b */
export interface S {
  a: string;
  /** +required */
  b?: string;
}`);
  assert.equal(errors.length, 2);
  assert.match(errors[0]!, /field a is part of OneOf constraint and must be optional \(declare it as a\?\)/);
  assert.match(errors[1]!, /field b is part of OneOf constraint and cannot be marked as required/);
});

test('a kind whose metadata type cannot be resolved is an error, not a silently missing CRD', async () => {
  const root = writeTree({
    'apis/v1/groupversion.ts': `/**\n * @packageDocumentation\n * +groupName=example.com\n * +versionName=v1\n */\nexport {};\n`,
    'apis/v1/types.ts': `import type { ObjectMeta } from '../../nowhere/types.ts';\n\nexport interface Gadget {\n  apiVersion: string;\n  kind: string;\n  metadata?: ObjectMeta;\n}\n`,
  });
  const errors = await errorsOf(root);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /types\.ts:3:1: Gadget has apiVersion and kind, but its metadata type ObjectMeta cannot be resolved \(cannot resolve module "\.\.\/\.\.\/nowhere\/types\.ts"\); import ObjectMeta from 'tsop\/types'/);
});
