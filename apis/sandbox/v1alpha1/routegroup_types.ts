import type { Condition, ObjectMeta, int32, int64 } from '../../../runtime/types.ts';

/**
 * RouteGroup sends requests that carry a routing key to the sandbox owning that key, optionally
 * only for some paths.
 * +kubebuilder:resource:path=routegroups,shortName={rg}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Header",type=string,JSONPath=".spec.routingKeyHeader"
 * +kubebuilder:printcolumn:name="Active",type=integer,JSONPath=".status.resolvedRoutes"
 * +kubebuilder:printcolumn:name="Routes",type=integer,JSONPath=".status.totalRoutes"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface RouteGroup {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** The routes. */
  spec: RouteGroupSpec;
  /** Whether the routes are in effect. */
  status?: RouteGroupStatus;
}

/** RouteGroupSpec maps routing keys to sandboxes. */
export interface RouteGroupSpec {
  /**
   * Request header that carries the routing key.
   * +kubebuilder:default="X-Routing-Key"
   * +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
   */
  routingKeyHeader?: string;
  /**
   * The routes; the first matching one wins.
   * +listType=atomic
   * +kubebuilder:validation:MaxItems=256
   */
  routes?: Route[];
}

/** Route sends matching requests to one sandbox. */
export interface Route {
  /**
   * Routing key the request must carry.
   * +kubebuilder:validation:MinLength=1
   */
  routingKey: string;
  /**
   * Sandbox in the same namespace that receives the request.
   * +kubebuilder:validation:MinLength=1
   */
  sandbox: string;
  /**
   * Paths the route applies to; every path when empty.
   * +listType=atomic
   */
  paths?: PathMatch[];
  /** Headers added to the routed request. */
  headers?: Record<string, string>;
}

/**
 * PathMatch matches a request path exactly or by prefix.
 * +kubebuilder:validation:XValidation:rule="has(self.exact) != has(self.prefix)",message="exactly one of exact and prefix must be set"
 */
export interface PathMatch {
  /**
   * Path that must equal the request path.
   * +kubebuilder:validation:Pattern=`^/`
   */
  exact?: string;
  /**
   * Path the request path must start with.
   * +kubebuilder:validation:Pattern=`^/`
   */
  prefix?: string;
}

/** RouteGroupStatus reports whether the routes were programmed. */
export interface RouteGroupStatus {
  /** The spec generation this status describes. */
  observedGeneration?: int64;
  /** Number of routes in the spec. */
  totalRoutes?: int32;
  /** Routes whose sandbox exists and is ready; the others are published as inactive. */
  resolvedRoutes?: int32;
  /** Name of the ConfigMap holding the route table the routing proxy reads. */
  routeTable?: string;
  /**
   * Accepted, ResolvedRefs and Programmed conditions.
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
}
