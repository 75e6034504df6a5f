/**
 * Build-time tool: derives the decoder's message tables from the protobuf file descriptors that
 * kubectl embeds (every Kubernetes API package registers its gzipped FileDescriptorProto), restricted
 * to the messages reachable from the kinds the server accepts as protobuf.
 *
 * The descriptors give field names, numbers, types, repetition and map entries, plus the gogoproto
 * options the Go code was generated with: `nullable=false` marks a non-pointer Go field.
 *
 * What the JSON form looks like is decided by the Go struct tags, and those are read from the same
 * binary: Go keeps every struct type's field list with each field's tag for reflection
 * (go-struct-tags.ts). A message is tied to its struct by the descriptor's go_package and message
 * name (go-to-protobuf names messages after their Go types), and each field by its protobuf tag
 * number, with the tag's field name checked against the descriptor. From the json tag come the JSON
 * name, `inline`, and `omitempty`: encoding/json keeps a zero value exactly when the field is a
 * pointer or its tag lacks omitempty, and renders a nil list, map or pointer without omitempty as
 * null. These are the facts kubectl's own encoder acts on, so no model of the API is consulted.
 *
 * Usage: node apiserver/protobuf/generate-descriptors.ts [kubectl binary]
 * (default: the pinned kubectl.1.32 beside the real kubectl) writes descriptors.generated.ts.
 */
import { readFileSync, writeFileSync, realpathSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import type { ProtoField, ProtoMessage, ProtoScalar } from './descriptor.ts';
import { readEmbeddedDescriptors, type FieldInfo, type MessageInfo } from './embedded-descriptors.ts';
import { readProtobufTaggedStructs, type GoStruct, type GoStructField } from './go-struct-tags.ts';

/** API group of each k8s.io/api package directory, with the kinds decoded from it. */
const roots: { dir: string; group: string; kinds: string[] }[] = [
  { dir: 'core/v1', group: '', kinds: ['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Pod', 'Endpoints', 'ResourceQuota', 'LimitRange', 'Event', 'PersistentVolumeClaim', 'Binding'] },
  { dir: 'apps/v1', group: 'apps', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] },
  { dir: 'batch/v1', group: 'batch', kinds: ['Job', 'CronJob'] },
  { dir: 'rbac/v1', group: 'rbac.authorization.k8s.io', kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] },
  { dir: 'policy/v1', group: 'policy', kinds: ['PodDisruptionBudget', 'Eviction'] },
  { dir: 'networking/v1', group: 'networking.k8s.io', kinds: ['Ingress', 'NetworkPolicy'] },
  { dir: 'scheduling/v1', group: 'scheduling.k8s.io', kinds: ['PriorityClass'] },
  { dir: 'coordination/v1', group: 'coordination.k8s.io', kinds: ['Lease'] },
  { dir: 'autoscaling/v1', group: 'autoscaling', kinds: ['Scale'] },
  { dir: 'authentication/v1', group: 'authentication.k8s.io', kinds: ['TokenRequest', 'TokenReview', 'SelfSubjectReview'] },
  { dir: 'authorization/v1', group: 'authorization.k8s.io', kinds: ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview', 'LocalSubjectAccessReview'] },
];
const scalars = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);
const metaPackage = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const metaKinds = ['DeleteOptions', 'Status'];

/** Messages the decoder renders by hand (their JSON form is a scalar); their fields need no table. */
const handDecoded = new Set([
  `${metaPackage}.Time`, `${metaPackage}.MicroTime`, `${metaPackage}.Duration`, `${metaPackage}.FieldsV1`,
  'k8s.io.apimachinery.pkg.api.resource.Quantity', 'k8s.io.apimachinery.pkg.api.resource.QuantityValue',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString', 'k8s.io.apimachinery.pkg.runtime.RawExtension',
  'k8s.io.apimachinery.pkg.runtime.Unknown',
]);

function defaultKubectl(): string {
  const real = realpathSync(execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim());
  return join(dirname(real), 'kubectl.1.32');
}

/** Go zero values that encoding/json renders as null rather than as an empty object. */
const nullWhenZero = new Set([`${metaPackage}.Time`, `${metaPackage}.MicroTime`]);

/** The Go struct field behind each descriptor field, by protobuf field number. */
function goFieldsOf(name: string, msg: MessageInfo, structs: Map<string, GoStruct>): Map<number, GoStructField> {
  const struct = structs.get(msg.goType);
  if (!struct) throw new Error(`message ${name}: no Go struct ${msg.goType} with protobuf tags in the binary`);
  const byNumber = new Map(struct.fields.filter((g) => g.proto).map((g) => [g.proto!.number, g]));
  for (const f of msg.fields) {
    const g = byNumber.get(f.number);
    if (!g || (g.proto!.name !== undefined && g.proto!.name !== f.name)) {
      throw new Error(`message ${name}: field ${f.number} (${f.name}) has no matching tag in ${msg.goType}`);
    }
  }
  return byNumber;
}

