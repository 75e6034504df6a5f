/**
 * Custom resources as clients read them. The apiserver decodes what it reads from storage through
 * the CRD's current structural schema, so after a schema change stored objects lose fields the
 * schema no longer has and gain new defaults on GET, LIST, WATCH and as the base of an update,
 * without being rewritten. Stored objects never change in place, so the decoded view of one is
 * computed once per schema and reused.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceType } from '../resources/types.ts';
import { servedAs, type ApiContext, type CompiledVersion } from './context.ts';
import { jsonEqual } from './equality.ts';

interface DecodedView {
  version: CompiledVersion;
  view: KubeObject;
}

/** Decoded views per stored object, then per served apiVersion. */
const views = new WeakMap<KubeObject, Map<string, DecodedView>>();

/** The stored object served through rt: its version, and for custom resources its current schema. */
export function readView(ctx: ApiContext, obj: KubeObject, rt: ResourceType): KubeObject {
  const served = servedAs(obj, rt);
  if (!rt.custom) return served;
  const version = ctx.compiledVersion(rt);
  if (!version) return served;
  const apiVersion = served.apiVersion ?? '';
  let perVersion = views.get(obj);
  const hit = perVersion?.get(apiVersion);
  if (hit && hit.version === version) return hit.view;
  const decoded = version.decode(served).object;
  // Objects written under the current schema decode to themselves: keep no second copy.
  const view = jsonEqual(decoded, served) ? served : decoded;
  if (!perVersion) views.set(obj, (perVersion = new Map()));
  perVersion.set(apiVersion, { version, view });
  return view;
}

/**
 * Records that an object about to be stored was just admitted under the current schema, so it is
 * already its own decoded view: reads and watch events of fresh writes skip the decode.
 */
export function seedReadView(ctx: ApiContext, obj: KubeObject, rt: ResourceType): void {
  if (!rt.custom || obj.apiVersion !== servedAs(obj, rt).apiVersion || obj.kind !== rt.kind) return;
  const version = ctx.compiledVersion(rt);
  if (!version) return;
  let perVersion = views.get(obj);
  if (!perVersion) views.set(obj, (perVersion = new Map()));
  perVersion.set(obj.apiVersion ?? '', { version, view: obj });
}
