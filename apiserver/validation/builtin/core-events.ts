/**
 * Events, as Kubernetes validates them whichever API wrote them. Every event passes the legacy
 * rules: its involved object's namespace agrees with its own, and an event with an eventTime (the
 * new style) names its reporting controller and instance, action and reason. events.k8s.io/v1
 * writes add the strict rules: eventTime and a Normal/Warning type required, the deprecated
 * fields unset, a series of at least two, and nothing but the series changing afterwards.
 *
 * Kubernetes validates both APIs on its internal (core) form, so errors name core fields
 * (`involvedObject`, `message`, `reportingController`) even for an events.k8s.io/v1 object.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { semanticEqual } from '../../objects/builtin-immutability.ts';
import { invalidError, invalidErrors, requiredError, type FieldError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import { goEventField, goTime } from './go-values.ts';
import { isSet, objectOf, stringOf, type Obj } from './readers.ts';
import type { BuiltinValidator } from './types.ts';

const LIMIT = 128;
const NOTE_LIMIT = 1024;

/** An event in Kubernetes' internal shape, read from either API's fields. */
interface CoreEvent {
  namespace: string;
  involvedObject: Obj;
  reason: unknown;
  message: unknown;
  source: Obj;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  count: unknown;
  type: unknown;
  eventTime: unknown;
  series: Obj | undefined;
  action: unknown;
  related: unknown;
  reportingController: unknown;
  reportingInstance: unknown;
}

function fromCore(o: KubeObject): CoreEvent {
  return {
    namespace: o.metadata.namespace ?? '', involvedObject: objectOf(o.involvedObject) ?? {}, reason: o.reason, message: o.message,
    source: objectOf(o.source) ?? {}, firstTimestamp: o.firstTimestamp, lastTimestamp: o.lastTimestamp, count: o.count, type: o.type,
    eventTime: o.eventTime, series: objectOf(o.series), action: o.action, related: o.related,
    reportingController: o.reportingComponent, reportingInstance: o.reportingInstance,
  };
}

function fromEventsV1(o: KubeObject): CoreEvent {
  return {
    namespace: o.metadata.namespace ?? '', involvedObject: objectOf(o.regarding) ?? {}, reason: o.reason, message: o.note,
    source: objectOf(o.deprecatedSource) ?? {}, firstTimestamp: o.deprecatedFirstTimestamp, lastTimestamp: o.deprecatedLastTimestamp,
    count: o.deprecatedCount, type: o.type, eventTime: o.eventTime, series: objectOf(o.series), action: o.action, related: o.related,
    reportingController: o.reportingController, reportingInstance: o.reportingInstance,
  };
}

const isZeroTime = (t: unknown): boolean => t === undefined || t === null || t === '';
const bytes = (v: unknown): number => Buffer.byteLength(stringOf(v));

function requiredWithLimit(field: string, value: unknown, limit: number): FieldError[] {
  if (!bytes(value)) return [requiredError(field)];
  return bytes(value) > limit ? [invalidError(field, '', `can have at most ${limit} characters`)] : [];
}

/** The rules every event meets, whichever API wrote it. */
function legacyErrors(e: CoreEvent): FieldError[] {
  const involvedNamespace = stringOf(e.involvedObject.namespace);
  const mismatch = () => invalidError('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');
  if (isZeroTime(e.eventTime)) {
    // An event about a cluster-scoped object lives in no namespace, or `default` for old clients.
    const agrees = involvedNamespace ? e.namespace === involvedNamespace : e.namespace === '' || e.namespace === 'default';
    return agrees ? [] : [mismatch()];
  }
  const errs: FieldError[] = [];
  if (!involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system') errs.push(mismatch());
  const controller = stringOf(e.reportingController);
  if (!controller) errs.push(requiredError('reportingController'));
  errs.push(...invalidErrors('reportingController', controller, qualifiedNameErrors(controller)));
  errs.push(...requiredWithLimit('reportingInstance', e.reportingInstance, LIMIT));
  errs.push(...requiredWithLimit('action', e.action, LIMIT));
  errs.push(...requiredWithLimit('reason', e.reason, LIMIT));
  if (bytes(e.message) > NOTE_LIMIT) errs.push(invalidError('message', '', `can have at most ${NOTE_LIMIT} characters`));
  return errs;
}

function seriesErrors(e: CoreEvent): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  const count = typeof e.series.count === 'number' ? e.series.count : 0;
  if (count < 2) errs.push(invalidError('series.count', '', 'should be at least 2'));
  if (isZeroTime(e.series.lastObservedTime)) errs.push(requiredError('series.lastObservedTime'));
  return errs;
}

