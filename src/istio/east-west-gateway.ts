import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AMBIENT_GATEWAY_CLASS, checkAmbientGatewayProps, HBONE_PORT } from './_ambient';
import { NETWORK_LABEL } from './_constants';
import { CheckedGatewayProps, checkGatewayProps, FIXED_PORTS, GatewayEnums } from './_gateway-props';
import { GATEWAY_NAME, GatewayShape, gatewayChartShape, ISTIO_LABEL, istioctlShape } from './_gateway-shape';
import { IstioInstallMethod } from './install';
import { isMesh, isMeshCluster } from '../core/_brands';
import { sortKeys } from '../core/_maps';
import { fail } from '../core/_validation';
import type { QuantityValues, ResourceValues } from '../core/_workload';
import type { Mesh } from '../core/mesh';
import type { IMeshCluster, INetworkGateway, MeshCluster } from '../core/mesh-cluster';
import { ControlPlaneRole, DataPlaneMode, MeshProvider } from '../core/mesh-kinds';
import { ComputeResources, ExternalTrafficPolicy, GatewayServiceType, Toleration } from '../core/workload';

/**
 * The shape of the gateway's objects (names, labels, Deployment selector), after
 * the upstream route that installs an east-west gateway. Pick the one your
 * running gateway was installed with: a Deployment's selector is immutable, so
 * applying the other shape over it fails.
 */
export enum EastWestGatewayLayout {
  /**
   * The `gateway` chart: `helm install istio-eastwestgateway istio/gateway
   * --set networkGateway=<network>` (and the Sail Operator's gateway docs).
   * Selector `{app, istio}`, ServiceAccount and Role `istio-eastwestgateway`.
   */
  GATEWAY_CHART = 'gateway-chart',
  /**
   * The `istio-ingress` chart as istioctl renders it from
   * `samples/multicluster/gen-eastwest-gateway.sh` (also the Sail Operator's
   * multicluster guide and ristioctl). Selector `{app, istio,
   * topology.istio.io/network}`, ServiceAccount
   * `istio-eastwestgateway-service-account`, Role `istio-eastwestgateway-sds`.
   */
  ISTIOCTL = 'istioctl',
}

/** The gateway's PodDisruptionBudget (the gateway chart's `podDisruptionBudget`): exactly one of the two. */
export interface EastWestGatewayDisruptionBudget {
  /**
   * Pods that must stay available during a voluntary disruption.
   *
   * @default - not set (use maxUnavailable)
   */
  readonly minAvailable?: number;
  /**
   * Pods that may be unavailable during a voluntary disruption.
   *
   * @default - not set (use minAvailable)
   */
  readonly maxUnavailable?: number;
}

/**
 * Fixed node ports for the gateway Service's four ports. Kubernetes picks free
 * ones for the ports left out.
 */
export interface EastWestGatewayNodePorts {
  /**
   * Node port of `status-port` (15021).
   *
   * @default - assigned by Kubernetes
   */
  readonly statusPort?: number;
  /**
   * Node port of `tls` (15443), the cross-network mTLS port. Required with
   * `GatewayServiceType.NODE_PORT`: it is the port written into
   * `global.meshNetworks`.
   *
   * @default - assigned by Kubernetes (LoadBalancer only)
   */
  readonly tls?: number;
  /**
   * Node port of `tls-istiod` (15012).
   *
   * @default - assigned by Kubernetes
   */
  readonly tlsIstiod?: number;
  /**
   * Node port of `tls-webhook` (15017).
   *
   * @default - assigned by Kubernetes
   */
  readonly tlsWebhook?: number;
}

