/** The tenant's namespace, labelled so that watches map it back to its tenant. */
import type { KubeObject } from '../../runtime/index.ts';
import { childNames, tenantLabels } from './kinds.ts';

/** The Namespace `tenant-<name>`. */
export function tenantNamespace(tenant: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: childNames(tenant).namespace, labels: tenantLabels(tenant) } };
}
