/**
 * The Event printer, shared by core/v1 and events.k8s.io/v1 events (Kubernetes prints both from
 * one internal type): LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN
 * COUNT NAME. Name is last and wide-only, unlike every other kind.
 */
import { humanAge } from './age.ts';
import { column, wide, type BuiltinPrinter, type Obj } from './columns.ts';

/** The fields the printer reads, whichever API version the event came from. */
interface EventView {
  name: string;
  type: string;
  reason: string;
  message: string;
  involved: Obj;
  source: Obj;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: Obj;
}

/** Reads a core/v1 or events.k8s.io/v1 event into one shape. */
function view(o: Obj): EventView {
  const modern = typeof o.apiVersion === 'string' ? o.apiVersion.startsWith('events.k8s.io/') : !o.involvedObject && Boolean(o.regarding ?? o.note);
  return {
    name: o.metadata?.name ?? '',
    type: o.type ?? '',
    reason: o.reason ?? '',
    message: String((modern ? o.note : o.message) ?? ''),
    involved: (modern ? o.regarding : o.involvedObject) ?? {},
    source: (modern ? o.deprecatedSource : o.source) ?? {},
    reportingController: o.reportingController ?? '',
    reportingInstance: o.reportingInstance ?? '',
    firstTimestamp: modern ? o.deprecatedFirstTimestamp : o.firstTimestamp,
    lastTimestamp: modern ? o.deprecatedLastTimestamp : o.lastTimestamp,
    eventTime: o.eventTime,
    count: Number((modern ? o.deprecatedCount : o.count) ?? 0),
    series: o.series,
  };
}

function firstSeen(e: EventView, now: Date): string {
  return humanAge(e.firstTimestamp || e.eventTime, now);
}

function lastSeen(e: EventView, now: Date): string {
  if (e.series) return humanAge(e.series.lastObservedTime, now);
  return e.lastTimestamp ? humanAge(e.lastTimestamp, now) : firstSeen(e, now);
}

function count(e: EventView): number {
  if (e.series) return Number(e.series.count ?? 0);
  // Events of the newer API carry no count when they happened once.
  return e.count === 0 ? 1 : e.count;
}

function target(e: EventView): string {
  const kind = String(e.involved.kind ?? '').toLowerCase();
  return e.involved.name ? `${kind}/${e.involved.name}` : kind;
}

function source(e: EventView): string {
  const component = e.source.component || e.reportingController;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

/** Event columns. */
export const eventPrinter: BuiltinPrinter = {
  columns: [
    column('Last Seen', 'string', 'Time since the event was last observed.', (o, now) => lastSeen(view(o), now)),
    column('Type', 'string', 'Type of the event (Normal, Warning).', (o) => view(o).type),
    column('Reason', 'string', 'Short machine-readable reason for the event.', (o) => view(o).reason),
    column('Object', 'string', 'The object the event is about, as kind/name.', (o) => target(view(o))),
    wide('Subobject', 'string', 'The part of the object the event is about (involvedObject.fieldPath).', (o) => view(o).involved.fieldPath ?? ''),
    wide('Source', 'string', 'The component (and host) that reported the event.', (o) => source(view(o))),
    column('Message', 'string', 'Human-readable description of the event.', (o) => view(o).message.trim()),
    wide('First Seen', 'string', 'Time since the event was first observed.', (o, now) => firstSeen(view(o), now)),
    wide('Count', 'string', 'How many times the event occurred.', (o) => count(view(o))),
    column('Name', 'string', 'Name of the event object.', (o) => view(o).name, { priority: 1, format: 'name' }),
  ],
};
