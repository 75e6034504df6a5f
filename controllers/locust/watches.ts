/**
 * Mappings from the objects a LocustTest depends on but does not own directly to the tests to
 * reconcile: pods (owned by the Jobs the test owns) and the ConfigMaps a test mounts.
 */
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { Jobs, isNotFound, type Client, type KubeObject, type Request } from '../../runtime/index.ts';
import { LocustTests } from './kinds.ts';

/** Field index of LocustTests by the ConfigMaps they reference. */
export const CONFIGMAP_INDEX_FIELD = 'locust.io/configMaps';

/** Pod -> owning Job -> owning LocustTest (two hops of controller references). */
export function podToLocustTest(client: Pick<Client, 'get'>): (pod: KubeObject) => Promise<Request[]> {
  return async (pod) => {
    const ns = pod.metadata.namespace ?? '';
    const jobRef = pod.metadata.ownerReferences?.find((r) => r.kind === 'Job' && r.apiVersion === 'batch/v1');
    if (!jobRef) return [];
    let job: KubeObject;
    try {
      job = await client.get(Jobs, { namespace: ns, name: jobRef.name });
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const owner = job.metadata.ownerReferences?.find((r) => r.kind === 'LocustTest' && r.apiVersion.startsWith('locust.io/'));
    return owner ? [{ namespace: ns, name: owner.name }] : [];
  };
}

/** ConfigMap -> the tests in its namespace that reference it (served from the field index). */
export function configMapToLocustTests(client: Pick<Client, 'list'>): (cm: KubeObject) => Promise<Request[]> {
  return async (cm) => {
    const ns = cm.metadata.namespace ?? '';
    const tests = await client.list(LocustTests, { namespace: ns, fieldSelector: `${CONFIGMAP_INDEX_FIELD}=${cm.metadata.name}` });
    return tests.items.map((lt: LocustTest) => ({ namespace: ns, name: lt.metadata?.name ?? '' }));
  };
}
