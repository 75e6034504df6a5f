import type { ObjectMeta, int32 } from '../../../runtime/types.ts';

/**
 * LocustTest is the Schema for the locusttests API (v1 - DEPRECATED).
 * +kubebuilder:resource:path=locusttests,shortName={lotest}
 * +kubebuilder:deprecatedversion:warning="locust.io/v1 LocustTest is deprecated, migrate to locust.io/v2"
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="master_cmd",type=string,JSONPath=".spec.masterCommandSeed",description="Master pod command seed"
 * +kubebuilder:printcolumn:name="worker_replica_count",type=integer,JSONPath=".spec.workerReplicas",description="Number of requested worker pods"
 * +kubebuilder:printcolumn:name="Image",type=string,JSONPath=".spec.image",description="Locust image"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 * +kubebuilder:validation:XValidation:rule="self.metadata.name.size() <= 56",message="metadata.name must be at most 56 characters, so that the names derived from it stay valid"
 */
export interface LocustTest {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The requested load test: image, commands and worker count. */
  spec?: LocustTestSpec;
  /** Left empty by the v1 API; progress is reported through v2. */
  status?: LocustTestStatus;
}

/** LocustTestSpec describes one distributed Locust run in the flat v1 layout. */
export interface LocustTestSpec {
  /** Node affinity for the master and worker pods. */
  affinity?: LocustTestAffinity;
  /** Annotations added to the pods, per role. */
  annotations?: PodAnnotations;
  /** Name of the ConfigMap that holds the locustfile(s). */
  configMap?: string;
  /** Container image that runs Locust. */
  image: string;
  /** When the kubelet pulls the image. */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Names of Secrets used to pull the image from a private registry. */
  imagePullSecrets?: string[];
  /** Labels added to the pods, per role. */
  labels?: PodLabels;
  /** Name of the ConfigMap that holds extra Python modules for the lib directory. */
  libConfigMap?: string;
  /**
   * Start of the command line of the master pod.
   * The operator appends the master-specific flags to it.
   */
  masterCommandSeed: string;
  /** Taints the pods tolerate. */
  tolerations?: LocustTestToleration[];
  /**
   * Start of the command line of each worker pod.
   * The operator appends the worker-specific flags to it.
   */
  workerCommandSeed: string;
  /**
   * How many worker pods to run.
   * +kubebuilder:default=1
   * +kubebuilder:validation:Maximum=500
   * +kubebuilder:validation:Minimum=1
   */
  workerReplicas: int32;
}

/** Scheduling constraints in the v1 shape. */
export interface LocustTestAffinity {
  /** Node constraints. */
  nodeAffinity?: LocustTestNodeAffinity;
}

/** Node constraints in the v1 shape: a label map instead of selector terms. */
export interface LocustTestNodeAffinity {
  /**
   * Labels a node must carry for the pods to be placed on it.
   * Keys are label keys, values the required label values.
   */
  requiredDuringSchedulingIgnoredDuringExecution?: Record<string, string>;
}

/** Annotations for each pod role. */
export interface PodAnnotations {
  /** Annotations of the master pod. */
  master?: Record<string, string>;
  /** Annotations of the worker pods. */
  worker?: Record<string, string>;
}

/** Labels for each pod role. */
export interface PodLabels {
  /** Labels of the master pod. */
  master?: Record<string, string>;
  /** Labels of the worker pods. */
  worker?: Record<string, string>;
}

/** LocustTestToleration lets the pods run on nodes with a matching taint. */
export interface LocustTestToleration {
  /** Taint effect the toleration matches. */
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** Taint key the toleration matches. */
  key: string;
  /** How key and value are compared. */
  operator: 'Exists' | 'Equal';
  /** Taint value to match when the operator is Equal. */
  value?: string;
}

/** LocustTestStatus is empty in v1. */
export interface LocustTestStatus {}
