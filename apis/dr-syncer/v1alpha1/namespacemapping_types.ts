import type { Condition, ObjectMeta, Time, int32 } from '../../../runtime/types.ts';

/**
 * NamespaceMapping replicates the resources of one namespace to another cluster, on a schedule,
 * continuously or on demand.
 * +kubebuilder:resource:path=namespacemappings
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Selection Mode",type=string,JSONPath=".spec.namespaceSelector",priority=1
 * +kubebuilder:printcolumn:name="Source",type=string,JSONPath=".spec.sourceNamespace"
 * +kubebuilder:printcolumn:name="Destination",type=string,JSONPath=".spec.destinationNamespace"
 * +kubebuilder:printcolumn:name="Cluster Mapping",type=string,JSONPath=".spec.clusterMappingRef.name"
 * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Last Sync",type=string,JSONPath=".status.lastSyncTime"
 * +kubebuilder:printcolumn:name="Next Sync",type=string,JSONPath=".status.nextSyncTime"
 */
export interface NamespaceMapping {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** What is replicated, where to and how. */
  spec: NamespaceMappingSpec;
  /** Progress and results of the replication. */
  status?: NamespaceMappingStatus;
}

/** NamespaceMappingSpec selects the source and destination and tunes the replication. */
export interface NamespaceMappingSpec {
  /** ClusterMapping that supplies the source and destination clusters. */
  clusterMappingRef?: ClusterMappingRef;
  /** Settings of the Continuous replication mode. */
  continuous?: ContinuousConfig;
  /** Cluster to copy to, when no ClusterMapping is referenced. */
  destinationCluster?: string;
  /** Namespace to copy to. */
  destinationNamespace?: string;
  /** Reaction to each kind of failure. */
  failureHandling?: FailureHandlingConfig;
  /** Treatment of resources whose fields cannot be changed in place. */
  immutableResourceConfig?: ImmutableResourceConfig;
  /** Options for copying Ingresses. */
  ingressConfig?: IngressConfig;
  /** Options for the destination namespace itself. */
  namespaceConfig?: NamespaceConfig;
  /** Namespaced resource types to copy, as plural.group names. */
  namespaceScopedResources?: string[];
  /**
   * Suspends replication.
   * +kubebuilder:default=false
   */
  paused?: boolean;
  /** Options for copying PersistentVolumeClaims and their data. */
  pvcConfig?: PVCConfig;
  /**
   * When replication runs.
   * +kubebuilder:default=Scheduled
   */
  replicationMode?: 'Scheduled' | 'Continuous' | 'Manual';
  /** Resource types to copy. */
  resourceTypes?: string[];
  /** Back-off for failed operations. */
  retryConfig?: RetryConfig;
  /**
   * Whether copied Deployments are scaled to zero in the destination.
   * +kubebuilder:default=true
   */
  scaleToZero?: boolean;
  /**
   * Cron schedule of the Scheduled mode.
   * +kubebuilder:validation:Pattern="^(\\*|([0-9]|1[0-9]|2[0-9]|3[0-9]|4[0-9]|5[0-9])|\\\u002a/[0-9]+|\\*\\/[1-5][0-9])\\s+(\\*|([0-9]|1[0-9]|2[0-3])|\\\u002a/[0-9]+)\\s+(\\*|([1-9]|1[0-9]|2[0-9]|3[0-1])|\\\u002a/[0-9]+)\\s+(\\*|([1-9]|1[0-2])|\\\u002a/[0-9]+)\\s+(\\*|([0-6])|\\\u002a/[0-9]+)$"
   */
  schedule?: string;
  /** Cluster to copy from, when no ClusterMapping is referenced. */
  sourceCluster?: string;
  /** Namespace to copy from. */
  sourceNamespace?: string;
  /**
   * Whether the CustomResourceDefinitions of copied custom resources are copied too.
   * +kubebuilder:default=false
   */
  syncCRDs?: boolean;
  /** Secret with the SSH keys of the temporary data-copy pods. */
  tempPodKeySecretRef?: SecretReference;
}

