/**
 * Build-time tool: derives the decoder's message tables from the protobuf file descriptors that
 * kubectl embeds (every Kubernetes API package registers its gzipped FileDescriptorProto), restricted
 * to the messages reachable from the kinds the server accepts as protobuf.
 *
 * The descriptors give field names, numbers, types, repetition and map entries, plus the gogoproto
 * options the Go code was generated with: `nullable=false` marks a non-pointer Go field and
 * `customname` its Go name. Whether a non-pointer scalar keeps its zero value in JSON (no omitempty)
 * is taken from the @kubernetes/client-node models, where such fields are required.
 *
 * Usage: node apiserver/protobuf/generate-descriptors.ts [kubectl binary]
 * (default: the pinned kubectl.1.32 beside the real kubectl) writes descriptors.generated.ts.
 */
import { readFileSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import type { ProtoField, ProtoMessage, ProtoScalar } from './descriptor.ts';
import { readEmbeddedDescriptors, type FieldInfo } from './embedded-descriptors.ts';

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

/** A client-node model: its JSON property names and the required ones. */
interface Model { props: Map<string, string>; required: Set<string> }

/**
 * The client-node model of a message: the first candidate name whose properties cover every field
 * that cannot be inlined (openapi-generator prefixes reserved words with `_`; names match case-insensitively).
 */
function findModel(modelsDir: string, message: string, fieldNames: string[]): Model | undefined {
  const parts = message.split('.');
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const [group, version, name] = parts.slice(-3);
  for (const candidate of [`${cap(group)}${cap(version)}${name}`, `${cap(version)}${name}`]) {
    const path = join(modelsDir, `${candidate}.d.ts`);
    if (!existsSync(path)) continue;
    const found = [...readFileSync(path, 'utf8').matchAll(/^\s+'_?(\w+)'(\?)?:/gm)];
    const props = new Map(found.map((p) => [p[1].toLowerCase(), p[1]]));
    if (!fieldNames.every((n) => props.has(n.toLowerCase()))) continue;
    return { props, required: new Set(found.filter((p) => !p[2]).map((p) => p[1])) };
  }
  return undefined;
}

/** Go embeds a struct as a non-pointer field named after its type; only those can be JSON-inlined. */
function mayBeInline(f: FieldInfo): boolean {
  return !!f.typeName && !f.pointer && !f.repeated && f.goName === f.typeName.split('.').at(-1);
}

function main(kubectl: string): void {
  const messages = readEmbeddedDescriptors(readFileSync(kubectl));
  const modelsDir = join(dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node'))), 'gen', 'models');

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
  const unmatched: string[] = [];
  const renamed: string[] = [];
  // An inlined struct has no model of its own: its fields appear in the model of the message embedding it.
  const inheritedModel = new Map<string, Model>();
  while (queue.length) {
    const name = queue.shift()!;
    if (out[name] || handDecoded.has(name)) continue;
    const msg = messages.get(name);
    if (!msg) throw new Error(`unknown message ${name}`);
    const model = findModel(modelsDir, name, msg.fields.filter((f) => !mayBeInline(f)).map((f) => f.name)) ?? inheritedModel.get(name);
    if (!model) unmatched.push(name);
    const fields: Record<number, ProtoField> = {};
    for (const f of msg.fields) {
      const jsonName = model?.props.get(f.name.toLowerCase()) ?? f.name;
      if (jsonName !== f.name) renamed.push(`${name}.${f.name} -> ${jsonName}`);
      const field: ProtoField = { n: jsonName, t: f.mapValue ?? f.scalar ?? f.typeName! };
      if (!scalars.has(field.t) && !handDecoded.has(field.t)) queue.push(field.t);
      if (f.mapKey) field.k = f.mapKey as ProtoScalar;
      else if (f.repeated) field.r = 1;
      else if (model && mayBeInline(f) && !model.props.has(f.name.toLowerCase())) {
        field.i = 1;
        inheritedModel.set(field.t, model);
      } else if (f.scalar && (f.pointer || model?.required.has(jsonName))) field.z = 1;
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
  console.log(`${Object.keys(out).length} messages, ${Object.keys(kinds).length} kinds from ${kubectl}`);
  if (renamed.length) console.log(`JSON names differing from proto names: ${renamed.join(', ')}`);
  if (unmatched.length) console.log(`no client-node model (nothing inlined, zero values of non-pointer scalars dropped): ${unmatched.join(', ')}`);
}

main(process.argv[2] ?? defaultKubectl());
