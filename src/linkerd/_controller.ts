/**
 * Linkerd multicluster link controllers: the checked options, their
 * `controllers[]` values entry, and (for `ControllerMode.MANIFESTS`) the objects
 * the `linkerd-multicluster` chart renders for that entry.
 *
 * Sources (linkerd/linkerd2, reference/linkerd.md §3a/§3b):
 * `multicluster/charts/linkerd-multicluster/templates/controller/deployment.yaml`,
 * `.../controller/rbac.yaml`, `.../controller/probe-svc.yaml`, `.../controller/pdb.yaml`,
 * `.../templates/controller-clusterrole.yaml`; `charts/partials/templates/_volumes.tpl`
 * (`partials.volumes.manual-mount-service-account-token`), `_affinity.tpl`
 * (`linkerd.affinity`), `_metadata.tpl` (`partials.annotations.created-by`).
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LinkerdLogFormat, LinkerdLogLevel, ServiceMirrorControllerOptions } from './controller-options';
import type { ParsedLinkerdVersion } from './version';
import { fail, isLabelKey, isLabelValue, requireOptionalBoolean, requirePositiveInteger } from '../core/_validation';
import { checkComputeResources, checkTolerations, QuantityValues, ResourceValues, TolerationValue } from '../core/_workload';

/** The multicluster extension's namespace (the Helm release namespace). */
export const MULTICLUSTER_NAMESPACE = 'linkerd-multicluster';
/** The label every multicluster extension object carries. */
export const EXTENSION_LABEL = 'linkerd.io/extension';
/** The label that ties controller objects to their link. */
export const CLUSTER_NAME_LABEL = 'mirror.linkerd.io/cluster-name';
/** The shared ClusterRole of the chart-managed controllers. */
export const CONTROLLER_CLUSTER_ROLE = 'linkerd-multicluster-controller-access-local-resources';
/** Linkerd's `created-by` annotation. */
export const CREATED_BY_ANNOTATION = 'linkerd.io/created-by';

/** The chart's `controllerDefaults` (multicluster/charts/linkerd-multicluster/values.yaml). */
export const CHART_CONTROLLER_DEFAULTS = {
  replicas: 1,
  logLevel: LinkerdLogLevel.INFO,
  logFormat: LinkerdLogFormat.PLAIN,
  retryLimit: 3,
  enableHeadlessServices: false,
  enablePprof: false,
  enablePodAntiAffinity: false,
  uid: 2103,
  gid: 2103,
  probePort: 4191,
} as const;

/** Checked controller options: only the keys that were given, in the chart's value shape. @internal */
export interface CheckedControllerOptions {
  readonly replicas?: number;
  readonly logLevel?: LinkerdLogLevel;
  readonly logFormat?: LinkerdLogFormat;
  readonly retryLimit?: number;
  readonly enableHeadlessServices?: boolean;
  readonly enablePprof?: boolean;
  readonly enablePodAntiAffinity?: boolean;
  /** Kubernetes ResourceRequirements (`limits`, `requests`). */
  readonly resources?: ResourceValues;
  readonly nodeSelector?: { [label: string]: string };
  /** Kubernetes tolerations. */
  readonly tolerations?: TolerationValue[];
}