/** ClusterMappingRef names a ClusterMapping. */
export interface ClusterMappingRef {
  /** ClusterMapping name. */
  name: string;
  /** ClusterMapping namespace; the mapping's own when empty. */
  namespace?: string;
}

/** ContinuousConfig tunes watch-based replication. */
export interface ContinuousConfig {
  /**
   * Period of the full resync that backs up the watches.
   * +kubebuilder:default="1h"
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  backgroundSyncInterval?: string;
  /**
   * Whether changes are picked up by watching the source.
   * +kubebuilder:default=true
   */
  watchResources?: boolean;
}

/** FailureHandlingConfig chooses a reaction per failure kind. */
export interface FailureHandlingConfig {
  /**
   * Reaction to failures not covered below.
   * +kubebuilder:default=RetryAndWait
   */
  defaultMode?: FailureMode;
  /**
   * Reaction to connectivity problems.
   * +kubebuilder:default=RetryAndWait
   */
  networkError?: FailureMode;
  /**
   * Reaction to a resource type missing in the destination.
   * +kubebuilder:default=FailFast
   */
  resourceNotFound?: FailureMode;
  /**
   * Reaction to a StorageClass missing in the destination.
   * +kubebuilder:default=WaitForNextSync
   */
  storageClassNotFound?: FailureMode;
  /**
   * Reaction to the destination rejecting a resource.
   * +kubebuilder:default=FailFast
   */
  validationFailure?: FailureMode;
}

/** How a failure is handled. */
export type FailureMode = 'RetryAndWait' | 'RetryOnly' | 'WaitForNextSync' | 'FailFast';

/** ImmutableResourceConfig chooses how resources with immutable fields are updated. */
export interface ImmutableResourceConfig {
  /**
   * Strategy used unless overridden per resource type.
   * +kubebuilder:default=NoChange
   */
  defaultHandling?: 'NoChange' | 'Recreate' | 'RecreateWithPodDrain' | 'PartialUpdate' | 'ForceUpdate';
  /**
   * Time allowed for draining pods before a recreate.
   * +kubebuilder:default="5m"
   */
  drainTimeout?: string;
  /**
   * Time allowed for a forced deletion to finish.
   * +kubebuilder:default="2m"
   */
  forceDeleteTimeout?: string;
  /** Strategy per resource type. */
  resourceOverrides?: Record<string, ImmutableResourceHandling>;
}

/** ImmutableResourceHandling is a strategy for updating a resource whose changed fields are immutable. */
export type ImmutableResourceHandling = 'NoChange' | 'Recreate' | 'RecreateWithPodDrain' | 'PartialUpdate' | 'ForceUpdate';

/** IngressConfig says what of an Ingress survives the copy. */
export interface IngressConfig {
  /**
   * Keep all annotations.
   * +kubebuilder:default=true
   */
  preserveAnnotations?: boolean;
  /**
   * Keep backend service references.
   * +kubebuilder:default=true
   */
  preserveBackends?: boolean;
  /**
   * Keep the TLS settings.
   * +kubebuilder:default=true
   */
  preserveTLS?: boolean;
}

/** NamespaceConfig controls the destination namespace. */
export interface NamespaceConfig {
  /**
   * Create the destination namespace when it does not exist.
   * +kubebuilder:default=true
   */
  createNamespace?: boolean;
  /**
   * Copy the namespace's annotations.
   * +kubebuilder:default=true
   */
  preserveAnnotations?: boolean;
  /**
   * Copy the namespace's labels.
   * +kubebuilder:default=true
   */
  preserveLabels?: boolean;
}

/** PVCConfig controls how claims, volumes and their data are copied. */
export interface PVCConfig {
  /** Access mode translations between the clusters. */
  accessModeMappings?: AccessModeMapping[];
  /** Options of the data copy. */
  dataSyncConfig?: DataSyncConfig;
  /**
   * Keep the volume attributes of copied volumes.
   * +kubebuilder:default=false
   */
  preserveVolumeAttributes?: boolean;
  /** StorageClass translations between the clusters. */
  storageClassMappings?: StorageClassMapping[];
  /**
   * Copy the data stored in the volumes.
   * +kubebuilder:default=false
   */
  syncData?: boolean;
  /**
   * Copy PersistentVolumes too, for classes without dynamic provisioning.
   * +kubebuilder:default=false
   */
  syncPersistentVolumes?: boolean;
}

