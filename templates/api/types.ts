import type { Condition, ObjectMeta, int64 } from 'tsop/types';

/**
 * {{kind}} is the Schema for the {{plural}} API.
 * +kubebuilder:resource:path={{plural}},scope={{scope}}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Available",type=string,JSONPath=`.status.conditions[?(@.type=="Available")].status`
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface {{kind}} {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The desired state of the {{kind}}. */
  spec?: {{kind}}Spec;
  /** The observed state of the {{kind}}. */
  status?: {{kind}}Status;
}

/** {{kind}}Spec defines the desired state of {{kind}}. */
export interface {{kind}}Spec {
  /**
   * An example field: edit {{kindLower}}_types.ts to replace it with the fields of your API,
   * then run `npm run generate`.
   * +kubebuilder:validation:MaxLength=253
   */
  foo?: string;
}

/** {{kind}}Status defines the observed state of {{kind}}. */
export interface {{kind}}Status {
  /** The metadata.generation the status describes. */
  observedGeneration?: int64;
  /**
   * The latest observations of the {{kind}}'s state (Available, Progressing, Degraded).
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
}
