/**
 * How printers render common values: label maps, label selectors, container lists, access modes,
 * host:port pairs and truncated lists, in the textual forms `kubectl get` users know.
 */
import type { Obj } from './columns.ts';

/** `<none>` for an empty value. */
export function orNone(v: unknown): unknown {
  return v === undefined || v === null || v === '' ? '<none>' : v;
}

/** A label map as `a=1,b=2` (keys sorted), `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = labels && typeof labels === 'object' ? Object.entries(labels as Record<string, unknown>) : [];
  if (!entries.length) return '<none>';
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${String(v)}`).join(',');
}

/**
 * A metav1.LabelSelector in selector syntax with requirements sorted by key and set values
 * sorted; '' for a missing or empty selector, undefined when the selector is invalid.
 */
export function selectorText(sel: unknown): string | undefined {
  if (!sel || typeof sel !== 'object') return '';
  const s = sel as Obj;
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries((s.matchLabels ?? {}) as Record<string, unknown>)) reqs.push({ key, text: `${key}=${String(value)}` });
  for (const e of (s.matchExpressions ?? []) as Obj[]) {
    const key = String(e.key ?? '');
    const values = ((e.values ?? []) as unknown[]).map(String).sort();
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) return undefined;
        reqs.push({ key, text: `${key} ${e.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) return undefined;
        reqs.push({ key, text: e.operator === 'Exists' ? key : `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.text).join(',');
}

/** A label selector for display: `<none>` when empty, `<error>` when invalid. */
export function formatSelector(sel: unknown): string {
  const text = selectorText(sel);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** Container names and images of a pod spec, each joined with commas. */
export function containerCells(podSpec: Obj | undefined): [names: string, images: string] {
  const containers = (podSpec?.containers ?? []) as Obj[];
  return [containers.map((c) => c.name ?? '').join(','), containers.map((c) => c.image ?? '').join(',')];
}

const ACCESS_MODES: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** Volume access modes abbreviated in their fixed order (`RWO,RWX`), duplicates dropped. */
export function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes : []);
  return ACCESS_MODES.filter(([mode]) => set.has(mode)).map(([, short]) => short).join(',');
}

/** `ip:port`, brackets around IPv6 addresses. */
export function hostPort(ip: string, port: unknown): string {
  return ip.includes(':') ? `[${ip}]:${String(port)}` : `${ip}:${String(port)}`;
}

/** The first `max` items and a `+ N more...` tail; `empty` when there are none. */
export function listWithMore(items: string[], total: number, max: number, empty: string): string {
  if (!items.length) return empty;
  const shown = items.slice(0, max).join(',');
  return total > max ? `${shown} + ${total - max} more...` : shown;
}

/** An IntOrString as Kubernetes prints it. */
export function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : String(v ?? '');
}

/** Load balancer ingress points (IP, else hostname), unique and sorted, comma-joined. */
export function loadBalancerIngress(lb: Obj | undefined): string {
  const points = new Set<string>();
  for (const ing of (lb?.ingress ?? []) as Obj[]) {
    if (ing.ip) points.add(String(ing.ip));
    else if (ing.hostname) points.add(String(ing.hostname));
  }
  return [...points].sort().join(',');
}
