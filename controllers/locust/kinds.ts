/** The API kind this operator reconciles, as the generated typed resource, and its CRD name. */
import type { KubeObject, Resource } from '../../runtime/index.ts';
import { LocustTestV2Resource } from '../../generated/clients/locusttest.v2.ts';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';

/** locust.io/v2 LocustTest, the storage version (the generated typed resource). */
export const LocustTests: Resource<LocustTest> = LocustTestV2Resource;

/** Name of the CRD that serves LocustTests. */
export const LOCUST_CRD_NAME = `${LocustTests.plural}.${LocustTests.group}`;

/** A LocustTest viewed as a generic object (for the metadata helpers), with its type meta filled in. */
export function asObject(lt: LocustTest): KubeObject {
  const obj = lt as unknown as KubeObject;
  obj.apiVersion ||= 'locust.io/v2';
  obj.kind ||= 'LocustTest';
  obj.metadata ??= {};
  return obj;
}

/** Every ConfigMap a test needs before its pods can start. */
export function referencedConfigMaps(lt: LocustTest): string[] {
  const files = lt.spec?.testFiles;
  const names = [files?.configMapRef, files?.libConfigMapRef, ...(lt.spec?.env?.configMapRefs ?? []).map((r) => r.name)];
  return [...new Set(names.filter((n): n is string => Boolean(n)))];
}
