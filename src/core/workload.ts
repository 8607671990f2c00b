/**
 * The shared vocabulary of the workloads this library emits or configures (the
 * Istio east-west gateway, the Linkerd multicluster gateway and link
 * controllers): one public type per Kubernetes concept, so a Service type, a
 * toleration or a container's resources read the same in every construct.
 * The checks and the Kubernetes rendering are in `./_workload`.
 */

/**
 * How a gateway's Service is exposed to the other clusters or networks
 * (`spec.type` of the Service). Every member is a Service type other clusters
 * can reach from outside; a construct that cannot use one says so.
 */
export enum GatewayServiceType {
  /**
   * A cloud load balancer (`type: LoadBalancer`), the charts' default: other
   * clusters dial the load balancer's address on the Service ports.
   */
  LOAD_BALANCER = 'LoadBalancer',
  /**
   * Node ports (`type: NodePort`), for clusters without load balancers: other
   * clusters dial node addresses on fixed node ports, which the construct then
   * requires.
   */
  NODE_PORT = 'NodePort',
}

/** Whether a gateway Service keeps the client source IP (`spec.externalTrafficPolicy`). */
export enum ExternalTrafficPolicy {
  /** Traffic may be forwarded to a gateway pod on another node (Kubernetes' default). */
  CLUSTER = 'Cluster',
  /** Traffic only goes to gateway pods on the node that received it; keeps the source IP. */
  LOCAL = 'Local',
}

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint's value must equal `value`. */
  EQUAL = 'Equal',
  /** Any value (give no `value`). */
  EXISTS = 'Exists',
}

/** The taint effect a toleration tolerates. */
export enum TolerationEffect {
  /** Pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries not to place pods on the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A toleration of a workload's pods (a Kubernetes `Toleration`, rendered with
 * its `operator` always written).
 */
export interface Toleration {
  /**
   * The taint key; leave it out with `TolerationOperator.EXISTS` to tolerate every taint.
   *
   * @default - every key (only with TolerationOperator.EXISTS)
   */
  readonly key?: string;
  /**
   * How the taint's value is matched.
   *
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint value, with `TolerationOperator.EQUAL`.
   *
   * @default - the empty value
   */
  readonly value?: string;
  /**
   * The taint effect tolerated.
   *
   * @default - every effect
   */
  readonly effect?: TolerationEffect;
  /**
   * With `TolerationEffect.NO_EXECUTE`: how long the pod stays on a tainted node
   * (Kubernetes' own field name and unit).
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * CPU, memory and ephemeral storage of a container, as Kubernetes quantities
 * written as given (`100m`, `0.5`, `128Mi`, `1Gi`): the `resources.requests`
 * and `resources.limits` of the container. Each one left out is not set.
 */
export interface ComputeResources {
  /**
   * CPU request (`requests.cpu`), such as `100m`.
   *
   * @default - none
   */
  readonly cpuRequest?: string;
  /**
   * CPU limit (`limits.cpu`), such as `2000m`.
   *
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * Memory request (`requests.memory`), such as `128Mi`.
   *
   * @default - none
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit (`limits.memory`), such as `1024Mi`.
   *
   * @default - none
   */
  readonly memoryLimit?: string;
  /**
   * Ephemeral storage request (`requests.ephemeral-storage`), such as `1Gi`.
   *
   * @default - none
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Ephemeral storage limit (`limits.ephemeral-storage`), such as `2Gi`.
   *
   * @default - none
   */
  readonly ephemeralStorageLimit?: string;
}
