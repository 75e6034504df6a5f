import type {
  V1Affinity,
  V1EnvVar,
  V1LocalObjectReference,
  V1PodSecurityContext,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Toleration,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import type { Condition, ObjectMeta, Time, int32, int64 } from '../../../runtime/types.ts';

/**
 * LocustTest is the Schema for the locusttests API.
 * +kubebuilder:resource:path=locusttests,shortName={lotest}
 * +kubebuilder:storageversion
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=".status.phase",description="Current test phase"
 * +kubebuilder:printcolumn:name="Workers",type=integer,JSONPath=".spec.worker.replicas",description="Requested worker count"
 * +kubebuilder:printcolumn:name="Connected",type=integer,JSONPath=".status.connectedWorkers",description="Connected workers"
 * +kubebuilder:printcolumn:name="Image",type=string,JSONPath=".spec.image",priority=1
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 * +kubebuilder:validation:XValidation:rule="self.metadata.name.size() <= 56",message="metadata.name must be at most 56 characters, so that the names derived from it stay valid"
 */
export interface LocustTest {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The requested load test. */
  spec?: LocustTestSpec;
  /** What the operator has observed about the run. */
  status?: LocustTestStatus;
}

/** LocustTestSpec describes one distributed Locust run: a master pod and a set of workers. */
export interface LocustTestSpec {
  /** Environment variables and files injected into the Locust containers. */
  env?: EnvConfig;
  /** Container image that runs Locust in both roles. */
  image: string;
  /**
   * When the kubelet pulls the image.
   * +kubebuilder:default=IfNotPresent
   */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Secrets used to pull the image from a private registry. */
  imagePullSecrets?: V1LocalObjectReference[];
  /** Settings of the master pod. */
  master: MasterSpec;
  /** Metrics and tracing settings. */
  observability?: ObservabilityConfig;
  /** Where the pods may be placed. */
  scheduling?: SchedulingConfig;
  /** Security contexts of the pods and containers. */
  security?: SecurityConfig;
  /** Where the locustfile and its helper modules come from and where they are mounted. */
  testFiles?: TestFilesConfig;
  /** Extra volume mounts for the Locust containers, each aimed at the master, the workers or both. */
  volumeMounts?: TargetedVolumeMount[];
  /** Extra volumes for the pods. */
  volumes?: V1Volume[];
  /** Settings of the worker pods. */
  worker: WorkerSpec;
}

/** TargetedVolumeMount is a volume mount that applies to one pod role or to both. */
export interface TargetedVolumeMount extends V1VolumeMount {
  /**
   * Pods that get the mount.
   * +kubebuilder:default=both
   */
  target?: 'master' | 'worker' | 'both';
}

/** EnvConfig lists the sources of the containers' environment. */
export interface EnvConfig {
  /** ConfigMaps whose keys all become environment variables. */
  configMapRefs?: ConfigMapEnvSource[];
  /** Secrets mounted as files. */
  secretMounts?: SecretMount[];
  /** Secrets whose keys all become environment variables. */
  secretRefs?: SecretEnvSource[];
  /** Individual environment variables. */
  variables?: V1EnvVar[];
}

/** ConfigMapEnvSource imports every key of a ConfigMap as an environment variable. */
export interface ConfigMapEnvSource {
  /** ConfigMap to read. */
  name: string;
  /** Text put in front of each key to form the variable name. */
  prefix?: string;
}

/** SecretEnvSource imports every key of a Secret as an environment variable. */
export interface SecretEnvSource {
  /** Secret to read. */
  name: string;
  /** Text put in front of each key to form the variable name. */
  prefix?: string;
}

/** SecretMount places the keys of a Secret as files in the containers. */
export interface SecretMount {
  /** Directory the Secret is mounted at. */
  mountPath: string;
  /** Secret to mount. */
  name: string;
  /**
   * Whether the mount is read-only.
   * +kubebuilder:default=true
   */
  readOnly?: boolean;
}

/** MasterSpec configures the single master pod that coordinates the run. */
export interface MasterSpec {
  /** Annotations of the master pod. */
  annotations?: Record<string, string>;
  /** Whether and when the master exits once the test has finished. */
  autoquit?: AutoquitConfig;
  /**
   * Whether the master starts the test without waiting for the web UI.
   * +kubebuilder:default=true
   */
  autostart?: boolean;
  /**
   * Start of the master's command line.
   * The operator appends the master role flags and the port settings to it.
   */
  command: string;
  /** Arguments appended after the generated command line. */
  extraArgs?: string[];
  /** Labels of the master pod. */
  labels?: Record<string, string>;
  /** Compute resources of the master container. */
  resources?: V1ResourceRequirements;
}

/** AutoquitConfig makes Locust exit a while after the test finished. */
export interface AutoquitConfig {
  /**
   * Whether Locust is started with --autoquit.
   * +kubebuilder:default=true
   */
  enabled: boolean;
  /**
   * Seconds to wait after the test before exiting.
   * +kubebuilder:default=60
   * +kubebuilder:validation:Minimum=0
   */
  timeout?: int32;
}

/** WorkerSpec configures the worker pods that generate the load. */
export interface WorkerSpec {
  /** Annotations of the worker pods. */
  annotations?: Record<string, string>;
  /**
   * Start of each worker's command line.
   * The operator appends the worker role flags and the master address to it.
   */
  command: string;
  /** Arguments appended after the generated command line. */
  extraArgs?: string[];
  /** Labels of the worker pods. */
  labels?: Record<string, string>;
  /**
   * How many worker pods to run.
   * +kubebuilder:validation:Maximum=500
   * +kubebuilder:validation:Minimum=1
   */
  replicas: int32;
  /** Compute resources of each worker container. */
  resources?: V1ResourceRequirements;
}

/** ObservabilityConfig groups the telemetry settings. */
export interface ObservabilityConfig {
  /** Export of Locust's own OpenTelemetry data. */
  openTelemetry?: OpenTelemetryConfig;
}

/** OpenTelemetryConfig switches on Locust's OpenTelemetry support. */
export interface OpenTelemetryConfig {
  /**
   * Whether Locust runs with --otel.
   * +kubebuilder:default=false
   */
  enabled: boolean;
  /**
   * Collector address, e.g. "otel-collector:4317".
   * Needed when enabled is true.
   */
  endpoint?: string;
  /** Further OTEL_* variables for the SDK. */
  extraEnvVars?: Record<string, string>;
  /**
   * Whether to talk to the collector without TLS verification.
   * +kubebuilder:default=false
   */
  insecure?: boolean;
  /**
   * Export protocol.
   * +kubebuilder:default=grpc
   */
  protocol?: 'grpc' | 'http/protobuf';
}

/** SchedulingConfig holds the placement settings shared by all pods of the test. */
export interface SchedulingConfig {
  /** Affinity and anti-affinity rules. */
  affinity?: V1Affinity;
  /** Labels a node must have to run the pods. */
  nodeSelector?: Record<string, string>;
  /**
   * RuntimeClass of the pods (for example gvisor); empty or absent uses the cluster default.
   * +kubebuilder:validation:MaxLength=253
   * +kubebuilder:validation:Pattern=`^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
   */
  runtimeClassName?: string;
  /** Taints the pods tolerate. */
  tolerations?: V1Toleration[];
}

/** SecurityConfig holds the security contexts applied to every pod and container of the test. */
export interface SecurityConfig {
  /** Security context of the Locust containers. */
  containerSecurityContext?: V1SecurityContext;
  /** Security context of the pods. */
  podSecurityContext?: V1PodSecurityContext;
}

/** TestFilesConfig says where the test code lives. */
export interface TestFilesConfig {
  /** ConfigMap holding the locustfile(s). */
  configMapRef?: string;
  /** ConfigMap holding helper modules. */
  libConfigMapRef?: string;
  /**
   * Directory the helper modules are mounted at.
   * +kubebuilder:default="/opt/locust/lib"
   */
  libMountPath?: string;
  /**
   * Directory the locustfile(s) are mounted at.
   * +kubebuilder:default="/lotest/src"
   */
  srcMountPath?: string;
}

/** LocustTestStatus reports the progress of the run. */
export interface LocustTestStatus {
  /** When the run finished. */
  completionTime?: Time;
  /**
   * Detailed state of the run, one entry per condition type.
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
  /** Workers that have connected to the master, as far as the operator can tell from the worker Job. */
  connectedWorkers?: int32;
  /** Workers the master waits for. */
  expectedWorkers?: int32;
  /** The spec generation this status describes. */
  observedGeneration?: int64;
  /** Where the run is in its lifecycle. */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** When the run started. */
  startTime?: Time;
}
