import type { Condition, ObjectMeta, Time, int32 } from '../../../runtime/types.ts';

/**
 * RemoteCluster is a cluster that resources are replicated to or from.
 * +kubebuilder:resource:path=remoteclusters,shortName={rc}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Health",type=string,JSONPath=".status.health",description="Health status of the remote cluster connection"
 * +kubebuilder:printcolumn:name="Last Sync",type=date,JSONPath=".status.lastSyncTime",description="Time of last successful synchronization"
 * +kubebuilder:printcolumn:name="PVC Sync",type=string,JSONPath=".status.pvcSync.phase",description="PVC sync status"
 * +kubebuilder:printcolumn:name="Ready Agents",type=string,JSONPath=".status.pvcSync.agentStatus.readyNodes",description="Number of ready PVC sync agents"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface RemoteCluster {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** How to reach the cluster and the defaults for replications that use it. */
  spec: RemoteClusterSpec;
  /** Connection health and volume sync progress. */
  status?: RemoteClusterStatus;
}

/** RemoteClusterSpec holds the access credentials and replication defaults of a cluster. */
export interface RemoteClusterSpec {
  /** Resource types replicated when a mapping does not list its own. */
  defaultResourceTypes?: string[];
  /** Cron schedule used when a mapping does not set its own. */
  defaultSchedule?: string;
  /** Secret holding a kubeconfig for this cluster. */
  kubeconfigSecretRef: KubeconfigSecretRef;
  /** Copying of persistent volume data to this cluster. */
  pvcSync?: PVCSyncConfig;
}

/** KubeconfigSecretRef points at the Secret with the cluster's kubeconfig. */
export interface KubeconfigSecretRef {
  /** Key in the Secret whose value is the kubeconfig. */
  key?: string;
  /** Secret name. */
  name: string;
  /** Secret namespace. */
  namespace: string;
}

/** PVCSyncConfig configures the agents that copy volume contents between clusters. */
export interface PVCSyncConfig {
  /** Volume copies one NamespaceMapping may run at once. */
  concurrency?: int32;
  /**
   * Share of files, in percent, checked in 'sample' verification mode.
   * +kubebuilder:default=10
   * +kubebuilder:validation:Maximum=100
   * +kubebuilder:validation:Minimum=1
   */
  defaultSamplePercent?: int32;
  /**
   * How copied data is verified unless a mapping says otherwise.
   * +kubebuilder:default=none
   */
  defaultVerificationMode?: 'none' | 'sample' | 'full';
  /** Pod settings of the sync agents. */
  deployment?: PVCSyncDeployment;
  /** Whether volume data is copied at all. */
  enabled?: boolean;
  /**
   * Volume copies that may run at once across all mappings.
   * +kubebuilder:default=4
   * +kubebuilder:validation:Maximum=256
   * +kubebuilder:validation:Minimum=1
   */
  globalConcurrencyLimit?: int32;
  /** How agent health is probed. */
  healthCheck?: PVCSyncHealthCheck;
  /** Agent container image. */
  image?: PVCSyncImage;
  /** Back-off for failed copies. */
  retryConfig?: PVCSyncRetryConfig;
  /** The rsync DaemonSet that receives data on the destination side. */
  rsyncDaemonSet?: RsyncDaemonSetConfig;
  /** The SSH endpoint rsync connects through. */
  ssh?: PVCSyncSSH;
}

/** PVCSyncDeployment shapes the agent pods. */
export interface PVCSyncDeployment {
  /** Annotations of the agent pods. */
  annotations?: Record<string, string>;
  /** Additional environment variables of the agent container. */
  extraEnv?: EnvVar[];
  /**
   * Whether agent pods use the node's network.
   * +kubebuilder:default=true
   */
  hostNetwork?: boolean;
  /** Labels of the agent pods. */
  labels?: Record<string, string>;
  /** Labels a node must have to run an agent. */
  nodeSelector?: Record<string, string>;
  /** PriorityClass of the agent pods. */
  priorityClassName?: string;
  /**
   * Whether the agent container runs privileged.
   * +kubebuilder:default=true
   */
  privileged?: boolean;
  /** Compute resources of the agent container. */
  resources?: ResourceRequirements;
  /** Tolerations of the agent pods, each given as string key/value pairs. */
  tolerations?: Record<string, string>[];
}

/** EnvVar is one environment variable of the agent container. */
export interface EnvVar {
  /** Variable name. */
  name: string;
  /** Literal value. */
  value?: string;
  /** Where the value comes from instead of a literal. */
  valueFrom?: EnvVarSource;
}

/** EnvVarSource takes a value from the pod itself. */
export interface EnvVarSource {
  /** A field of the pod. */
  fieldRef?: ObjectFieldSelector;
}