/** AccessModeMapping translates one access mode. */
export interface AccessModeMapping {
  /** Access mode in the source cluster. */
  from: string;
  /** Access mode to use in the destination. */
  to: string;
}

/** DataSyncConfig tunes the rsync-based data copy. */
export interface DataSyncConfig {
  /**
   * Transfer rate cap in KiB per second; 0 means unlimited.
   * +kubebuilder:validation:Minimum=0
   */
  bandwidthLimit?: int32;
  /**
   * Volume copies run at once.
   * +kubebuilder:default=2
   */
  concurrentSyncs?: int32;
  /** Paths left out of the copy. */
  excludePaths?: string[];
  /** Extra rsync options. */
  rsyncOptions?: string[];
  /**
   * Share of files, in percent, checked in 'sample' mode.
   * +kubebuilder:default=10
   * +kubebuilder:validation:Maximum=100
   * +kubebuilder:validation:Minimum=1
   */
  samplePercent?: int32;
  /**
   * Time one copy may take.
   * +kubebuilder:default="30m"
   */
  timeout?: string;
  /**
   * How the copied data is verified.
   * +kubebuilder:default=none
   */
  verificationMode?: 'none' | 'sample' | 'full';
}

/** StorageClassMapping translates one StorageClass name. */
export interface StorageClassMapping {
  /** StorageClass in the source cluster. */
  from: string;
  /** StorageClass to use in the destination. */
  to: string;
}

/** RetryConfig is an exponential back-off. */
export interface RetryConfig {
  /**
   * Growth of the delay after each failure, in percent.
   * +kubebuilder:default=200
   * +kubebuilder:validation:Maximum=1000
   * +kubebuilder:validation:Minimum=100
   */
  backoffMultiplier?: int32;
  /**
   * Delay after the first failure.
   * +kubebuilder:default="5s"
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  initialBackoff?: string;
  /**
   * Upper bound of the delay.
   * +kubebuilder:default="5m"
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  maxBackoff?: string;
  /**
   * Retries before giving up.
   * +kubebuilder:default=5
   */
  maxRetries?: int32;
}

/** SecretReference names a Secret in a given namespace. */
export interface SecretReference {
  /** Secret name. */
  name: string;
  /** Secret namespace. */
  namespace: string;
}

/** NamespaceMappingStatus reports the replication's progress and problems. */
export interface NamespaceMappingStatus {
  /** Observations of the mapping's state. */
  conditions?: Condition[];
  /** Replica counts of Deployments before they were scaled down in the destination. */
  deploymentScales?: DeploymentScale[];
  /** Per-resource sync details. */
  detailedStatus?: DetailedResourceStatus[];
  /** Error counts by category. */
  errorCategories?: ErrorCategory[];
  /** The most recent error. */
  lastError?: SyncError;
  /** When the last sync finished. */
  lastSyncTime?: Time;
  /** When a watch event was last handled (Continuous mode). */
  lastWatchEvent?: Time;
  /** When the next sync is due (Scheduled mode). */
  nextSyncTime?: Time;
  /** Where the mapping is in its lifecycle. */
  phase?: 'Pending' | 'Running' | 'Completed' | 'Failed';
  /** Counts per resource group and kind. */
  resourceGroups?: ResourceGroupStatus[];
  /** Sync state of each resource. */
  resourceStatus?: ResourceStatus[];
  /** State of the current retry. */
  retryStatus?: RetryStatus;
  /** Progress of the running sync. */
  syncProgress?: SyncProgress;
  /** Totals of the last sync. */
  syncStats?: SyncStats;
}

/** DeploymentScale remembers a Deployment's replica count in the source. */
export interface DeploymentScale {
  /** When the count was last recorded. */
  lastSyncedAt?: Time;
  /** Deployment name. */
  name: string;
  /** Replicas in the source cluster. */
  originalReplicas: int32;
}

