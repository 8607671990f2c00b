/**
 * The two shapes of an east-west gateway, after the upstream route that
 * installs it: the names, labels, selector and pod settings that differ
 * between the `gateway` chart (`helm install istio/gateway`, the Sail
 * Operator's gateway docs) and the `istio-ingress` chart that istioctl renders
 * from `samples/multicluster/gen-eastwest-gateway.sh` (also the Sail
 * Operator's multicluster guide and ristioctl). Everything else (ports, env,
 * HPA, the Istio `Gateway`s) is common.
 */
import { k8s } from 'cdk8s-plus-28';
import { NETWORK_LABEL } from './_constants';
import { sortKeys } from '../core/_maps';

/** The gateway's name in both shapes. */
export const GATEWAY_NAME = 'istio-eastwestgateway';
/** The `istio` selector label: the gateway name without `istio-`. */
export const ISTIO_LABEL = 'eastwestgateway';

type Labels = { [key: string]: string };

/** What a shape decides. */
export interface GatewayShape {
  readonly serviceAccountName: string;
  readonly roleName: string;
  /** Deployment selector, Service selector and PDB selector (immutable on the Deployment). */
  readonly selector: Labels;
  /** Labels of the ServiceAccount, Deployment, HPA and PDB. */
  readonly labels: Labels;
  /** Labels of the Service (istiod finds the network's gateway by its network label). */
  readonly serviceLabels: Labels;
  /** Labels of the Role and RoleBinding. */
  readonly rbacLabels: Labels;
  readonly podLabels: Labels;
  readonly podSecurityContext: k8s.PodSecurityContext;
  readonly containerSecurityContext: k8s.SecurityContext;
  /** Env before ISTIO_META_REQUESTED_NETWORK_VIEW. */
  readonly env: k8s.EnvVar[];
  /** Container ports before 15090 (http-envoy-prom). */
  readonly containerPorts: number[];
  readonly volumes: k8s.Volume[];
  readonly volumeMounts: k8s.VolumeMount[];
  /** The Deployment's rolling-update strategy, when the chart writes one. */
  readonly strategy?: k8s.DeploymentStrategy;
  /** Where the pods may run: the nodeSelector as the chart writes it. */
  readonly placement: { nodeSelector?: Labels; affinity?: k8s.Affinity };
  /** The PDB the shape writes by itself, given the pod bounds (istio-ingress: minAvailable 1). */
  defaultDisruptionBudget(minPods: number): { minAvailable: number } | undefined;
}

/** Inputs of a shape. */
export interface ShapeInput {
  readonly minor: number;
  readonly network: string;
  readonly revision?: string;
  readonly nodeSelector: Labels;
}

const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
};

/** `helm install istio-eastwestgateway istio/gateway --set networkGateway=<network>`. */
export function gatewayChartShape(i: ShapeInput): GatewayShape {
  const labels: Labels = {
    'app': GATEWAY_NAME,
    'istio': ISTIO_LABEL,
    // The chart's default `labels` from 1.25 (values.yaml): keep the gateway out of ambient capture.
    ...(i.minor >= 25 ? { 'istio.io/dataplane-mode': 'none' } : {}),
    'app.kubernetes.io/name': GATEWAY_NAME,
    ...(i.minor >= 24 ? { 'app.kubernetes.io/part-of': 'istio' } : {}),
  };
  // gateway.podLabels: app.kubernetes.io/name on the pods only from 1.23; the network label from 1.26.
  const { ['app.kubernetes.io/name']: appName, ...podBase } = labels;
  const podLabels: Labels = {
    'sidecar.istio.io/inject': 'true',
    ...(i.revision ? { 'istio.io/rev': i.revision } : {}),
    ...podBase,
    ...(i.minor >= 23 ? { 'app.kubernetes.io/name': appName } : {}),
    ...(i.minor >= 26 ? { [NETWORK_LABEL]: i.network } : {}),
  };
  return {
    serviceAccountName: GATEWAY_NAME,
    roleName: GATEWAY_NAME,
    selector: { app: GATEWAY_NAME, istio: ISTIO_LABEL },
    labels,
    serviceLabels: { ...labels, [NETWORK_LABEL]: i.network },
    rbacLabels: labels,
    podLabels,
    // Only this sysctl (ports < 1024 without privileges).
    podSecurityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
    // 1.30 dropped the fixed UID/GID 1337 (on OpenShift it overrode the namespace's UID range).
    containerSecurityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: true, ...(i.minor < 30 ? { runAsUser: 1337, runAsGroup: 1337 } : {}) },
    env: [],
    containerPorts: [],
    volumes: [],
    volumeMounts: [],
    placement: Object.keys(i.nodeSelector).length === 0 ? {} : { nodeSelector: sortKeys(i.nodeSelector) },
    defaultDisruptionBudget: () => undefined,
  };
}

