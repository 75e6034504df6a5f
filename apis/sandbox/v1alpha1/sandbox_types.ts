import type { Condition, ObjectMeta, Time, int32, int64 } from '../../../runtime/types.ts';

/**
 * Sandbox is a temporary copy of some services of a baseline environment. Requests carrying the
 * sandbox's routing key reach the copies; all other traffic keeps using the baseline. The sandbox
 * deletes itself when its time to live runs out.
 * +kubebuilder:resource:path=sandboxes,shortName={sb}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Status",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Routing Key",type=string,JSONPath=".spec.routingKey"
 * +kubebuilder:printcolumn:name="Expires",type=string,JSONPath=".status.expiresAt"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface Sandbox {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The services to fork and how long the sandbox lives. */
  spec: SandboxSpec;
  /** Progress of the forked services and the expiry time. */
  status?: SandboxStatus;
}

/** SandboxSpec lists the forked services. */
export interface SandboxSpec {
  /**
   * Lifetime of the sandbox in seconds, counted from its creation: at least 5 minutes, at most 7 days.
   * +kubebuilder:validation:Minimum=300
   * +kubebuilder:validation:Maximum=604800
   */
  ttl: int32;
  /**
   * Value of the routing header that selects this sandbox; the sandbox's UID when empty.
   * +kubebuilder:validation:MaxLength=63
   * +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
   */
  routingKey?: string;
  /**
   * The services to fork, each at most once.
   * +listType=map
   * +listMapKey=name
   * +kubebuilder:validation:MinItems=1
   * +kubebuilder:validation:MaxItems=32
   */
  services: SandboxService[];
}

/** SandboxService forks one Deployment of the baseline with changes. */
export interface SandboxService {
  /**
   * Name of the fork inside the sandbox.
   * +kubebuilder:validation:MinLength=1
   * +kubebuilder:validation:MaxLength=63
   */
  name: string;
  /** The Deployment the fork starts from. */
  baseline: BaselineRef;
  /** Image that replaces the image of the baseline's containers; the baseline image when empty. */
  image?: string;
  /**
   * Environment variables set or replaced in every container of the fork.
   * +listType=map
   * +listMapKey=name
   */
  env?: EnvOverride[];
}

/** BaselineRef points at a Deployment in the sandbox's namespace or another. */
export interface BaselineRef {
  /** Name of the Deployment. */
  name: string;
  /** Namespace of the Deployment; the sandbox's own when empty. */
  namespace?: string;
}

/** EnvOverride sets one environment variable. */
export interface EnvOverride {
  /** Variable name. */
  name: string;
  /** Value of the variable. */
  value: string;
}

/** SandboxStatus reports the sandbox's lifecycle. */
export interface SandboxStatus {
  /**
   * Where the sandbox is in its lifecycle.
   * +kubebuilder:default=Pending
   */
  phase?: 'Pending' | 'Running' | 'Terminating' | 'Failed';
  /**
   * Ready and the per-service conditions.
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
  /** When the sandbox will be deleted. */
  expiresAt?: Time;
  /** The routing key in effect: spec.routingKey, or the sandbox's UID when that is empty. */
  routingKey?: string;
  /** The spec generation this status describes. */
  observedGeneration?: int64;
  /**
   * State of each forked service.
   * +listType=map
   * +listMapKey=name
   */
  services?: SandboxServiceStatus[];
}

/** SandboxServiceStatus is the state of one fork. */
export interface SandboxServiceStatus {
  /** Name of the fork. */
  name: string;
  /** Whether the fork's pods are ready. */
  ready: boolean;
  /** Address of the fork's Service inside the cluster. */
  endpoint?: string;
}
