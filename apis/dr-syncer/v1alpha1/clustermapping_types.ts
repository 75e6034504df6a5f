import type { Condition, ObjectMeta, Time, int, int32 } from '../../../runtime/types.ts';

/**
 * ClusterMapping pairs a source and a target RemoteCluster and checks that their sync agents can
 * reach each other.
 * +kubebuilder:resource:path=clustermappings,shortName={cm}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Source Cluster",type=string,JSONPath=".spec.sourceCluster"
 * +kubebuilder:printcolumn:name="Target Cluster",type=string,JSONPath=".spec.targetCluster"
 * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Connected Agents",type=string,JSONPath=".status.connectionStatus.connectedAgents"
 * +kubebuilder:printcolumn:name="Last Verified",type=date,JSONPath=".status.lastVerified"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface ClusterMapping {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The two clusters and how their connectivity is checked. */
  spec: ClusterMappingSpec;
  /** Outcome of the connectivity checks. */
  status?: ClusterMappingStatus;
}

/** ClusterMappingSpec names the clusters and the connectivity check settings. */
export interface ClusterMappingSpec {
  /**
   * Seconds a connectivity check may take.
   * +kubebuilder:default=60
   */
  connectivityTimeoutSeconds?: int32;
  /**
   * Suspends the connectivity checks.
   * +kubebuilder:default=false
   */
  paused?: boolean;
  /** RemoteCluster data is copied from. */
  sourceCluster: string;
  /** Secret with the SSH keys the agents use to reach each other. */
  sshKeySecretRef?: SSHKeySecretRef;
  /** RemoteCluster data is copied to. */
  targetCluster: string;
  /**
   * Whether SSH connectivity between the agents is checked.
   * +kubebuilder:default=true
   */
  verifyConnectivity?: boolean;
}

/** SSHKeySecretRef locates an SSH key pair in a Secret. */
export interface SSHKeySecretRef {
  /** Secret name. */
  name: string;
  /** Secret namespace; the mapping's own when empty. */
  namespace?: string;
  /**
   * Key holding the private key.
   * +kubebuilder:default=id_rsa
   */
  privateKeyKey?: string;
  /**
   * Key holding the public key.
   * +kubebuilder:default=id_rsa.pub
   */
  publicKeyKey?: string;
}

/** ClusterMappingStatus reports the connectivity between the two clusters. */
export interface ClusterMappingStatus {
  /** Observations of the mapping's state. */
  conditions?: Condition[];
  /** Agent-to-agent connection results. */
  connectionStatus?: ConnectionStatus;
  /**
   * Reconciliations that failed in a row.
   * +kubebuilder:default=0
   */
  consecutiveFailures?: int;
  /** When reconciliation was last attempted. */
  lastAttemptTime?: Time;
  /** When connectivity was last confirmed. */
  lastVerified?: Time;
  /** Further detail on the state. */
  message?: string;
  /** Where the mapping is in its lifecycle. */
  phase?: 'Pending' | 'Connecting' | 'Connected' | 'Failed';
}

/** ConnectionStatus counts the agents and lists each agent pair's result. */
export interface ConnectionStatus {
  /** Agents that connected successfully. */
  connectedAgents: int32;
  /** Result per source/target agent pair. */
  connectionDetails?: AgentConnectionDetail[];
  /** Agents in the source cluster. */
  totalSourceAgents: int32;
  /** Agents in the target cluster. */
  totalTargetAgents: int32;
}

/** AgentConnectionDetail is the result of one source-to-target agent connection. */
export interface AgentConnectionDetail {
  /** Whether the connection succeeded. */
  connected: boolean;
  /** Why the connection failed. */
  error?: string;
  /** Node of the source agent. */
  sourceNode: string;
  /** Node of the target agent. */
  targetNode: string;
}
