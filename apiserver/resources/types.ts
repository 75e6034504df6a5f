/** How the server describes a resource it serves: names, scope, verbs, subresources, behaviour. */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import type { PrinterColumn } from '../table/index.ts';

/** Where the replica count and selector of a scalable resource live. */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A column of a CRD's additionalPrinterColumns (defined with the Table conversion). */
export type { PrinterColumn };

/** A served resource in one group version. */
export interface ResourceType extends ResourceDescriptor {
  singular: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** `group/plural`: the storage identity shared by all versions of the resource. */
  storageKey: string;
  /** apiVersion objects are stored at. */
  storageVersion: string;
  status: boolean;
  scale?: ScaleSpec;
  /** Other subresources served (token, finalize, ...). */
  extraSubresources: string[];
  /** metadata.generation is maintained (bumped on spec changes). */
  generation: boolean;
  /** PUT without metadata.resourceVersion is allowed. */
  unconditionalUpdate: boolean;
  /** Create-only virtual resources (access reviews): never stored. */
  virtual: boolean;
  /** Field selector labels beyond metadata.name/namespace, mapped to object paths. */
  fieldLabels: Record<string, string>;
  /** True for CRD-defined resources (strategic merge patch is then 415). */
  custom: boolean;
  printerColumns?: PrinterColumn[];
  /** The CRD object for custom resources. */
  crd?: KubeObject;
  /** The openAPIV3Schema of this version (custom resources). */
  schema?: unknown;
}

/** The default verbs of a stored resource. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
