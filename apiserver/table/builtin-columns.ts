/**
 * The columns Kubernetes' printers show for common built-in kinds (pkg/printers/internalversion),
 * computed from the wire objects. Kinds not listed get the default convertor's `Created At`.
 */
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { humanAge } from './age.ts';
import type { TableColumnDefinition } from './index.ts';

/** One column: its definition and how to compute a cell. */
export interface BuiltinColumn {
  definition: TableColumnDefinition;
  cell(obj: KubeObject, now: Date): unknown;
}

type Obj = Record<string, any>; // wire objects of many kinds: fields are read defensively

function col(name: string, type: string, cell: (o: Obj, now: Date) => unknown, priority = 0, format = ''): BuiltinColumn {
  return { definition: { name, type, format, description: `${name}`, priority }, cell: (o, now) => cell(o as Obj, now) };
}

const age = col('Age', 'string', (o, now) => humanAge(o.metadata?.creationTimestamp, now));
const size = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);
const none = (v: unknown) => (v === undefined || v === null || v === '' ? '<none>' : v);

function podStatus(o: Obj): string {
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  const waiting = (o.status?.containerStatuses ?? []).find((c: Obj) => c.state?.waiting?.reason)?.state.waiting.reason;
  return waiting ?? o.status?.reason ?? o.status?.phase ?? 'Unknown';
}

function ports(o: Obj): string {
  const ps = (o.spec?.ports ?? []) as Obj[];
  if (!ps.length) return '<none>';
  return ps.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function selector(sel: Obj | undefined): string {
  if (!sel) return '<none>';
  const labels = sel.matchLabels ?? sel;
  const parts = Object.entries(labels as Record<string, unknown>).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

const byKind: Record<string, BuiltinColumn[]> = {
  Namespace: [col('Status', 'string', (o) => o.status?.phase ?? ''), age],
  ConfigMap: [col('Data', 'integer', (o) => size(o.data) + size(o.binaryData)), age],
  Secret: [col('Type', 'string', (o) => o.type ?? ''), col('Data', 'integer', (o) => size(o.data)), age],
  ServiceAccount: [col('Secrets', 'integer', (o) => (o.secrets ?? []).length), age],
  Pod: [
    col('Ready', 'string', (o) => `${(o.status?.containerStatuses ?? []).filter((c: Obj) => c.ready).length}/${(o.spec?.containers ?? []).length}`),
    col('Status', 'string', podStatus),
    col('Restarts', 'string', (o) => String((o.status?.containerStatuses ?? []).reduce((n: number, c: Obj) => n + (c.restartCount ?? 0), 0))),
    age,
    col('IP', 'string', (o) => none(o.status?.podIP), 1),
    col('Node', 'string', (o) => none(o.spec?.nodeName), 1),
  ],
  Deployment: [
    col('Ready', 'string', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`),
    col('Up-to-date', 'integer', (o) => o.status?.updatedReplicas ?? 0),
    col('Available', 'integer', (o) => o.status?.availableReplicas ?? 0),
    age,
    col('Containers', 'string', (o) => (o.spec?.template?.spec?.containers ?? []).map((c: Obj) => c.name).join(','), 1),
    col('Images', 'string', (o) => (o.spec?.template?.spec?.containers ?? []).map((c: Obj) => c.image).join(','), 1),
    col('Selector', 'string', (o) => selector(o.spec?.selector), 1),
  ],
  Service: [
    col('Type', 'string', (o) => o.spec?.type ?? 'ClusterIP'),
    col('Cluster-IP', 'string', (o) => none(o.spec?.clusterIP)),
    col('External-IP', 'string', (o) => none((o.spec?.externalIPs ?? []).join(','))),
    col('Port(s)', 'string', ports),
    age,
    col('Selector', 'string', (o) => selector(o.spec?.selector), 1),
  ],
  Job: [
    col('Status', 'string', (o) => ((o.status?.conditions ?? []) as Obj[]).find((c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'))?.type ?? 'Running'),
    col('Completions', 'string', (o) => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`),
    col('Duration', 'string', (o, now) => (o.status?.startTime ? humanAge(o.status.startTime, o.status.completionTime ? new Date(o.status.completionTime) : now) : '')),
    age,
  ],
  Lease: [col('Holder', 'string', (o) => o.spec?.holderIdentity ?? ''), age],
  Event: [
    col('Last Seen', 'string', (o, now) => humanAge(o.lastTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp, now)),
    col('Type', 'string', (o) => o.type ?? ''),
    col('Reason', 'string', (o) => o.reason ?? ''),
    col('Object', 'string', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`),
    col('Message', 'string', (o) => o.message ?? ''),
  ],
  CustomResourceDefinition: [col('Created At', 'date', (o) => o.metadata?.creationTimestamp ?? null)],
};

/** The columns of a built-in kind (without the leading Name column). */
export function builtinColumns(desc: ResourceDescriptor): BuiltinColumn[] {
  return byKind[desc.kind] ?? [col('Created At', 'date', (o) => o.metadata?.creationTimestamp ?? null)];
}
