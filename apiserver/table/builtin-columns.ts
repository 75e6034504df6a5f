/**
 * The printer of each built-in kind, by API group and kind, mirroring the columns Kubernetes'
 * own printers give `kubectl get`. Kinds without one (roles, CRDs, webhook-free kinds, the
 * review kinds) get the default Name/Created At columns, as Kubernetes does.
 */
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import { clusterPrinters } from './builtin-cluster.ts';
import { corePrinters } from './builtin-core.ts';
import { appsPrinters, batchPrinters } from './builtin-workloads.ts';
import { defaultPrinter, type BuiltinPrinter } from './columns.ts';
import { eventPrinter } from './event-printer.ts';

const byGroup: Record<string, Record<string, BuiltinPrinter>> = {
  '': corePrinters,
  apps: appsPrinters,
  batch: batchPrinters,
  'events.k8s.io': { Event: eventPrinter },
  ...clusterPrinters,
};

/** The printer of a built-in kind: its Kubernetes columns, or Name/Created At. */
export function builtinPrinter(desc: Pick<ResourceDescriptor, 'group' | 'kind'>): BuiltinPrinter {
  return byGroup[desc.group]?.[desc.kind] ?? defaultPrinter;
}