/** events.k8s.io/v1 creates: the new-style fields required, the deprecated ones unset. */
function strictCreateErrors(e: CoreEvent): FieldError[] {
  const errs = seriesErrors(e);
  if (isZeroTime(e.eventTime)) errs.push(requiredError('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalidError('type', '', `has invalid value: ${stringOf(e.type)}`));
  if (!isZeroTime(e.firstTimestamp)) errs.push(invalidError('firstTimestamp', '', 'needs to be unset'));
  if (!isZeroTime(e.lastTimestamp)) errs.push(invalidError('lastTimestamp', '', 'needs to be unset'));
  if (typeof e.count === 'number' && e.count !== 0) errs.push(invalidError('count', '', 'needs to be unset'));
  if (stringOf(e.source.component) || stringOf(e.source.host)) errs.push(invalidError('source', '', 'needs to be unset'));
  return errs;
}

/** The fields of an events.k8s.io/v1 event that never change, in Kubernetes' order. */
const IMMUTABLE: ReadonlyArray<[keyof CoreEvent, string]> = [
  ['involvedObject', 'ObjectReference'], ['reason', 'string'], ['message', 'string'], ['source', 'EventSource'],
  ['firstTimestamp', 'time'], ['lastTimestamp', 'time'], ['count', 'int'], ['type', 'string'], ['eventTime', 'time'],
  ['action', 'string'], ['related', '*ObjectReference'], ['reportingController', 'string'], ['reportingInstance', 'string'],
];

function strictUpdateErrors(e: CoreEvent, before: CoreEvent): FieldError[] {
  const errs = semanticEqual(e.series ?? null, before.series ?? null) ? [] : seriesErrors(e);
  for (const [field, goType] of IMMUTABLE) {
    const now = e[field];
    if (semanticEqual(normalized(now, goType), normalized(before[field], goType))) continue;
    errs.push(invalidError(field, { goLiteral: goType === 'time' ? goTime(now) : goEventField(now, goType) }, 'field is immutable'));
  }
  return errs;
}

/** Absent and zero values are the same Go value. */
function normalized(v: unknown, goType: string): unknown {
  if (goType === 'string') return stringOf(v);
  if (goType === 'int') return typeof v === 'number' ? v : 0;
  // One instant may be written with more or fewer fraction digits.
  if (goType === 'time') return goTime(v);
  if (goType === 'EventSource' || goType === 'ObjectReference' || (goType === '*ObjectReference' && isSet(v))) {
    return Object.fromEntries(Object.entries(objectOf(v) ?? {}).filter(([, x]) => x !== '' && x !== undefined && x !== null));
  }
  return v ?? null;
}

/** core/v1 events: the legacy rules only, as Kubernetes keeps them for that API. */
export const validateCoreEvent: BuiltinValidator = (obj: KubeObject) => legacyErrors(fromCore(obj));

/** events.k8s.io/v1 events: the legacy rules and the strict ones of the newer API. */
export const validateEventsV1Event: BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => {
  const e = fromEventsV1(obj);
  return [...legacyErrors(e), ...(old ? strictUpdateErrors(e, fromEventsV1(old)) : strictCreateErrors(e))];
};
