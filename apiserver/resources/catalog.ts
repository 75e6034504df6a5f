/**
 * The live set of served resources: the built-in registry plus every accepted CRD. Rebuilt when a
 * CRD changes; `generation` lets caches (discovery, OpenAPI) notice.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { resourceTypesForCrd } from './crd-resources.ts';
import { BUILTIN_RESOURCES } from './registry.ts';
import type { ResourceType } from './types.ts';
import { compareVersionPriority } from './versions.ts';

/** A group with its versions, preferred first. */
export interface ServedGroup {
  name: string;
  versions: string[];
}

/** Looks up served resources by path segments or by kind. */
export class ResourceCatalog {
  private byPath = new Map<string, ResourceType>();
  private byKind = new Map<string, ResourceType>();
  private byGv = new Map<string, ResourceType[]>();
  private groupList: ServedGroup[] = [];
  private byStorage = new Map<string, ResourceType>();
  /** Bumped on every rebuild. */
  generation = 0;

  constructor(crds: KubeObject[] = []) {
    this.rebuild(crds);
  }

  /** Recomputes the catalog from the current CRDs. */
  rebuild(crds: KubeObject[]): void {
    const all: ResourceType[] = [...BUILTIN_RESOURCES];
    const builtinGroups = new Set(BUILTIN_RESOURCES.map((r) => r.group));
    for (const crd of crds) {
      for (const rt of resourceTypesForCrd(crd)) if (!builtinGroups.has(rt.group)) all.push(rt);
    }
    this.byPath.clear();
    this.byKind.clear();
    this.byGv.clear();
    const versionsOf = new Map<string, Set<string>>();
    const groupOrder: string[] = [];
    for (const rt of all) {
      this.byPath.set(`${rt.group}/${rt.version}/${rt.plural}`, rt);
      this.byKind.set(`${rt.group}/${rt.version}/${rt.kind}`, rt);
      const gv = `${rt.group}/${rt.version}`;
      const list = this.byGv.get(gv) ?? [];
      list.push(rt);
      this.byGv.set(gv, list);
      if (!versionsOf.has(rt.group)) { versionsOf.set(rt.group, new Set()); groupOrder.push(rt.group); }
      versionsOf.get(rt.group)!.add(rt.version);
    }
    this.byStorage = new Map(this.storageTypes().map((rt) => [rt.storageKey, rt]));
    this.groupList = groupOrder.map((name) => ({ name, versions: [...versionsOf.get(name)!].sort(compareVersionPriority) }));
    this.generation++;
  }

  /** The resource served at /apis/<group>/<version>/<plural>. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** The resource of a kind in a group version. */
  forKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** All resources of a group version, or undefined when the group version is not served. */
  groupVersion(group: string, version: string): ResourceType[] | undefined {
    return this.byGv.get(`${group}/${version}`);
  }

  /** Served groups in registration order ('' is the core group). */
  groups(): ServedGroup[] {
    return this.groupList;
  }

  /** Every served resource type, one per group version. */
  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  /** The storage-version type of a storage identity (`group/plural`). */
  forStorageKey(storageKey: string): ResourceType | undefined {
    return this.byStorage.get(storageKey);
  }

  /** One type per storage identity: the storage version's type (or the first served). */
  storageTypes(): ResourceType[] {
    const seen = new Map<string, ResourceType>();
    for (const rt of this.byPath.values()) {
      const cur = seen.get(rt.storageKey);
      const isStorage = `${rt.group ? rt.group + '/' : ''}${rt.version}` === rt.storageVersion;
      if (!cur || isStorage) seen.set(rt.storageKey, rt);
    }
    return [...seen.values()];
  }
}
