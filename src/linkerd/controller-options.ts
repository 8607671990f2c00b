/**
 * The settings of a Linkerd multicluster link controller (the "service
 * mirror"): the keys of one `controllers[]` entry (or of `controllerDefaults`)
 * of the `linkerd-multicluster` chart (reference/linkerd.md §3b; linkerd/linkerd2
 * `multicluster/charts/linkerd-multicluster/templates/controller/deployment.yaml`).
 */
import type { ComputeResources, Toleration } from '../core/workload';

/** Who runs a link's controller in the source cluster. */
export enum ControllerMode {
  /**
   * The `linkerd-multicluster` chart (Linkerd 2.18+): an entry in the source
   * cluster's `controllers[]` values; the chart renders `controller-<link>` and
   * its RBAC, and upgrades them with the extension.
   */
  CHART = 'chart',
  /**
   * Plain manifests in the output tree, exactly what the chart renders for the
   * entry (Deployment, ServiceAccount, probe Service, Role/RoleBinding,
   * ClusterRoleBinding, the shared ClusterRole, and a PodDisruptionBudget with
   * pod anti-affinity), for clusters whose controllers are not managed by Helm.
   */
  MANIFESTS = 'manifests',
}

/** The log levels of Linkerd's controllers (`-log-level`). */
export enum LinkerdLogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Warnings and errors. */
  WARN = 'warn',
  /** The chart's default. */
  INFO = 'info',
  /** Debugging detail. */
  DEBUG = 'debug',
  /** Everything. */
  TRACE = 'trace',
}

/** The log formats of Linkerd's controllers (`-log-format`). */
export enum LinkerdLogFormat {
  /** Text lines (the chart's default). */
  PLAIN = 'plain',
  /** One JSON object per line. */
  JSON = 'json',
}

/**
 * Settings of a link controller: the keys of a `controllers[]` entry of the
 * `linkerd-multicluster` chart. Each one left out falls back to the source
 * cluster's `controllerDefaults` (`LinkerdMulticluster`), then to the chart's
 * own default.
 */
export interface ServiceMirrorControllerOptions {
  /**
   * Controller replicas (`replicas`). Only the Lease holder
   * (`service-mirror-write-<link>`) mirrors; the others stand by.
   *
   * @default - controllerDefaults, else 1
   */
  readonly replicas?: number;
  /**
   * Log level (`logLevel`).
   *
   * @default - controllerDefaults, else LinkerdLogLevel.INFO
   */
  readonly logLevel?: LinkerdLogLevel;
  /**
   * Log format (`logFormat`).
   *
   * @default - controllerDefaults, else LinkerdLogFormat.PLAIN
   */
  readonly logFormat?: LinkerdLogFormat;
  /**
   * How many times an event from the target is retried (`retryLimit`, the
   * `-event-requeue-limit` flag).
   *
   * @default - controllerDefaults, else 3
   */
  readonly retryLimit?: number;
  /**
   * Mirror headless Services (`enableHeadlessServices`).
   *
   * @default - controllerDefaults, else false
   */
  readonly enableHeadlessServices?: boolean;
  /**
   * Serve pprof on the admin port (`enablePprof`).
   *
   * @default - controllerDefaults, else false
   */
  readonly enablePprof?: boolean;
  /**
   * Spread replicas over nodes and zones (`enablePodAntiAffinity`); the chart
   * then adds a PodDisruptionBudget `controller-<link>` (maxUnavailable 1).
   *
   * @default - controllerDefaults, else false
   */
  readonly enablePodAntiAffinity?: boolean;
  /**
   * CPU and memory of the controller container (`resources`).
   *
   * @default - controllerDefaults, else none
   */
  readonly resources?: ComputeResources;
  /**
   * Node labels the controller pods must run on (`nodeSelector`).
   *
   * @default - controllerDefaults, else any node
   */
  readonly nodeSelector?: { [label: string]: string };
  /**
   * Tolerations of the controller pods (`tolerations`).
   *
   * @default - controllerDefaults, else none
   */
  readonly tolerations?: Toleration[];
}
