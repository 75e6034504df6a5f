/**
 * Printers of the core (v1) group: namespaces, config maps, secrets, service accounts, services,
 * endpoints, persistent volume claims, resource quotas, pods and events.
 */
import { ageColumn, column, nameColumn, printer, wide, type BuiltinPrinter, type Obj } from './columns.ts';
import { eventPrinter } from './event-printer.ts';
import { accessModes, formatLabels, hostPort, listWithMore, loadBalancerIngress } from './format.ts';
import { podPrinter } from './pod-printer.ts';
import { canonicalQuantity } from './quantity.ts';

const size = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);

function externalIP(svc: Obj): string {
  const spec = (svc.spec ?? {}) as Obj;
  const external = ((spec.externalIPs ?? []) as string[]).join(',');
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external || '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status?.loadBalancer);
      const all = [lb, external].filter(Boolean).join(',');
      return all || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePorts(svc: Obj): string {
  const ports = (svc.spec?.ports ?? []) as Obj[];
  const text = ports.map((p) => `${p.port}${p.nodePort > 0 ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
  return text || '<none>';
}

function clusterIP(svc: Obj): string {
  return svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
}

/** Up to three `ip:port` endpoints (every port of every subset), then `+ N more...`. */
function endpoints(ep: Obj): string {
  const subsets = (ep.subsets ?? []) as Obj[];
  if (!subsets.length) return '<none>';
  const all: string[] = [];
  for (const ss of subsets) {
    const ips = ((ss.addresses ?? []) as Obj[]).map((a) => String(a.ip ?? ''));
    const ports = (ss.ports ?? []) as Obj[];
    // Headless services may have no ports: the bare addresses are listed.
    if (!ports.length) all.push(...ips);
    for (const p of ports) all.push(...ips.map((ip) => hostPort(ip, p.port)));
  }
  return listWithMore(all, all.length, 3, '');
}

function pvcClass(pvc: Obj): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return beta ?? pvc.spec?.storageClassName ?? '';
}

/** A bound claim shows the volume's capacity and modes; a pending one shows neither. */
const bound = (pvc: Obj) => Boolean(pvc.spec?.volumeName);

function quotaColumn(rq: Obj, limits: boolean): string {
  const hard = (rq.status?.hard ?? {}) as Record<string, unknown>;
  const used = (rq.status?.used ?? {}) as Record<string, unknown>;
  return Object.keys(hard).sort()
    .filter((r) => (r.split('.').length > 1 && r.split('.')[0] === 'limits') === limits)
    .map((r) => `${r}: ${canonicalQuantity(used[r] ?? '0')}/${canonicalQuantity(hard[r])}`)
    .join(', ');
}

/** Printers of core/v1 kinds, by kind. */
export const corePrinters: Record<string, BuiltinPrinter> = {
  Namespace: printer(nameColumn, column('Status', 'string', 'The lifecycle phase of the namespace.', (o) => o.status?.phase ?? ''), ageColumn),
  ConfigMap: printer(nameColumn, column('Data', 'string', 'Number of keys in data and binaryData.', (o) => size(o.data) + size(o.binaryData)), ageColumn),
  Secret: printer(
    nameColumn,
    column('Type', 'string', 'The secret type (Opaque, kubernetes.io/tls, ...).', (o) => o.type ?? 'Opaque'),
    column('Data', 'string', 'Number of keys in data.', (o) => size(o.data)),
    ageColumn,
  ),
  ServiceAccount: printer(nameColumn, column('Secrets', 'string', 'Number of secrets listed by the service account.', (o) => (o.secrets ?? []).length), ageColumn),
  Service: printer(
    nameColumn,
    column('Type', 'string', 'How the service is exposed (ClusterIP, NodePort, LoadBalancer, ExternalName).', (o) => o.spec?.type ?? 'ClusterIP'),
    column('Cluster-IP', 'string', 'The first cluster IP of the service.', clusterIP),
    column('External-IP', 'string', 'External addresses: external IPs, load balancer ingress or the external name.', externalIP),
    column('Port(s)', 'string', 'Service ports as port[:nodePort]/protocol.', servicePorts),
    ageColumn,
    wide('Selector', 'string', 'The labels that select the pods behind the service.', (o) => formatLabels(o.spec?.selector)),
  ),
  Endpoints: printer(nameColumn, column('Endpoints', 'string', 'The first addresses as ip:port.', endpoints), ageColumn),
  PersistentVolumeClaim: printer(
    nameColumn,
    column('Status', 'string', 'The claim phase (Pending, Bound, Lost), or Terminating.', (o) => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '')),
    column('Volume', 'string', 'The bound persistent volume.', (o) => o.spec?.volumeName ?? ''),
    column('Capacity', 'string', 'Storage capacity of the bound volume.', (o) => (bound(o) ? canonicalQuantity(o.status?.capacity?.storage ?? '0') : '')),
    column('Access Modes', 'string', 'Access modes of the bound volume (RWO, ROX, RWX, RWOP).', (o) => (bound(o) ? accessModes(o.status?.accessModes) : '')),
    column('StorageClass', 'string', 'The storage class of the claim.', pvcClass),
    column('VolumeAttributesClass', 'string', 'The volume attributes class of the claim.', (o) => o.spec?.volumeAttributesClassName ?? '<unset>'),
    ageColumn,
    wide('VolumeMode', 'string', 'Filesystem or Block.', (o) => o.spec?.volumeMode ?? 'Filesystem'),
  ),
  ResourceQuota: printer(
    nameColumn,
    column('Request', 'string', 'Used and hard amounts of every quota that is not a limit.', (o) => quotaColumn(o, false)),
    column('Limit', 'string', 'Used and hard amounts of every limits.* quota.', (o) => quotaColumn(o, true)),
    ageColumn,
  ),
  Pod: podPrinter,
  Event: eventPrinter,
};