/**
 * What `gen-eastwest-gateway.sh --network <network> [--revision <rev>] | istioctl install -f -`
 * installs: the `istio-ingress` chart with the IstioOperator's component
 * labels, release `istio` and owner `unknown` (as the Sail Operator's
 * multicluster guide shows it, `east-west-gateway-net1.yaml`).
 */
export function istioctlShape(i: ShapeInput): GatewayShape {
  const selector: Labels = { app: GATEWAY_NAME, istio: ISTIO_LABEL, [NETWORK_LABEL]: i.network };
  const owner: Labels = {
    'release': 'istio',
    'istio.io/rev': i.revision ?? 'default',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'IngressGateways',
    // From 1.24 the chart adds its app name and istio.labels (part-of; the rest is Helm bookkeeping).
    ...(i.minor >= 24 ? { 'app.kubernetes.io/name': 'istio-ingressgateway', 'app.kubernetes.io/part-of': 'istio' } : {}),
  };
  const labels = { ...selector, ...owner };
  const podLabels: Labels = {
    ...selector,
    'heritage': 'Tiller',
    'release': 'istio',
    'chart': 'gateways',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'IngressGateways',
    'sidecar.istio.io/inject': 'true',
    ...(i.revision ? { 'istio.io/rev': i.revision } : {}),
    ...(i.minor >= 24 ? {
      'service.istio.io/canonical-name': GATEWAY_NAME,
      'service.istio.io/canonical-revision': i.revision ?? 'latest',
      'app.kubernetes.io/name': 'istio-ingressgateway',
      'app.kubernetes.io/part-of': 'istio',
    } : {}),
  };
  const secretVolumes = [
    { name: 'ingressgateway-certs', secretName: 'istio-ingressgateway-certs', mountPath: '/etc/istio/ingressgateway-certs' },
    { name: 'ingressgateway-ca-certs', secretName: 'istio-ingressgateway-ca-certs', mountPath: '/etc/istio/ingressgateway-ca-certs' },
  ];
  const pdbAlways = i.minor < 28;
  return {
    serviceAccountName: `${GATEWAY_NAME}-service-account`,
    roleName: `${GATEWAY_NAME}-sds`,
    selector,
    labels,
    serviceLabels: labels,
    rbacLabels: owner,
    podLabels,
    podSecurityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
    containerSecurityContext: RESTRICTED_CONTAINER,
    env: [{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' }],
    containerPorts: [15021, 15443, 15012, 15017],
    volumes: secretVolumes.map(v => ({ name: v.name, secret: { secretName: v.secretName, optional: true } })),
    volumeMounts: secretVolumes.map(v => ({ name: v.name, mountPath: v.mountPath, readOnly: true })),
    strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('100%'), maxUnavailable: k8s.IntOrString.fromString('25%') } },
    // The chart turns the gateway's nodeSelector into required node affinity.
    placement: Object.keys(i.nodeSelector).length === 0 ? {} : {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: Object.keys(i.nodeSelector).sort().map(key => ({ key, operator: 'In', values: [i.nodeSelector[key]] })) }],
          },
        },
      },
    },
    // global.defaultPodDisruptionBudget (enabled in every version); from 1.28 only with more than one pod
    // (kubernetes/kubernetes#93476).
    defaultDisruptionBudget: (minPods: number) => (pdbAlways || minPods > 1 ? { minAvailable: 1 } : undefined),
  };
}