/** A `controllers[]` entry of the linkerd-multicluster values. @internal */
export interface ControllerEntryValues extends CheckedControllerOptions {
  readonly link: { readonly ref: { readonly name: string } };
  readonly gateway: { readonly enabled: boolean };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Checks controller options (`prop` is where they are in the props, such as
 * `controller`); returns the given keys in the chart's value shape.
 * @internal
 */
export function checkControllerOptions(where: string, prop: string, o: ServiceMirrorControllerOptions | undefined,
  version: ParsedLinkerdVersion): CheckedControllerOptions {
  if (o === undefined) { return {}; }
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    fail(where, prop, o, 'must be ServiceMirrorControllerOptions ({ replicas, logLevel, logFormat, ... })');
  }
  const out: Mutable<CheckedControllerOptions> = {};
  if (o.replicas !== undefined) { out.replicas = requirePositiveInteger(where, `${prop}.replicas`, o.replicas); }
  if (o.logLevel !== undefined) {
    if (!Object.values(LinkerdLogLevel).includes(o.logLevel)) {
      fail(where, `${prop}.logLevel`, o.logLevel, `must be one of Linkerd's log levels: ${Object.values(LinkerdLogLevel).join(', ')} (LinkerdLogLevel)`);
    }
    out.logLevel = o.logLevel;
  }
  if (o.logFormat !== undefined) {
    if (!Object.values(LinkerdLogFormat).includes(o.logFormat)) {
      fail(where, `${prop}.logFormat`, o.logFormat, `must be one of ${Object.values(LinkerdLogFormat).join(', ')} (LinkerdLogFormat)`);
    }
    out.logFormat = o.logFormat;
  }
  if (o.retryLimit !== undefined) {
    if (typeof o.retryLimit !== 'number' || !Number.isInteger(o.retryLimit) || o.retryLimit < 0) {
      fail(where, `${prop}.retryLimit`, o.retryLimit, 'must be a whole number, 0 or more');
    }
    out.retryLimit = o.retryLimit;
  }
  for (const key of ['enableHeadlessServices', 'enablePprof', 'enablePodAntiAffinity'] as const) {
    const v = requireOptionalBoolean(where, `${prop}.${key}`, o[key]);
    if (v !== undefined) { out[key] = v; }
  }
  if (out.enablePodAntiAffinity === true && !version.antiAffinityRenders) {
    // deployment.yaml reads .link.ref with `.` rebound, pdb.yaml the created-by partial with the entry as context.
    fail(where, `${prop}.enablePodAntiAffinity`, true,
      `cannot be used with Linkerd ${version.version}: the linkerd-multicluster chart of edge-25.4.4 to edge-25.5.3 fails to render it `
      + '(helm install errors out; linkerd/linkerd2#14008, fixed in edge-25.5.4). Use linkerdVersion edge-25.5.4 or later, or leave enablePodAntiAffinity off');
  }
  const resources = checkComputeResources(where, `${prop}.resources`, o.resources);
  if (resources !== undefined && Object.keys(resources).length > 0) { out.resources = resources; }
  if (o.nodeSelector !== undefined) {
    if (!o.nodeSelector || typeof o.nodeSelector !== 'object' || Array.isArray(o.nodeSelector)) {
      fail(where, `${prop}.nodeSelector`, o.nodeSelector, 'must be a map of node label keys to values');
    }
    for (const [k, v] of Object.entries(o.nodeSelector)) {
      if (!isLabelKey(k)) { fail(where, `${prop}.nodeSelector`, k, 'has a key that is not a valid label key'); }
      if (!isLabelValue(v)) { fail(where, `${prop}.nodeSelector.${k}`, v, 'must be a valid label value'); }
    }
    out.nodeSelector = Object.fromEntries(Object.keys(o.nodeSelector).sort().map(k => [k, o.nodeSelector![k]]));
  }
  const tolerations = checkTolerations(where, `${prop}.tolerations`, o.tolerations);
  if (tolerations !== undefined) { out.tolerations = tolerations; }
  return out;
}

/** The chart's value keys, in the order the values are written. */
const VALUE_KEYS: (keyof CheckedControllerOptions)[] = [
  'replicas', 'logLevel', 'logFormat', 'retryLimit', 'enableHeadlessServices', 'enablePprof', 'enablePodAntiAffinity',
  'resources', 'nodeSelector', 'tolerations',
];

/** Checked options as chart values (for `controllerDefaults`). @internal */
export function controllerValues(o: CheckedControllerOptions): CheckedControllerOptions {
  return Object.fromEntries(VALUE_KEYS.filter(k => o[k] !== undefined).map(k => [k, o[k]]));
}

/**
 * One `controllers[]` entry: `link.ref.name`, the given options, and
 * `gateway.enabled` (false for links without a gateway: no `probe-<link>` Service).
 * @internal
 */
export function controllerEntry(linkName: string, o: CheckedControllerOptions, gatewayEnabled: boolean): ControllerEntryValues {
  return { link: { ref: { name: linkName } }, ...controllerValues(o), gateway: { enabled: gatewayEnabled } };
}