/** The table entry of one field, from its descriptor and its Go struct tag. */
function toField(f: FieldInfo, g: GoStructField): ProtoField {
  const inline = g.inline || (g.embedded && !g.json);
  if (!inline && !g.json) throw new Error(`field ${f.name}: json tag without a name`);
  const field: ProtoField = { n: inline ? f.name : g.json!, t: f.mapValue ?? f.scalar ?? f.typeName! };
  const list = !!f.mapKey || f.repeated;
  if (f.mapKey) field.k = f.mapKey as ProtoScalar;
  else if (f.repeated) field.r = 1;
  if (inline) field.i = 1;
  else if (f.scalar && !list && (f.pointer || !g.omitempty)) field.z = 1;
  // Absent from the wire means the Go zero value. A nil list, map or pointer is printed as null unless
  // omitempty; a struct is printed whatever its tag says, and a zero time as null.
  const nilPrinted = !g.omitempty && (list || f.pointer);
  const zeroTimePrinted = !f.pointer && !list && nullWhenZero.has(field.t);
  if (!inline && (nilPrinted || zeroTimePrinted)) field.e = 1;
  return field;
}

function main(kubectl: string): void {
  const binary = readFileSync(kubectl);
  const messages = readEmbeddedDescriptors(binary);
  const structs = readProtobufTaggedStructs(binary);

  const kinds: Record<string, string> = {};
  const queue: string[] = [];
  for (const r of roots) {
    for (const kind of r.kinds) {
      const name = `k8s.io.api.${r.dir.replace('/', '.')}.${kind}`;
      if (!messages.has(name)) throw new Error(`no message ${name} in ${kubectl}`);
      kinds[`${r.group ? `${r.group}/` : ''}${r.dir.split('/')[1]}/${kind}`] = name;
      queue.push(name);
    }
  }
  for (const kind of metaKinds) {
    kinds[`meta.k8s.io/v1/${kind}`] = `${metaPackage}.${kind}`;
    queue.push(`${metaPackage}.${kind}`);
  }

  const out: Record<string, ProtoMessage> = {};
  while (queue.length) {
    const name = queue.shift()!;
    if (out[name] || handDecoded.has(name)) continue;
    const msg = messages.get(name);
    if (!msg) throw new Error(`unknown message ${name}`);
    const fields: Record<number, ProtoField> = {};
    // A named slice is a Go slice type, not a struct: its one field is the list itself.
    const goFields = msg.namedSlice ? undefined : goFieldsOf(name, msg, structs);
    for (const f of msg.fields) {
      const field = goFields ? toField(f, goFields.get(f.number)!) : { n: f.name, t: f.mapValue ?? f.scalar ?? f.typeName!, r: 1 as const };
      if (!scalars.has(field.t) && !handDecoded.has(field.t)) queue.push(field.t);
      fields[f.number] = field;
    }
    out[name] = msg.namedSlice ? { f: fields, u: 1 } : { f: fields };
  }

  const lines = [
    '/**',
    ' * Generated by generate-descriptors.ts from the protobuf descriptors embedded in kubectl; do not edit.',
    ' * Field numbers, JSON names and zero-value handling of the messages the server decodes.',
    ' */',
    "import type { ProtoMessage } from './descriptor.ts';",
    '',
    '/** Message name of each `<apiVersion>/<kind>` accepted in protobuf. */',
    `export const protoKinds: Record<string, string> = ${JSON.stringify(kinds, null, 2)};`,
    '',
    '/** Message tables by fully qualified name. */',
    'export const protoMessages: Record<string, ProtoMessage> = {',
    ...Object.keys(out).sort().map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(out[k])},`),
    '};',
    '',
  ];
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'descriptors.generated.ts'), lines.join('\n'));
  const counts = (flag: 'z' | 'e' | 'i') => Object.values(out).reduce((n, m) => n + Object.values(m.f).filter((f) => f[flag]).length, 0);
  console.log(`${Object.keys(out).length} messages, ${Object.keys(kinds).length} kinds from ${kubectl}; ` +
    `${counts('z')} fields keep zero values, ${counts('e')} render null when absent, ${counts('i')} inlined`);
}

main(process.argv[2] ?? defaultKubectl());
