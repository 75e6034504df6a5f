import type { Condition, ObjectMeta, Time, int32, int64 } from '../../../runtime/types.ts';

/**
 * LocalWorkload stands in for a service of a sandbox with a process on a developer's machine. The
 * local agent sends heartbeats; the workload counts as disconnected when they stop for longer than
 * the staleness timeout.
 * +kubebuilder:resource:path=localworkloads,shortName={lw}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Sandbox",type=string,JSONPath=".spec.sandboxRef.name"
 * +kubebuilder:printcolumn:name="Status",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Last Heartbeat",type=date,JSONPath=".status.lastHeartbeat"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface LocalWorkload {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** Which sandbox service is replaced and how it is reached. */
  spec: LocalWorkloadSpec;
  /** Connection state of the local process. */
  status?: LocalWorkloadStatus;
}

/** LocalWorkloadSpec binds the local process to a sandbox service. */
export interface LocalWorkloadSpec {
  /** Sandbox in the same namespace. */
  sandboxRef: SandboxRef;
  /** The service the local process replaces and its ports. */
  service: LocalService;
  /**
   * Seconds without a heartbeat after which the workload counts as disconnected.
   * +kubebuilder:default=30
   * +kubebuilder:validation:Minimum=5
   * +kubebuilder:validation:Maximum=3600
   */
  stalenessTimeoutSeconds?: int32;
}

/** SandboxRef names a Sandbox. */
export interface SandboxRef {
  /** Sandbox name. */
  name: string;
}

/** LocalService maps the ports of a sandbox service to ports on the developer's machine. */
export interface LocalService {
  /** Name of the forked service in the sandbox. */
  name: string;
  /**
   * Port mappings, each container port at most once.
   * +listType=map
   * +listMapKey=containerPort
   * +kubebuilder:validation:MinItems=1
   */
  ports: PortMapping[];
}

/** PortMapping forwards one service port to a local port. */
export interface PortMapping {
  /** Name of the port. */
  name?: string;
  /**
   * Port the service exposes in the cluster.
   * +kubebuilder:validation:Minimum=1
   * +kubebuilder:validation:Maximum=65535
   */
  containerPort: int32;
  /**
   * Port the local process listens on.
   * +kubebuilder:validation:Minimum=1
   * +kubebuilder:validation:Maximum=65535
   */
  localPort: int32;
}

/** LocalWorkloadStatus reports the tunnel to the local process. */
export interface LocalWorkloadStatus {
  /**
   * Pending until the first heartbeat, then Connected or Disconnected; Failed when the sandbox or
   * service does not exist.
   * +kubebuilder:default=Pending
   */
  phase?: 'Pending' | 'Connected' | 'Disconnected' | 'Failed';
  /** Most recent heartbeat from the local agent. */
  lastHeartbeat?: Time;
  /** When the current connection was established. */
  connectedAt?: Time;
  /** Identifier of the tunnel the agent opened. */
  tunnelID?: string;
  /** Routing key of the sandbox, copied for the local agent. */
  routingKey?: string;
  /** The spec generation this status describes. */
  observedGeneration?: int64;
  /**
   * Connected and Ready conditions.
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
}