/** DetailedResourceStatus is the sync state of one resource with its dependencies. */
export interface DetailedResourceStatus {
  /** Resources this one depends on. */
  dependencies?: ResourceDependency[];
  /** The most recent attempt. */
  lastAttempt?: SyncAttempt;
  /** Resource name. */
  name: string;
  /** Sync state. */
  syncState: SyncState;
  /** Resource version that was synced. */
  version: string;
}

/** State of a resource's sync. */
export type SyncState = 'Pending' | 'InProgress' | 'Synced' | 'Failed';

/** ResourceDependency is a resource another one needs. */
export interface ResourceDependency {
  /** Kind of the dependency. */
  kind: string;
  /** Name of the dependency. */
  name: string;
  /** Sync state of the dependency. */
  status: SyncState;
}

/** SyncAttempt is the outcome of one try. */
export interface SyncAttempt {
  /** Outcome. */
  result: 'Success' | 'Failed' | 'Skipped' | 'Retrying';
  /** When it happened. */
  time: Time;
}

/** ErrorCategory counts errors of one kind. */
export interface ErrorCategory {
  /**
   * Category name.
   * +kubebuilder:validation:MinLength=1
   */
  category: string;
  /**
   * Errors seen.
   * +kubebuilder:validation:Minimum=0
   */
  count: int32;
  /** When the latest one happened. */
  lastOccurred: Time;
}

/** SyncError describes one failure. */
export interface SyncError {
  /** What went wrong. */
  message: string;
  /** The resource involved, if any. */
  resource?: string;
  /** When it happened. */
  time: Time;
}

/** ResourceGroupStatus counts the resources of one group and kind. */
export interface ResourceGroupStatus {
  /**
   * Resources that failed.
   * +kubebuilder:validation:Minimum=0
   */
  failedCount: int32;
  /** Group and kind, e.g. "apps/Deployment". */
  groupKind: string;
  /**
   * Resources not yet synced.
   * +kubebuilder:validation:Minimum=0
   */
  pendingCount: int32;
  /**
   * Resources synced.
   * +kubebuilder:validation:Minimum=0
   */
  syncedCount: int32;
  /**
   * All resources of the group and kind.
   * +kubebuilder:validation:Minimum=0
   */
  totalCount: int32;
}

/** ResourceStatus is the sync state of one resource. */
export interface ResourceStatus {
  /** Why the sync failed. */
  error?: string;
  /** Resource kind. */
  kind: string;
  /** When the resource was last attempted. */
  lastSyncTime?: Time;
  /** Resource name. */
  name: string;
  /** Resource namespace. */
  namespace?: string;
  /** Sync state. */
  status: SyncState;
}

/** RetryStatus tracks the current back-off. */
export interface RetryStatus {
  /**
   * Current delay.
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  backoffDuration: string;
  /** When the next retry happens. */
  nextRetryTime?: Time;
  /**
   * Retries left.
   * +kubebuilder:validation:Minimum=0
   */
  retriesRemaining: int32;
}

/** SyncProgress reports a running sync. */
export interface SyncProgress {
  /** What the sync is doing now. */
  currentOperation?: string;
  /**
   * Estimated time to completion.
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  estimatedTimeRemaining?: string;
  /**
   * Completion in percent.
   * +kubebuilder:validation:Maximum=100
   * +kubebuilder:validation:Minimum=0
   */
  percentComplete: int32;
  /**
   * Resources still to sync.
   * +kubebuilder:validation:Minimum=0
   */
  resourcesRemaining?: int32;
}

/** SyncStats totals the last sync. */
export interface SyncStats {
  /**
   * Resources that failed.
   * +kubebuilder:validation:Minimum=0
   */
  failedSyncs: int32;
  /**
   * Duration of the last sync.
   * +kubebuilder:validation:Pattern=`^([0-9]+h)?([0-9]+m)?([0-9]+s)?$`
   */
  lastSyncDuration: string;
  /**
   * Resources synced.
   * +kubebuilder:validation:Minimum=0
   */
  successfulSyncs: int32;
  /**
   * Resources processed.
   * +kubebuilder:validation:Minimum=0
   */
  totalResources: int32;
}
