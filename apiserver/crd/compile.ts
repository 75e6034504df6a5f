/**
 * A CRD compiled for serving: one admission pipeline per version (validators compiled lazily,
 * once) and `None` conversion between versions.
 */
import { formatApiVersion, parseApiVersion } from '../../runtime/core/gvk.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { CompiledCrdVersion } from './admit.ts';
import { asCrd, clone, type CustomResourceDefinition } from './schema.ts';

/** A compiled CRD. */
export interface CompiledCrd {
  crd: KubeObject;
  /** The compiled version, or undefined when the CRD has no such version. */
  version(name: string): CompiledCrdVersion | undefined;
  /** Version names in spec order. */
  versionNames(): string[];
  /** The version marked `storage: true`. */
  storageVersion(): string | undefined;
  /** Rewrites an object to another version of the CRD (`conversion.strategy: None`). */
  convert(obj: KubeObject, toVersion: string): KubeObject;
}

/** Compiles a CRD (cheap: validators compile on first use and are then cached). */
export function compileCrd(crdObject: KubeObject): CompiledCrd {
  const crd: CustomResourceDefinition = asCrd(crdObject);
  const versions = new Map<string, CompiledCrdVersion>();
  for (const v of crd.spec?.versions ?? []) {
    versions.set(v.name, new CompiledCrdVersion(crd, v.name, v.schema?.openAPIV3Schema));
  }
  return {
    crd: crdObject,
    version: (name) => versions.get(name),
    versionNames: () => [...versions.keys()],
    storageVersion: () => crd.spec?.versions?.find((v) => v.storage)?.name,
    convert: (obj, toVersion) => convertNone(crd, obj, toVersion),
  };
}

/** `None` conversion: only apiVersion changes (the group stays the CRD's). */
export function convertNone(crd: CustomResourceDefinition, obj: KubeObject, toVersion: string): KubeObject {
  const out = clone(obj);
  const group = crd.spec?.group ?? parseApiVersion(obj.apiVersion ?? '').group;
  out.apiVersion = formatApiVersion(group, toVersion);
  return out;
}