/** What the manifests of one controller are made from. @internal */
export interface ControllerManifestProps {
  /** The link name (`link.ref.name`). */
  readonly linkName: string;
  /** The entry's options over the cluster's controllerDefaults. */
  readonly options: CheckedControllerOptions;
  /** Whether the link uses a gateway (`gateway.enabled`). */
  readonly gatewayEnabled: boolean;
  /** The Linkerd release (image tag, created-by). */
  readonly version: string;
  /** The admin port's name in that release. */
  readonly adminPortName: string;
  /** The root `enableNamespaceCreation` value. */
  readonly enableNamespaceCreation: () => boolean;
  /** Annotations added to the pod template (the credentials hash). */
  readonly podAnnotations: () => { [key: string]: string };
  /** Whether the release's chart gives the probe Service the created-by annotation (edge-25.5.4 and later). */
  readonly probeServiceCreatedBy: boolean;
  /**
   * Whether the chart renders a PodDisruptionBudget: pdb.yaml reads the entry's own `enablePodAntiAffinity`, else
   * the root value (never set here), not controllerDefaults as the Deployment does.
   */
  readonly podDisruptionBudget: boolean;
}

function quantities(m: QuantityValues | undefined): { [k: string]: k8s.Quantity } | undefined {
  return m === undefined ? undefined : Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k8s.Quantity.fromString(String(v))]));
}

function linkLabels(linkName: string): { [key: string]: string } {
  return { [EXTENSION_LABEL]: 'multicluster', component: 'controller', [CLUSTER_NAME_LABEL]: linkName };
}

/** The rules of the shared ClusterRole (controller-clusterrole.yaml). @internal */
export function controllerClusterRoleRules(enableNamespaceCreation: boolean): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'get', 'watch', 'create', 'delete', 'update'] },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'get', 'watch'] },
    ...(enableNamespaceCreation ? [{ apiGroups: [''], resources: ['namespaces'], verbs: ['create'] }] : []),
  ];
}

/** The shared ClusterRole `linkerd-multicluster-controller-access-local-resources`. @internal */
export function controllerClusterRole(scope: Construct, id: string, enableNamespaceCreation: () => boolean): k8s.KubeClusterRole {
  return new k8s.KubeClusterRole(scope, id, {
    metadata: { name: CONTROLLER_CLUSTER_ROLE, labels: { [EXTENSION_LABEL]: 'multicluster', component: 'controller' } },
    // The rules depend on enableNamespaceCreation, which may be set after the first link.
    rules: Lazy.any({ produce: () => controllerClusterRoleRules(enableNamespaceCreation()) }),
  });
}

/** The Role `controller-read-remote-creds-<link>` rules (controller/rbac.yaml). @internal */
export function controllerRoleRules(linkName: string): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['secrets'], resourceNames: [`cluster-credentials-${linkName}`], verbs: ['list', 'get', 'watch'] },
    { apiGroups: ['multicluster.linkerd.io'], resources: ['links'], verbs: ['list', 'get', 'watch'] },
    { apiGroups: ['multicluster.linkerd.io'], resources: ['links/status'], verbs: ['update', 'patch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update', 'patch'] },
  ];
}

/**
 * The container args, in the chart's order:
 * `service-mirror -log-level -log-format -event-requeue-limit -namespace
 * [-enable-headless-services] [-enable-namespace-creation] -enable-pprof
 * -probe-service=probe-<link> <link>`.
 * @internal
 */
export function controllerArgs(p: { linkName: string; options: CheckedControllerOptions; enableNamespaceCreation: boolean }): string[] {
  const o = p.options;
  const d = CHART_CONTROLLER_DEFAULTS;
  return [
    'service-mirror',
    `-log-level=${o.logLevel ?? d.logLevel}`,
    `-log-format=${o.logFormat ?? d.logFormat}`,
    `-event-requeue-limit=${o.retryLimit ?? d.retryLimit}`,
    `-namespace=${MULTICLUSTER_NAMESPACE}`,
    ...((o.enableHeadlessServices ?? d.enableHeadlessServices) ? ['-enable-headless-services'] : []),
    ...(p.enableNamespaceCreation ? ['-enable-namespace-creation'] : []),
    `-enable-pprof=${o.enablePprof ?? d.enablePprof}`,
    `-probe-service=probe-${p.linkName}`,
    p.linkName,
  ];
}

/**
 * Renders what the chart renders for one `controllers[]` entry (without the
 * shared ClusterRole): ServiceAccount, ClusterRoleBinding, Role, RoleBinding,
 * Deployment, the probe Service (with a gateway) and the PodDisruptionBudget
 * (with pod anti-affinity).
 * @internal
 */
