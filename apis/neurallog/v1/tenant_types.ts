import type { Condition, ObjectMeta, int32 } from '../../../runtime/types.ts';

/**
 * Tenant is one NeuralLog customer: the operator gives it a namespace `tenant-<name>` with its own
 * Redis and NeuralLog server.
 * +kubebuilder:resource:path=tenants,scope=Cluster
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Status",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Namespace",type=string,JSONPath=".status.namespace"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface Tenant {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** What the tenant should get. */
  spec?: TenantSpec;
  /** What the operator has provisioned so far. */
  status?: TenantStatus;
}

/** TenantSpec describes the tenant's components; every part has a default. */
export interface TenantSpec {
  /** Free text about the tenant. */
  description?: string;
  /** Human-friendly name shown in user interfaces. */
  displayName?: string;
  /** Isolation of the tenant namespace. */
  networkPolicy?: NetworkPolicySpec;
  /** The tenant's Redis. */
  redis?: RedisSpec;
  /** The tenant's container registry. */
  registry?: RegistrySpec;
  /** Overall resource budget of the tenant. */
  resources?: ResourceRequirements;
  /** The tenant's NeuralLog server. */
  server?: ServerSpec;
}

/** ResourceRequirements is a budget per resource kind. */
export interface ResourceRequirements {
  /** CPU budget. */
  cpu?: ResourceLimit;
  /** Memory budget. */
  memory?: ResourceLimit;
  /** Storage budget. */
  storage?: ResourceLimit;
}

/** ResourceLimit pairs a guaranteed amount with an upper bound, as quantity strings. */
export interface ResourceLimit {
  /** Upper bound, e.g. "2" or "4Gi". */
  limit?: string;
  /** Guaranteed amount. */
  request?: string;
}

/** ServerSpec configures the NeuralLog server Deployment. */
export interface ServerSpec {
  /** Additional environment variables of the server container. */
  env?: EnvVar[];
  /** Server image; the operator's default release when empty. */
  image?: string;
  /** Number of server pods. */
  replicas?: int32;
  /** Resources of each server pod. */
  resources?: ResourceRequirements;
}

/** EnvVar is one environment variable, given literally or taken from a ConfigMap or Secret. */
export interface EnvVar {
  /** Variable name. */
  name: string;
  /** Literal value. */
  value?: string;
  /** Where the value comes from instead of a literal. */
  valueFrom?: EnvVarSource;
}

/** EnvVarSource reads a value from a ConfigMap or a Secret. */
export interface EnvVarSource {
  /** A key of a ConfigMap in the tenant namespace. */
  configMapKeyRef?: ConfigMapKeySelector;
  /** A key of a Secret in the tenant namespace. */
  secretKeyRef?: SecretKeySelector;
}

/** ConfigMapKeySelector names one key of a ConfigMap. */
export interface ConfigMapKeySelector {
  /** Key within the ConfigMap. */
  key: string;
  /** ConfigMap name. */
  name: string;
  /** Whether a missing ConfigMap or key is tolerated. */
  optional?: boolean;
}

/** SecretKeySelector names one key of a Secret. */
export interface SecretKeySelector {
  /** Key within the Secret. */
  key: string;
  /** Secret name. */
  name: string;
  /** Whether a missing Secret or key is tolerated. */
  optional?: boolean;
}

/** RedisSpec configures the tenant's Redis StatefulSet. */
export interface RedisSpec {
  /** Extra redis.conf settings, by directive. */
  config?: Record<string, string>;
  /** Redis image; the operator's default when empty. */
  image?: string;
  /** Number of Redis pods. */
  replicas?: int32;
  /** Resources of each Redis pod. */
  resources?: ResourceRequirements;
  /** Size of each Redis data volume, e.g. "1Gi". */
  storage?: string;
}

/** RegistrySpec configures the tenant's container registry. */
export interface RegistrySpec {
  /** Domain under which the registry is published. */
  baseDomain?: string;
  /** Registry image; the operator's default when empty. */
  image?: string;
  /** Number of registry pods. */
  replicas?: int32;
  /** Resources of each registry pod. */
  resources?: ResourceRequirements;
}

/** NetworkPolicySpec limits the traffic of the tenant namespace. */
export interface NetworkPolicySpec {
  /** Namespaces allowed to reach the tenant. */
  allowedNamespaces?: string[];
  /** Allowed outgoing traffic. */
  egressRules?: NetworkPolicyRule[];
  /** Whether policies are created at all. */
  enabled?: boolean;
  /** Allowed incoming traffic. */
  ingressRules?: NetworkPolicyRule[];
}

/** NetworkPolicyRule allows traffic between labelled pods on some ports. */
export interface NetworkPolicyRule {
  /** Why the rule exists. */
  description?: string;
  /** Labels of the peers traffic may come from. */
  from?: Record<string, string>;
  /** Ports the rule applies to; all when empty. */
  ports?: NetworkPolicyPort[];
  /** Labels of the peers traffic may go to. */
  to?: Record<string, string>;
}

/** NetworkPolicyPort is one port and protocol. */
export interface NetworkPolicyPort {
  /** Port number. */
  port?: int32;
  /** TCP, UDP or SCTP. */
  protocol?: string;
}

/** TenantStatus reports what has been provisioned for the tenant. */
export interface TenantStatus {
  /** Observations of the tenant's state. */
  conditions?: Condition[];
  /** Namespace created for the tenant. */
  namespace?: string;
  /** Overall progress: Pending, Provisioning, Running, Failed or Terminating. */
  phase?: string;
  /** State of the Redis component. */
  redisStatus?: ComponentStatus;
  /** State of the registry component. */
  registryStatus?: ComponentStatus;
  /** State of the server component. */
  serverStatus?: ComponentStatus;
}

/** ComponentStatus is the rollout state of one tenant component. */
export interface ComponentStatus {
  /** Further detail on the state. */
  message?: string;
  /** Pending, Provisioning, Running, Degraded or Failed. */
  phase?: string;
  /** Pods that are ready. */
  readyReplicas?: int32;
  /** Pods that exist. */
  totalReplicas?: int32;
}