/** An extra port on the gateway Service, beside the four fixed network-gateway ports. */
export interface EastWestGatewayPort {
  /** The port name: a DNS-1123 label, not one of the fixed port names. */
  readonly name: string;
  /** The Service port; not one of 15021, 15443, 15012, 15017. */
  readonly port: number;
  /**
   * The port the gateway pod listens on (set by an Istio `Gateway` server).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
}

/** Props of an `EastWestGateway`. */
export interface EastWestGatewayProps {
  /**
   * The address other clusters dial to reach this gateway: its load balancer's
   * IP or DNS name (or, with `NODE_PORT`, a node's). Remotes of this cluster use
   * it as `global.remotePilotAddress`. An IP address or a DNS name.
   *
   * @default - `loadBalancerIp` when set, else unknown (then this cluster cannot be a primary of remotes)
   */
  readonly address?: string;
  /**
   * How the gateway Service is exposed.
   *
   * @default GatewayServiceType.LOAD_BALANCER
   */
  readonly serviceType?: GatewayServiceType;
  /**
   * Annotations on the gateway Service, such as cloud load-balancer settings
   * (`service.beta.kubernetes.io/aws-load-balancer-type: nlb`). Use an L4 (TCP)
   * load balancer: one that terminates TLS breaks `AUTO_PASSTHROUGH`.
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * The IP the load balancer should get (`spec.loadBalancerIP`). LoadBalancer only.
   *
   * @default - picked by the cloud provider
   */
  readonly loadBalancerIp?: string;
  /**
   * The client CIDRs the load balancer accepts (`spec.loadBalancerSourceRanges`),
   * for example the other clusters' egress ranges. LoadBalancer only.
   *
   * @default - any source
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * The Service's external traffic policy.
   *
   * @default - not set: Kubernetes' default (Cluster)
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Fixed node ports. `nodePorts.tls` is required with `NODE_PORT`.
   *
   * @default - assigned by Kubernetes
   */
  readonly nodePorts?: EastWestGatewayNodePorts;
  /**
   * Extra Service ports, for `Gateway` servers of your own on this gateway.
   *
   * @default - only the four network-gateway ports
   */
  readonly additionalPorts?: EastWestGatewayPort[];
  /**
   * A fixed number of gateway pods: no HorizontalPodAutoscaler. Not together
   * with `minReplicas`/`maxReplicas`.
   *
   * @default - autoscaled between `minReplicas` and `maxReplicas`
   */
  readonly replicas?: number;
  /**
   * The autoscaler's minimum number of pods.
   *
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * The autoscaler's maximum number of pods.
   *
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * CPU and memory of the `istio-proxy` container.
   *
   * @default - the charts' default: requests 100m CPU and 128Mi memory, limits 2000m CPU and 1024Mi memory
   */
  readonly resources?: ComputeResources;
  /**
   * Node labels the gateway pods must run on (`spec.nodeSelector`).
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the gateway pods tolerate (`spec.tolerations`).
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * The shape of the gateway's objects: the upstream route whose gateway this
   * one adopts (see `EastWestGatewayLayout`).
   *
   * @default - `EastWestGatewayLayout.ISTIOCTL` with `IstioInstall.istioctl()`, else `EastWestGatewayLayout.GATEWAY_CHART`
   */
  readonly layout?: EastWestGatewayLayout;
  /**
   * A PodDisruptionBudget for the gateway pods, as the gateway chart's
   * `podDisruptionBudget` value writes it (from Istio 1.28 only when more than
   * one pod is guaranteed: `replicas` or `minReplicas` above 1). Not with
   * `EastWestGatewayLayout.ISTIOCTL`, whose chart writes its own
   * (`minAvailable: 1`; from 1.28 only with more than one pod).
   *
   * @default - none (the gateway chart's default)
   */
  readonly podDisruptionBudget?: EastWestGatewayDisruptionBudget;
}

/** The port istiod expects cross-network mTLS on (`DefaultNetworkGatewayPort`). */
const TLS_PORT = 15443;

const ENUMS: GatewayEnums = {
  serviceTypes: Object.values(GatewayServiceType),
  nodePort: GatewayServiceType.NODE_PORT,
  loadBalancer: GatewayServiceType.LOAD_BALANCER,
  trafficPolicies: Object.values(ExternalTrafficPolicy),
  layouts: Object.values(EastWestGatewayLayout),
  istioctlLayout: EastWestGatewayLayout.ISTIOCTL,
};

/**
 * The Istio east-west (network) gateway of a cluster, with the configuration
 * that exposes the cluster's services to the other networks.
 *
 * It emits, in the mesh's Istio namespace, what the upstream route of its
 * `layout` installs, with the same names, labels and selector (so a gateway
 * installed that way is adopted, not duplicated): with
 * `EastWestGatewayLayout.GATEWAY_CHART`, what
 * `helm install istio-eastwestgateway istio/gateway --set networkGateway=<network>`
 * renders; with `EastWestGatewayLayout.ISTIOCTL`, what
 * `gen-eastwest-gateway.sh --network <network> | istioctl install -f -` does.
 * Both: ServiceAccount, Role and RoleBinding (secrets get/watch/list), a
 * Deployment using gateway injection, the Service labelled
 * `topology.istio.io/network` (how istiod finds the network's gateway) with
 * ports 15021, 15443, 15012 and 15017, a HorizontalPodAutoscaler (or fixed
 * replicas), and a PodDisruptionBudget where the chart writes one.
 *
 * Beside it: the `cross-network-gateway` Gateway (`expose-services.yaml`:
 * port 15443, `AUTO_PASSTHROUGH`, hosts `*.local`) in every cluster that is
 * not a remote, and, on a primary that manages remotes, the `istiod-gateway`
 * Gateway and `istiod-vs` VirtualService (`expose-istiod.yaml`) through which
 * remotes reach istiod.
 *
 * ```ts
 * new EastWestGateway(cluster1, 'EastWestGateway', { address: '203.0.113.10' });
 * ```
 */
export class EastWestGateway extends Construct implements INetworkGateway {
  /** The name of every object of the gateway (`istio-eastwestgateway`). */
  public static readonly GATEWAY_NAME = GATEWAY_NAME;