export function renderControllerManifests(scope: Construct, p: ControllerManifestProps): void {
  const n = p.linkName;
  const ns = MULTICLUSTER_NAMESPACE;
  const labels = linkLabels(n);
  const o = p.options;
  const d = CHART_CONTROLLER_DEFAULTS;
  const createdBy = { [CREATED_BY_ANNOTATION]: `linkerd/helm ${p.version}` };
  const subject = { kind: 'ServiceAccount', name: `controller-${n}`, namespace: ns };

  new k8s.KubeServiceAccount(scope, 'ControllerServiceAccount', { metadata: { name: `controller-${n}`, namespace: ns, labels } });
  new k8s.KubeClusterRoleBinding(scope, 'ControllerClusterRoleBinding', {
    metadata: { name: `${CONTROLLER_CLUSTER_ROLE}-${n}`, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CONTROLLER_CLUSTER_ROLE },
    subjects: [subject],
  });
  new k8s.KubeRole(scope, 'ControllerRole', {
    metadata: { name: `controller-read-remote-creds-${n}`, namespace: ns, labels },
    rules: controllerRoleRules(n),
  });
  new k8s.KubeRoleBinding(scope, 'ControllerRoleBinding', {
    metadata: { name: `controller-read-remote-creds-${n}`, namespace: ns, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `controller-read-remote-creds-${n}` },
    subjects: [subject],
  });

  const antiAffinity = o.enablePodAntiAffinity ?? d.enablePodAntiAffinity;
  const selector = { component: 'controller', [CLUSTER_NAME_LABEL]: n };
  const term = { labelSelector: { matchExpressions: [{ key: CLUSTER_NAME_LABEL, operator: 'In', values: [n] }] } };
  // Late-bound: the args (root enableNamespaceCreation) and the pod annotations (the credentials hash).
  new k8s.KubeDeployment(scope, 'ControllerDeployment', {
    metadata: { name: `controller-${n}`, namespace: ns, labels },
    spec: {
      replicas: o.replicas ?? d.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      strategy: antiAffinity ? { rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } } : undefined,
      template: {
        metadata: {
          annotations: Lazy.any({
            produce: () => ({
              'linkerd.io/inject': 'enabled',
              'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
              'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '0',
              ...p.podAnnotations(),
            }),
          }),
          labels,
        },
        spec: {
          affinity: antiAffinity ? {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { ...term, topologyKey: 'topology.kubernetes.io/zone' }, weight: 100 }],
              requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, topologyKey: 'kubernetes.io/hostname' }],
            },
          } : undefined,
          automountServiceAccountToken: false,
          containers: [{
            args: Lazy.any({ produce: () => controllerArgs({ linkName: n, options: o, enableNamespaceCreation: p.enableNamespaceCreation() }) }),
            image: `cr.l5d.io/linkerd/controller:${p.version}`,
            name: 'controller',
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              runAsUser: d.uid,
              runAsGroup: d.gid,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true }],
            ports: [{ containerPort: 9999, name: p.adminPortName }],
            resources: o.resources === undefined ? undefined : {
              limits: quantities(o.resources.limits),
              requests: quantities(o.resources.requests),
            },
          }],
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          serviceAccountName: `controller-${n}`,
          nodeSelector: o.nodeSelector,
          tolerations: o.tolerations,
          volumes: [{
            name: 'kube-api-access',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
                { downwardApi: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
              ],
            },
          }],
        },
      },
    },
  });

  if (p.gatewayEnabled) {
    new k8s.KubeService(scope, 'ProbeService', {
      metadata: {
        name: `probe-${n}`,
        namespace: ns,
        annotations: p.probeServiceCreatedBy ? createdBy : undefined,
        labels: { [EXTENSION_LABEL]: 'multicluster', 'mirror.linkerd.io/mirrored-gateway': 'true', [CLUSTER_NAME_LABEL]: n },
      },
      spec: { ports: [{ name: 'mc-probe', port: d.probePort, protocol: 'TCP' }] },
    });
  }
  if (p.podDisruptionBudget) {
    new k8s.KubePodDisruptionBudget(scope, 'ControllerPodDisruptionBudget', {
      metadata: { name: `controller-${n}`, namespace: ns, labels: { component: 'controller' }, annotations: createdBy },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}