/** ObjectFieldSelector names a pod field. */
export interface ObjectFieldSelector {
  /** Path of the field, such as metadata.name. */
  fieldPath: string;
}

/** ResourceRequirements holds resource amounts as strings. */
export interface ResourceRequirements {
  /** Upper bounds, by resource name. */
  limits?: Record<string, string>;
  /** Guaranteed amounts, by resource name. */
  requests?: Record<string, string>;
}

/** PVCSyncHealthCheck tunes the agent health probes. */
export interface PVCSyncHealthCheck {
  /** Time between probes. */
  interval?: string;
  /** Failed probes tolerated before the agent counts as unhealthy. */
  retryAttempts?: int32;
  /** Pause before retrying a failed probe. */
  retryInterval?: string;
  /** Limit for establishing the SSH connection. */
  sshTimeout?: string;
}

/** PVCSyncImage names the agent image. */
export interface PVCSyncImage {
  /** Pull policy of the image. */
  pullPolicy?: string;
  /** Image repository. */
  repository?: string;
  /** Image tag. */
  tag?: string;
}

/** PVCSyncRetryConfig is the back-off of failed volume copies. */
export interface PVCSyncRetryConfig {
  /** Delay before the first retry. */
  initialDelay?: string;
  /** Upper bound of the delay. */
  maxDelay?: string;
  /** Retries before giving up. */
  maxRetries?: int32;
}

/** RsyncDaemonSetConfig configures the receiving rsync pods on the destination. */
export interface RsyncDaemonSetConfig {
  /**
   * Whether the DaemonSet pool is used.
   * +kubebuilder:default=true
   */
  enabled?: boolean;
  /**
   * Image of the rsync container.
   * +kubebuilder:default="supporttools/dr-syncer-rsync:latest"
   */
  image?: string;
  /** Namespace the DaemonSet runs in. */
  namespace?: string;
  /** Secret with the SSH keys rsync uses. */
  sshSecretName?: string;
}

/** PVCSyncSSH configures the agents' SSH endpoint. */
export interface PVCSyncSSH {
  /** Secret with the SSH key pair. */
  keySecretRef?: SecretReference;
  /**
   * Port the SSH endpoint listens on.
   * +kubebuilder:default=2222
   */
  port?: int32;
}

/** SecretReference names a Secret in any namespace. */
export interface SecretReference {
  /** Secret name. */
  name: string;
  /** Secret namespace. */
  namespace: string;
}

/** RemoteClusterStatus is what the controller last saw of the cluster. */
export interface RemoteClusterStatus {
  /** Observations of the cluster's state. */
  conditions?: Condition[];
  /** Summary of the connection health. */
  health?: string;
  /** Last successful synchronisation. */
  lastSyncTime?: Time;
  /** Progress of the volume sync agents. */
  pvcSync?: PVCSyncStatus;
}

/** PVCSyncStatus summarises the volume sync agents. */
export interface PVCSyncStatus {
  /** Per-node agent state. */
  agentStatus?: PVCSyncAgentStatus;
  /** Failed copy attempts so far. */
  failedSyncs?: int32;
  /** When the agents were last deployed. */
  lastDeploymentTime?: Time;
  /** When a copy last succeeded. */
  lastSuccessfulSync?: Time;
  /** Further detail on the state. */
  message?: string;
  /** Stage of the agent rollout. */
  phase?: string;
}

/** PVCSyncAgentStatus counts the agents and reports each node. */
export interface PVCSyncAgentStatus {
  /** Agent state keyed by node name. */
  nodeStatuses?: Record<string, PVCSyncNodeStatus>;
  /** Nodes whose agent is ready. */
  readyNodes?: int32;
  /** Nodes that should run an agent. */
  totalNodes?: int32;
}

/** PVCSyncNodeStatus is the agent state on one node. */
export interface PVCSyncNodeStatus {
  /** Last report from the agent. */
  lastHeartbeat?: Time;
  /** Further detail on the state. */
  message?: string;
  /** State of the agent pod. */
  podStatus?: AgentPodStatus;
  /** Whether the agent is ready. */
  ready?: boolean;
  /** Result of the last SSH connectivity check. */
  sshStatus?: AgentSSHStatus;
}

/** AgentPodStatus mirrors the agent pod's state. */
export interface AgentPodStatus {
  /** When the pod last changed state. */
  lastTransitionTime?: Time;
  /** Pod phase. */
  phase: string;
  /** Whether the pod is ready. */
  ready: boolean;
  /** Container restarts so far. */
  restartCount?: int32;
}

/** AgentSSHStatus is the outcome of an SSH connectivity check. */
export interface AgentSSHStatus {
  /** Whether the connection succeeded. */
  connected: boolean;
  /** Why the connection failed. */
  error?: string;
  /** When the check ran. */
  lastCheckTime?: Time;
}