  /** The cluster the gateway runs in. */
  public readonly cluster: IMeshCluster;
  /** The network the gateway serves: the cluster's network. */
  public readonly network: string;
  /**
   * The address other clusters dial to reach the gateway.
   *
   * @default - unknown
   */
  public readonly address?: string;
  /** How the gateway Service is exposed. */
  public readonly serviceType: GatewayServiceType;
  /** The shape of the gateway's objects. */
  public readonly layout: EastWestGatewayLayout;
  /** The namespace of the gateway's objects: the mesh's Istio namespace. */
  public readonly namespaceName: string;

  /**
   * The port written into `global.meshNetworks` for this gateway, when istiod
   * cannot discover it (NodePort).
   * @internal
   */
  public readonly _meshNetworksPort?: number;

  private readonly mesh: Mesh;
  private readonly meshCluster: MeshCluster;
  private readonly props: CheckedGatewayProps;
  private readonly shape: GatewayShape;
  private istiodExposed = false;

  constructor(cluster: MeshCluster, id: string, props: EastWestGatewayProps = {}) {
    super(cluster, id);
    const mesh = checkScope(this.node.path, cluster);
    if (mesh.dataPlaneMode === DataPlaneMode.AMBIENT) {
      checkAmbientGatewayProps(this.node.path, props);
    }
    const p = checkGatewayProps(this.node.path, props, ENUMS,
      mesh.install.method === IstioInstallMethod.ISTIOCTL ? EastWestGatewayLayout.ISTIOCTL : EastWestGatewayLayout.GATEWAY_CHART);
    this.mesh = mesh;
    this.meshCluster = cluster;
    this.cluster = cluster;
    this.network = cluster.network;
    this.namespaceName = mesh.istioNamespace;
    this.props = p;
    this.address = p.address;
    this.serviceType = p.serviceType as GatewayServiceType;
    this.layout = p.layout as EastWestGatewayLayout;
    this._meshNetworksPort = this.serviceType === GatewayServiceType.NODE_PORT ? p.nodePorts.tls : undefined;
    const shapeInput = { minor: mesh._version.minor, network: this.network, revision: mesh.revision, nodeSelector: p.nodeSelector };
    this.shape = this.layout === EastWestGatewayLayout.ISTIOCTL ? istioctlShape(shapeInput) : gatewayChartShape(shapeInput);

    // Registers the gateway; throws when the cluster already has one for this network.
    cluster._addGateway(this);

    if (mesh.dataPlaneMode === DataPlaneMode.AMBIENT) {
      // Ambient: one Gateway API Gateway; istiod's gateway controller deploys the gateway from it.
      this.renderAmbientGateway();
      return;
    }
    this.renderServiceAccount();
    this.renderRbac();
    this.renderDeployment();
    this.renderService();
    this.renderAutoscaler();
    this.renderDisruptionBudget();
    // istio.io applies expose-services.yaml in the primary only: istiod reads Istio configuration
    // from its config cluster (the primary), so a copy in a remote's API server would be ignored.
    if (cluster.role !== ControlPlaneRole.REMOTE) {
      this.exposeServices();
    }
    if (cluster.role === ControlPlaneRole.PRIMARY) {
      // Remotes may join the mesh after the gateway is created.
      mesh._forEachCluster(c => {
        if (c.primary === cluster) {
          this.exposeIstiod();
        }
      });
    }
    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  private metadata(name: string, labels: { [key: string]: string }): k8s.ObjectMeta {
    return { name, namespace: this.namespaceName, labels };
  }

  private renderServiceAccount(): void {
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: this.metadata(this.shape.serviceAccountName, this.shape.labels) });
  }

