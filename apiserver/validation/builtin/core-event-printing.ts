/**
 * Event field values printed as Kubernetes' field errors print them (Go's `%v`/`%#v` of the
 * internal types): times through time.Time's String, references and sources as Go structs.
 */
import { objectOf, stringOf } from './core-formats.ts';

const q = (v: unknown): string => JSON.stringify(stringOf(v));

/** A metav1.Time or MicroTime as Go's time.Time String prints it; absent is the zero time. */
export function goTime(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(v) : null;
  if (!m) return '0001-01-01 00:00:00 +0000 UTC';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const zone = m[4] === 'Z' ? '+0000 UTC' : `${m[4]!.replace(':', '')} ${m[4]!.replace(':', '')}`;
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} ${zone}`;
}

/** A value of one of the event's Go types, as `%#v` prints it (`null` for a nil pointer). */
export function goValueOf(v: unknown, goType: string): string {
  if (goType === 'string') return q(v);
  if (goType === 'int') return String(typeof v === 'number' ? v : 0);
  const o = objectOf(v);
  if (goType === 'EventSource') return `core.EventSource{Component:${q(o?.component)}, Host:${q(o?.host)}}`;
  if (goType === '*ObjectReference' && !o) return 'null';
  return `core.ObjectReference{Kind:${q(o?.kind)}, Namespace:${q(o?.namespace)}, Name:${q(o?.name)}, UID:${q(o?.uid)}, APIVersion:${q(o?.apiVersion)}, ResourceVersion:${q(o?.resourceVersion)}, FieldPath:${q(o?.fieldPath)}}`;
}
