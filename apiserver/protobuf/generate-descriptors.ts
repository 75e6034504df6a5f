/**
 * Build-time tool: derives the decoder's message tables from Kubernetes' generated.proto files
 * (field numbers and types) and types.go files (JSON names, pointer-ness, omitempty), restricted to
 * the messages reachable from the kinds the server accepts as protobuf.
 *
 * Usage: node apiserver/protobuf/generate-descriptors.ts <k8s.io/api dir> <k8s.io/apimachinery dir>
 * writes apiserver/protobuf/descriptors.generated.ts.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtoField, ProtoMessage, ProtoScalar } from './descriptor.ts';

const scalars = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);

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
const machineryDirs = ['pkg/apis/meta/v1', 'pkg/runtime', 'pkg/util/intstr', 'pkg/api/resource'];
const metaKinds = ['DeleteOptions', 'Status'];

interface GoField { json: string; keepZero: boolean; inline: boolean }

/** Parses `message X { ... }` blocks of a generated.proto into raw field lists. */
function parseProto(text: string, into: Map<string, { pkg: string; fields: { label: string; type: string; name: string; num: number; key?: string }[] }>): void {
  const pkg = /^package ([\w.]+);/m.exec(text)![1];
  const messageRe = /^message (\w+) \{([\s\S]*?)^\}/gm;
  for (const m of text.matchAll(messageRe)) {
    const fields = [];
    for (const line of m[2].split('\n')) {
      const map = /^\s*map<(\w+),\s*([\w.]+)>\s+(\w+)\s*=\s*(\d+);/.exec(line);
      if (map) { fields.push({ label: 'map', key: map[1], type: map[2], name: map[3], num: Number(map[4]) }); continue; }
      const f = /^\s*(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+);/.exec(line);
      if (f) fields.push({ label: f[1], type: f[2], name: f[3], num: Number(f[4]) });
    }
    into.set(`${pkg}.${m[1]}`, { pkg, fields });
  }
}

/** Reads Go struct tags: protobuf name -> JSON name and zero-keeping, per struct; and named slices. */
function parseGoTypes(text: string, pkg: string, structs: Map<string, Map<string, GoField>>, namedSlices: Set<string>): void {
  for (const m of text.matchAll(/^type (\w+) \[\]/gm)) namedSlices.add(`${pkg}.${m[1]}`);
  for (const m of text.matchAll(/^type (\w+) struct \{([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, GoField>();
    for (const line of m[2].split('\n')) {
      const f = /^\s*(?:(\w+)\s+)?([*\w.[\]]+)\s+`(.*)`/.exec(line);
      if (!f) continue;
      const pb = /protobuf:"[^"]*name=(\w+)/.exec(f[3]);
      const js = /json:"([^"]*)"/.exec(f[3]);
      if (!pb || !js) continue;
      const [jsonName, ...opts] = js[1].split(',');
      fields.set(pb[1], { json: jsonName || pb[1], keepZero: f[2].startsWith('*') || !opts.includes('omitempty'), inline: opts.includes('inline') });
    }
    structs.set(`${pkg}.${m[1]}`, fields);
  }
}

function main(apiDir: string, machineryDir: string): void {
  const raw = new Map<string, { pkg: string; fields: { label: string; type: string; name: string; num: number; key?: string }[] }>();
  const structs = new Map<string, Map<string, GoField>>();
  const namedSlices = new Set<string>();
  const load = (dir: string) => {
    const proto = readFileSync(join(dir, 'generated.proto'), 'utf8');
    parseProto(proto, raw);
    const pkg = /^package ([\w.]+);/m.exec(proto)![1];
    for (const file of ['types.go', 'types_swagger_doc_generated.go', 'meta.go', 'time.go', 'micro_time.go', 'duration.go', 'intstr.go', 'quantity.go']) {
      const path = join(dir, file);
      if (existsSync(path)) parseGoTypes(readFileSync(path, 'utf8'), pkg, structs, namedSlices);
    }
  };
  for (const r of roots) load(join(apiDir, r.dir));
  for (const d of machineryDirs) load(join(machineryDir, d));

  const kinds: Record<string, string> = {};
  const queue: string[] = [];
  for (const r of roots) {
    const pkg = raw.get([...raw.keys()].find((k) => k.endsWith(`.${r.kinds[0]}`) && k.includes(r.dir.replace('/', '.')))!)!.pkg;
    for (const kind of r.kinds) {
      const name = `${pkg}.${kind}`;
      if (!raw.has(name)) throw new Error(`no message ${name}`);
      kinds[`${r.group ? `${r.group}/` : ''}${r.dir.split('/')[1]}/${kind}`] = name;
      queue.push(name);
    }
  }
  for (const kind of metaKinds) {
    kinds[`meta.k8s.io/v1/${kind}`] = `k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`;
    queue.push(`k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`);
  }

  const out: Record<string, ProtoMessage> = {};
  while (queue.length) {
    const name = queue.shift()!;
    if (out[name]) continue;
    const msg = raw.get(name);
    if (!msg) throw new Error(`unknown message ${name}`);
    const go = structs.get(name);
    const fields: Record<number, ProtoField> = {};
    for (const f of msg.fields) {
      const type = scalars.has(f.type) ? f.type : f.type.startsWith('.') ? f.type.slice(1) : `${msg.pkg}.${f.type}`;
      if (!scalars.has(type)) queue.push(type);
      const goField = go?.get(f.name);
      const field: ProtoField = { n: goField?.json ?? f.name, t: type };
      if (f.label === 'repeated') field.r = 1;
      if (f.label === 'map') field.k = f.key as ProtoScalar;
      if (goField?.keepZero && !goField.inline) field.z = 1;
      if (goField?.inline) field.i = 1;
      fields[f.num] = field;
    }
    out[name] = namedSlices.has(name) ? { f: fields, u: 1 } : { f: fields };
  }

  const lines = [
    '/**',
    ' * Generated by generate-descriptors.ts from Kubernetes generated.proto and types.go; do not edit.',
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
  console.log(`${Object.keys(out).length} messages, ${Object.keys(kinds).length} kinds`);
}

main(process.argv[2], process.argv[3]);