  private renderRbac(): void {
    const { roleName, rbacLabels } = this.shape;
    new k8s.KubeRole(this, 'Role', {
      metadata: this.metadata(roleName, rbacLabels),
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: this.metadata(roleName, rbacLabels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: this.shape.serviceAccountName }],
    });
  }

  private renderDeployment(): void {
    const { shape, props: p } = this;
    const chart = this.layout === EastWestGatewayLayout.GATEWAY_CHART;
    new k8s.KubeDeployment(this, 'Deployment', {
      // The gateway chart puts the network label on the pod template and the Service, not on the Deployment.
      metadata: this.metadata(GATEWAY_NAME, shape.labels),
      spec: {
        replicas: p.replicas,
        // Immutable: anything but the chart's selector prevents adopting the installed gateway.
        selector: { matchLabels: shape.selector },
        strategy: shape.strategy,
        template: {
          metadata: {
            annotations: {
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
              'prometheus.io/path': '/stats/prometheus',
              'inject.istio.io/templates': 'gateway',
              'sidecar.istio.io/inject': 'true',
            },
            labels: shape.podLabels,
          },
          spec: {
            serviceAccountName: shape.serviceAccountName,
            securityContext: shape.podSecurityContext,
            containers: [this.proxyContainer()],
            volumes: shape.volumes.length > 0 ? shape.volumes : undefined,
            ...shape.placement,
            tolerations: p.tolerations.length > 0 ? p.tolerations : undefined,
            terminationGracePeriodSeconds: chart ? 30 : undefined,
          },
        },
      },
    });
  }

  /** The `istio-proxy` container the injection webhook completes ("auto": the injecting revision's proxy image). */
  private proxyContainer(): k8s.Container {
    const { shape } = this;
    return {
      name: 'istio-proxy',
      image: 'auto',
      // 15090 is Envoy's Prometheus port; the injected gateway template brings the readiness probe on 15021.
      ports: [
        ...shape.containerPorts.map(containerPort => ({ containerPort, protocol: 'TCP' })),
        { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
      ],
      env: [
        ...shape.env,
        // Traffic through this gateway is routed inside its own network.
        { name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: this.network },
      ],
      resources: containerResources(this.props.resources),
      securityContext: shape.containerSecurityContext,
      volumeMounts: shape.volumeMounts.length > 0 ? shape.volumeMounts : undefined,
    };
  }

  private renderService(): void {
    const p = this.props;
    const annotations = Object.keys(p.serviceAnnotations).length > 0 ? sortKeys(p.serviceAnnotations) : undefined;
    new k8s.KubeService(this, 'Service', {
      // The network label is how istiod recognises the network's gateway.
      metadata: { ...this.metadata(GATEWAY_NAME, this.shape.serviceLabels), annotations },
      spec: {
        type: this.serviceType,
        loadBalancerIp: p.loadBalancerIp,
        loadBalancerSourceRanges: p.loadBalancerSourceRanges,
        externalTrafficPolicy: p.externalTrafficPolicy,
        ports: [
          ...FIXED_PORTS.map(f => ({
            name: f.name, port: f.port, targetPort: k8s.IntOrString.fromNumber(f.port), protocol: 'TCP', nodePort: p.nodePorts[f.nodePortKey],
          })),
          ...p.additionalPorts.map(a => ({
            name: a.name, port: a.port, targetPort: k8s.IntOrString.fromNumber(a.targetPort ?? a.port), protocol: 'TCP',
          })),
        ],
        selector: this.shape.selector,
      },
    });
  }

  private renderAutoscaler(): void {
    const p = this.props;
    if (p.replicas !== undefined) { return; }
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
      metadata: this.metadata(GATEWAY_NAME, this.shape.labels),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: GATEWAY_NAME },
        minReplicas: p.minReplicas,
        maxReplicas: p.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });
  }

  /** The chart's PDB: from 1.28 both charts write it only when more than one pod is guaranteed (kubernetes/kubernetes#93476). */
  private renderDisruptionBudget(): void {
    const p = this.props;
    const minPods = p.replicas ?? p.minReplicas;
    const budget = p.podDisruptionBudget !== undefined
      ? (this.mesh._version.minor < 28 || minPods > 1 ? p.podDisruptionBudget : undefined)
      : this.shape.defaultDisruptionBudget(minPods);
    if (!budget) { return; }
    const count = (n: number | undefined) => (n === undefined ? undefined : k8s.IntOrString.fromNumber(n));
    new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: this.metadata(GATEWAY_NAME, this.shape.labels),
      spec: {
        selector: { matchLabels: this.shape.selector },
        minAvailable: count(budget.minAvailable),
        maxUnavailable: count((budget as EastWestGatewayDisruptionBudget).maxUnavailable),
      },
    });
  }

  /**
   * The ambient east-west gateway as `samples/multicluster/gen-eastwest-gateway.sh
   * --network <network> --ambient` writes it (1.27 and later; `v1beta1` up to
   * 1.28, `v1` from 1.29), with the Service settings Gateway API carries:
   * annotations in `spec.infrastructure.annotations` (the gateway controller
   * copies them to the generated Service) and the load-balancer IP in `spec.addresses`.
   */
  private renderAmbientGateway(): void {
    const p = this.props;
    const annotations = Object.keys(p.serviceAnnotations).length > 0 ? sortKeys(p.serviceAnnotations) : undefined;
    new ApiObject(this, 'Gateway', {
      apiVersion: this.mesh._version.minor >= 29 ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: this.namespaceName, labels: { [NETWORK_LABEL]: this.network } },
      spec: {
        gatewayClassName: AMBIENT_GATEWAY_CLASS,
        addresses: p.loadBalancerIp ? [{ type: 'IPAddress', value: p.loadBalancerIp }] : undefined,
        infrastructure: annotations ? { annotations } : undefined,
        listeners: [{
          name: 'mesh',
          port: HBONE_PORT,
          protocol: 'HBONE',
          // Terminate with ISTIO_MUTUAL: double HBONE (pilot/pkg/config/kube/gateway/testdata/east-west-ambient.yaml).
          tls: { mode: 'Terminate', options: { 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' } },
        }],
      },
    });
  }

  /** `samples/multicluster/expose-services.yaml`: services of this network reachable through port 15443. */
  private exposeServices(): void {
    new ApiObject(this, 'CrossNetworkGateway', {
      apiVersion: this.mesh._version.networkingApiVersion,
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: this.namespaceName },
      spec: {
        selector: { istio: ISTIO_LABEL },
        servers: [{
          port: { number: TLS_PORT, name: 'tls', protocol: 'TLS' },
          tls: { mode: 'AUTO_PASSTHROUGH' },
          hosts: ['*.local'],
        }],
      },
    });
  }

  /**
   * `samples/multicluster/expose-istiod.yaml` (or, with a revision,
   * `expose-istiod-rev.yaml.tmpl`): istiod reachable through the gateway for
   * the remotes of this primary.
   */
  private exposeIstiod(): void {
    if (this.istiodExposed) { return; }
    this.istiodExposed = true;
    const ns = this.namespaceName;
    const rev = this.mesh.revision;
    const istiod = rev ? `istiod-${rev}` : 'istiod';
    const host = `${istiod}.${ns}.svc.cluster.local`;
    const sniHosts = rev ? [`${istiod}.${ns}.svc`, host] : ['*'];
    new ApiObject(this, 'IstiodGateway', {
      apiVersion: this.mesh._version.networkingApiVersion,
      kind: 'Gateway',
      metadata: { name: 'istiod-gateway', namespace: ns },
      spec: {
        selector: { istio: ISTIO_LABEL },
        servers: [
          { port: { name: 'tls-istiod', number: 15012, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
          // The upstream samples name this port differently with and without a revision.
          { port: { name: 'tls-istiodwebhook', number: 15017, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
        ],
      },
    });
    new ApiObject(this, 'IstiodVirtualService', {
      apiVersion: this.mesh._version.networkingApiVersion,
      kind: 'VirtualService',
      metadata: { name: rev ? `istiod-vs-${rev}` : 'istiod-vs', namespace: ns },
      spec: {
        hosts: ['*'],
        gateways: ['istiod-gateway'],
        tls: [
          { match: [{ port: 15012, sniHosts }], route: [{ destination: { host, port: { number: 15012 } } }] },
          { match: [{ port: 15017, sniHosts }], route: [{ destination: { host, port: { number: 443 } } }] },
        ],
      },
    });
  }

  private validateGateway(): string[] {
    const remotes = this.mesh._remotesOf(this.meshCluster);
    if (remotes.length > 0 && this.serviceType === GatewayServiceType.NODE_PORT
      && (this.props.nodePorts.tlsIstiod !== 15012 || this.props.nodePorts.tlsWebhook !== 15017)) {
      return [`the east-west gateway of primary "${this.meshCluster.clusterName}" is a NodePort Service, but its remotes `
        + `(${remotes.map(r => r.clusterName).join(', ')}) dial istiod at global.remotePilotAddress on ports 15012 and 15017: `
        + 'use GatewayServiceType.LOAD_BALANCER, or set nodePorts.tlsIstiod to 15012 and nodePorts.tlsWebhook to 15017 '
        + '(the cluster\'s node-port range must allow them)'];
    }
    return [];
  }
}

/** Checks that the gateway's scope is a cluster of an Istio mesh; returns the mesh. */
function checkScope(where: string, cluster: MeshCluster): Mesh {
  if (!isMeshCluster(cluster)) {
    const given = cluster as unknown as { node?: { path?: string }; constructor?: { name?: string } } | undefined;
    fail(where, 'scope', given?.node?.path || given?.constructor?.name, 'must be a MeshCluster: an east-west gateway runs in one cluster of a mesh');
  }
  const mesh = cluster.mesh;
  if (!mesh || !isMesh(mesh)) {
    fail(where, 'scope', cluster.clusterName,
      'is a cluster outside any mesh: create it with new MeshCluster(scope, id, { mesh }) or call mesh.addCluster(cluster) before adding its east-west gateway');
  }
  if (mesh.provider !== MeshProvider.ISTIO) {
    fail(where, 'scope', cluster.clusterName,
      `is in mesh "${mesh.meshId}", whose provider is ${mesh.provider}: an EastWestGateway is an Istio network gateway (Linkerd uses its multicluster gateway)`);
  }
  return mesh;
}

/**
 * The `istio-proxy` resources in Kubernetes form (the checked `ComputeResources`,
 * quantities as given); the charts' default when none are given.
 */
function containerResources(r: ResourceValues | undefined): k8s.ResourceRequirements {
  if (!r) {
    return {
      limits: { cpu: k8s.Quantity.fromString('2000m'), memory: k8s.Quantity.fromString('1024Mi') },
      requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
    };
  }
  const list = (m: QuantityValues | undefined) => (m === undefined ? undefined
    : Object.fromEntries(Object.entries(m).map(([name, q]) => [name, k8s.Quantity.fromString(String(q))])));
  return { limits: list(r.limits), requests: list(r.requests) };
}
