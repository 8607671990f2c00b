import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NETWORK_LABEL } from './_constants';
import { isMesh, isMeshCluster } from '../core/_brands';
import {
  fail, isAddress, isCidr, isIpAddress, isLabelKey, isLabelValue, requireDns1123Label, requireList, requireMap, requirePort, requirePositiveInteger,
} from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { IMeshCluster, INetworkGateway, MeshCluster } from '../core/mesh-cluster';
import { MeshProvider, ControlPlaneRole } from '../core/mesh-kinds';

/** How the east-west gateway's Service is exposed to the other networks. */
export enum EastWestGatewayServiceType {
  /**
   * A cloud load balancer (`type: LoadBalancer`), the upstream default. istiod
   * finds the gateway's address itself, from the Service's load-balancer status.
   */
  LOAD_BALANCER = 'LoadBalancer',
  /**
   * Node ports (`type: NodePort`), for clusters without load balancers. istiod
   * cannot discover a NodePort gateway's address, so the gateway's `address` (a
   * node IP or DNS name) and `nodePorts.tls` are written into every primary's
   * `global.meshNetworks`.
   */
  NODE_PORT = 'NodePort',
}

/** Whether the gateway Service keeps the client source IP (`spec.externalTrafficPolicy`). */
export enum ExternalTrafficPolicy {
  /** Traffic may be forwarded to a gateway pod on another node (Kubernetes' default). */
  CLUSTER = 'Cluster',
  /** Traffic only goes to gateway pods on the node that received it; keeps the source IP. */
  LOCAL = 'Local',
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
   * `EastWestGatewayServiceType.NODE_PORT`: it is the port written into
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
   * @default EastWestGatewayServiceType.LOAD_BALANCER
   */
  readonly serviceType?: EastWestGatewayServiceType;
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
   * @default - requests of 100m CPU and 128Mi memory, no limits
   */
  readonly resources?: kplus.ContainerResources;
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
  readonly tolerations?: k8s.Toleration[];
}

/** The gateway's name, as `helm install istio-eastwestgateway istio/gateway --set name=istio-eastwestgateway` makes it. */
const GATEWAY_NAME = 'istio-eastwestgateway';
/** The `istio` selector label: the gateway name without `istio-` (the chart's `gateway.selectorLabels`). */
const ISTIO_LABEL = 'eastwestgateway';
/** The port istiod expects cross-network mTLS on (`DefaultNetworkGatewayPort`). */
const TLS_PORT = 15443;

/** The Service ports of a network gateway, fixed by the chart when `networkGateway` is set. */
const FIXED_PORTS: { name: string; port: number; nodePortKey: keyof EastWestGatewayNodePorts; what: string }[] = [
  { name: 'status-port', port: 15021, nodePortKey: 'statusPort', what: 'the readiness port' },
  { name: 'tls', port: TLS_PORT, nodePortKey: 'tls', what: 'the cross-network mTLS port' },
  { name: 'tls-istiod', port: 15012, nodePortKey: 'tlsIstiod', what: "istiod's discovery port" },
  { name: 'tls-webhook', port: 15017, nodePortKey: 'tlsWebhook', what: "istiod's webhook port" },
];

/**
 * The Istio east-west (network) gateway of a cluster, with the configuration
 * that exposes the cluster's services to the other networks.
 *
 * It emits, in the mesh's Istio namespace, what
 * `helm install istio-eastwestgateway istio/gateway --set name=istio-eastwestgateway --set networkGateway=<network>`
 * renders, with the same names and selector labels (so a gateway installed with
 * Helm is adopted, not duplicated): ServiceAccount, Role and RoleBinding
 * (secrets get/watch/list), a Deployment using gateway injection, the Service
 * labelled `topology.istio.io/network` (how istiod finds the network's gateway)
 * with ports 15021, 15443, 15012 and 15017, a HorizontalPodAutoscaler (or fixed
 * replicas), and a PodDisruptionBudget when more than one pod is possible.
 *
 * Beside it: the `cross-network-gateway` Gateway (`expose-services.yaml`:
 * port 15443, `AUTO_PASSTHROUGH`, hosts `*.local`) and, on a primary that
 * manages remotes, the `istiod-gateway` Gateway and `istiod-vs` VirtualService
 * (`expose-istiod.yaml`) through which remotes reach istiod.
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
  public readonly serviceType: EastWestGatewayServiceType;
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
  private readonly nodePorts: EastWestGatewayNodePorts;
  private istiodExposed = false;

  constructor(cluster: MeshCluster, id: string, props: EastWestGatewayProps = {}) {
    super(cluster, id);
    const where = this.node.path;

    if (!isMeshCluster(cluster)) {
      fail(where, 'scope', (cluster as any)?.node?.path || (cluster as any)?.constructor?.name, 'must be a MeshCluster: an east-west gateway runs in one cluster of a mesh');
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
    this.mesh = mesh;
    this.meshCluster = cluster;
    this.cluster = cluster;
    this.network = cluster.network;
    this.namespaceName = mesh.istioNamespace;

    // --- props ---
    this.serviceType = props.serviceType ?? EastWestGatewayServiceType.LOAD_BALANCER;
    if (!Object.values(EastWestGatewayServiceType).includes(this.serviceType)) {
      fail(where, 'serviceType', this.serviceType,
        `must be one of ${Object.values(EastWestGatewayServiceType).join(', ')} (EastWestGatewayServiceType): other networks reach the gateway from outside the cluster`);
    }
    const loadBalancer = this.serviceType === EastWestGatewayServiceType.LOAD_BALANCER;
    if (props.loadBalancerIp !== undefined) {
      if (!loadBalancer) {
        fail(where, 'loadBalancerIp', props.loadBalancerIp, 'is only used with EastWestGatewayServiceType.LOAD_BALANCER');
      }
      if (!isIpAddress(props.loadBalancerIp)) {
        fail(where, 'loadBalancerIp', props.loadBalancerIp, 'must be an IPv4 or IPv6 address');
      }
    }
    if (props.loadBalancerSourceRanges !== undefined) {
      if (!loadBalancer) {
        fail(where, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, 'is only used with EastWestGatewayServiceType.LOAD_BALANCER');
      }
      requireList(where, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, 'CIDR ranges').forEach((r, i) => {
        if (!isCidr(r)) {
          fail(where, `loadBalancerSourceRanges[${i}]`, r, 'must be a CIDR range such as 203.0.113.0/24 or 2001:db8::/32');
        }
      });
    }
    if (props.externalTrafficPolicy !== undefined && !Object.values(ExternalTrafficPolicy).includes(props.externalTrafficPolicy)) {
      fail(where, 'externalTrafficPolicy', props.externalTrafficPolicy, `must be one of ${Object.values(ExternalTrafficPolicy).join(', ')} (ExternalTrafficPolicy)`);
    }
    for (const [key, value] of Object.entries(requireMap(where, 'serviceAnnotations', props.serviceAnnotations, 'annotation names to values'))) {
      if (!isLabelKey(key)) {
        fail(where, 'serviceAnnotations', key, 'must have keys that are valid annotation names ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
      }
      if (typeof value !== 'string') {
        fail(where, `serviceAnnotations.${key}`, value, 'must be a string');
      }
    }

    this.address = props.address ?? props.loadBalancerIp;
    if (props.address !== undefined && !isAddress(props.address)) {
      fail(where, 'address', props.address,
        'must be an IP address (IPv4 or IPv6) or a DNS name (a lowercase DNS-1123 subdomain such as eastwest.example.com), without scheme or port');
    }

    this.nodePorts = requireMap(where, 'nodePorts', props.nodePorts as { [key: string]: number } | undefined, 'port names to node ports') as EastWestGatewayNodePorts;
    const seenNodePorts = new Map<number, string>();
    for (const p of FIXED_PORTS) {
      const n = this.nodePorts[p.nodePortKey];
      if (n === undefined) { continue; }
      const prop = `nodePorts.${p.nodePortKey}`;
      requirePort(where, prop, n);
      const other = seenNodePorts.get(n);
      if (other) {
        fail(where, prop, n, `is also ${other}: node ports must be distinct`);
      }
      seenNodePorts.set(n, prop);
    }
    if (this.serviceType === EastWestGatewayServiceType.NODE_PORT) {
      if (this.nodePorts.tls === undefined) {
        fail(where, 'nodePorts.tls', undefined,
          'must be set with EastWestGatewayServiceType.NODE_PORT: istiod cannot discover a NodePort gateway, so global.meshNetworks names it by address and this node port');
      }
      if (this.address === undefined) {
        fail(where, 'address', undefined,
          'must be set with EastWestGatewayServiceType.NODE_PORT: istiod cannot discover a NodePort gateway, so global.meshNetworks names it by this address (a node IP or DNS name) and nodePorts.tls');
      }
      this._meshNetworksPort = this.nodePorts.tls;
    }

    const additionalPorts = requireList(where, 'additionalPorts', props.additionalPorts, 'ports ({ name, port })');
    const portNames = new Set(FIXED_PORTS.map(p => p.name));
    additionalPorts.forEach((p, i) => {
      const prop = `additionalPorts[${i}]`;
      requireDns1123Label(where, `${prop}.name`, p?.name);
      if (portNames.has(p.name)) {
        fail(where, `${prop}.name`, p.name, 'is already a port name of the gateway Service: port names must be unique');
      }
      portNames.add(p.name);
      requirePort(where, `${prop}.port`, p.port);
      const fixed = FIXED_PORTS.find(f => f.port === p.port);
      if (fixed) {
        fail(where, `${prop}.port`, p.port, `clashes with the gateway's port "${fixed.name}" (${fixed.port}, ${fixed.what}): pick another port`);
      }
      const clash = additionalPorts.slice(0, i).find(q => q.port === p.port);
      if (clash) {
        fail(where, `${prop}.port`, p.port, `is also the port of "${clash.name}": ports must be distinct`);
      }
      if (p.targetPort !== undefined) {
        requirePort(where, `${prop}.targetPort`, p.targetPort);
      }
    });

    if (props.replicas !== undefined) {
      if (props.minReplicas !== undefined || props.maxReplicas !== undefined) {
        fail(where, 'replicas', props.replicas,
          'cannot be combined with minReplicas/maxReplicas: give a fixed number of replicas, or autoscaling bounds');
      }
      requirePositiveInteger(where, 'replicas', props.replicas);
    }
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? 5;
    if (props.minReplicas !== undefined) { requirePositiveInteger(where, 'minReplicas', props.minReplicas); }
    if (props.maxReplicas !== undefined) { requirePositiveInteger(where, 'maxReplicas', props.maxReplicas); }
    if (minReplicas > maxReplicas) {
      fail(where, 'minReplicas', minReplicas, `must not be greater than maxReplicas (${maxReplicas})`);
    }

    requireList(where, 'tolerations', props.tolerations, 'tolerations');
    for (const [key, value] of Object.entries(requireMap(where, 'nodeSelector', props.nodeSelector, 'node label names to values'))) {
      if (!isLabelKey(key)) {
        fail(where, 'nodeSelector', key, 'must have keys that are valid label names ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
      }
      if (!isLabelValue(value)) {
        fail(where, `nodeSelector.${key}`, value, 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)');
      }
    }

    // Registers the gateway; throws when the cluster already has one for this network.
    cluster._addGateway(this);

    // --- objects ---
    const labels = this.gatewayLabels();
    const selector = { app: GATEWAY_NAME, istio: ISTIO_LABEL };
    const ns = this.namespaceName;
    const revision = mesh.revision;

    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: GATEWAY_NAME, namespace: ns, labels },
      // cdk8s-plus defaults to false; the chart leaves the Kubernetes default (true).
      automountToken: true,
    });

    new k8s.KubeRole(this, 'Role', {
      metadata: { name: GATEWAY_NAME, namespace: ns, labels },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: GATEWAY_NAME, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: GATEWAY_NAME },
      subjects: [{ kind: 'ServiceAccount', name: GATEWAY_NAME }],
    });

    const minor = mesh._version.minor;
    const deployment = new kplus.Deployment(this, 'Deployment', {
      // The chart puts the network label on the pod template and the Service, not on the Deployment.
      metadata: { name: GATEWAY_NAME, namespace: ns, labels },
      // The chart's selector is exactly {app, istio}; a Deployment's selector is
      // immutable, so anything else would prevent adopting a Helm-installed gateway.
      select: false,
      replicas: props.replicas,
      podMetadata: {
        annotations: {
          'prometheus.io/port': '15020',
          'prometheus.io/scrape': 'true',
          'prometheus.io/path': '/stats/prometheus',
          'inject.istio.io/templates': 'gateway',
          'sidecar.istio.io/inject': 'true',
        },
        labels: {
          'sidecar.istio.io/inject': 'true',
          ...(revision ? { 'istio.io/rev': revision } : {}),
          ...this.podLabels(),
          // The chart labels the pods with their network from 1.26 (templates/deployment.yaml).
          ...(minor >= 26 ? { [NETWORK_LABEL]: this.network } : {}),
        },
      },
      serviceAccount,
      // cdk8s-plus defaults to false; istio-proxy needs the API token (as with the chart, which leaves the default true).
      automountServiceAccountToken: true,
      securityContext: {
        // The chart's pod security context: only this sysctl (binding ports < 1024
        // without privileges). runAsNonRoot and fsGroupChangePolicy, which cdk8s-plus
        // adds here, are removed below; the container carries runAsNonRoot.
        sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
      },
      containers: [{
        name: 'istio-proxy',
        // "auto": the injection webhook fills in the proxy image of the injecting revision.
        image: 'auto',
        // `ports`, not `portNumber`: cdk8s-plus adds a TCP startup probe on `portNumber`,
        // and 15090 (Envoy's Prometheus port) says nothing about readiness; the injected
        // gateway template brings its own readiness probe on 15021.
        ports: [{ number: 15090, protocol: kplus.Protocol.TCP, name: 'http-envoy-prom' }],
        envVariables: {
          // Traffic through this gateway is routed inside its own network.
          ISTIO_META_REQUESTED_NETWORK_VIEW: kplus.EnvValue.fromValue(this.network),
        },
        // cdk8s-plus defaults to requests 1000m/512Mi and limits 1500m/2048Mi; the chart
        // requests 100m/128Mi. No limits unless given: a CPU limit throttles Envoy.
        resources: props.resources ?? {
          cpu: { request: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(128) },
        },
        // The chart's container security context (non-OpenShift); 1.30 dropped the fixed
        // UID/GID 1337 (on OpenShift it overrides the namespace's UID range).
        securityContext: {
          ensureNonRoot: true,
          ...(minor < 30 ? { user: 1337, group: 1337 } : {}),
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] },
        },
      }],
    });
    const deploymentObject = ApiObject.of(deployment);
    deploymentObject.addJsonPatch(
      // cdk8s-plus labels every pod template with its construct address, even with
      // `select: false`: it is not the chart's, and would change on every construct move.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      // cdk8s-plus always sets imagePullPolicy (Always by default); the injector decides it
      // together with the image it writes over "auto".
      JsonPatch.remove('/spec/template/spec/containers/0/imagePullPolicy'),
      JsonPatch.remove('/spec/template/spec/securityContext/runAsNonRoot'),
      JsonPatch.remove('/spec/template/spec/securityContext/fsGroupChangePolicy'),
    );
    deployment.select(kplus.LabelSelector.of({ labels: selector }));
    if (props.nodeSelector && Object.keys(props.nodeSelector).length > 0) {
      deploymentObject.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', sortKeys(props.nodeSelector)));
    }
    if (props.tolerations && props.tolerations.length > 0) {
      deploymentObject.addJsonPatch(JsonPatch.add('/spec/template/spec/tolerations', props.tolerations.map(t => ({ ...t }))));
    }

    new k8s.KubeService(this, 'Service', {
      metadata: {
        name: GATEWAY_NAME,
        namespace: ns,
        // The network label is how istiod recognises the network's gateway.
        labels: { ...labels, [NETWORK_LABEL]: this.network },
        annotations: props.serviceAnnotations && Object.keys(props.serviceAnnotations).length > 0 ? sortKeys(props.serviceAnnotations) : undefined,
      },
      spec: {
        type: this.serviceType,
        loadBalancerIp: props.loadBalancerIp,
        loadBalancerSourceRanges: props.loadBalancerSourceRanges,
        externalTrafficPolicy: props.externalTrafficPolicy,
        ports: [
          ...FIXED_PORTS.map(p => ({
            name: p.name,
            port: p.port,
            targetPort: k8s.IntOrString.fromNumber(p.port),
            protocol: 'TCP',
            nodePort: this.nodePorts[p.nodePortKey],
          })),
          ...additionalPorts.map(p => ({
            name: p.name,
            port: p.port,
            targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
            protocol: 'TCP',
          })),
        ],
        selector,
      },
    });

    if (props.replicas === undefined) {
      deployment.markHasAutoscaler();
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
        metadata: { name: GATEWAY_NAME, namespace: ns, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: GATEWAY_NAME },
          minReplicas,
          maxReplicas,
          metrics: [{
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          }],
        },
      });
    }

    if ((props.replicas ?? maxReplicas) > 1) {
      new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: { name: GATEWAY_NAME, namespace: ns, labels },
        spec: {
          selector: { matchLabels: selector },
          // maxUnavailable, not minAvailable: 1 — with one running pod, minAvailable: 1
          // would block every node drain.
          maxUnavailable: k8s.IntOrString.fromNumber(1),
        },
      });
    }

    this.exposeServices();
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

  /**
   * The labels the chart puts on every object (`gateway.labels`): its default
   * `labels`, `app.kubernetes.io/name`, and `app.kubernetes.io/part-of` from 1.24.
   */
  private gatewayLabels(): { [key: string]: string } {
    const minor = this.mesh._version.minor;
    return {
      'app': GATEWAY_NAME,
      'istio': ISTIO_LABEL,
      // The chart's default `labels` from Istio 1.25 (values.yaml): keep the gateway out of ambient capture.
      ...(minor >= 25 ? { 'istio.io/dataplane-mode': 'none' } : {}),
      'app.kubernetes.io/name': GATEWAY_NAME,
      ...(minor >= 24 ? { 'app.kubernetes.io/part-of': 'istio' } : {}),
    };
  }

  /** The chart's pod labels (`gateway.podLabels`): as above, without app.kubernetes.io/name before 1.23. */
  private podLabels(): { [key: string]: string } {
    const labels = this.gatewayLabels();
    if (this.mesh._version.minor < 23) { delete labels['app.kubernetes.io/name']; }
    return labels;
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
    if (remotes.length > 0 && this.serviceType === EastWestGatewayServiceType.NODE_PORT
      && (this.nodePorts.tlsIstiod !== 15012 || this.nodePorts.tlsWebhook !== 15017)) {
      return [`the east-west gateway of primary "${this.meshCluster.clusterName}" is a NodePort Service, but its remotes `
        + `(${remotes.map(r => r.clusterName).join(', ')}) dial istiod at global.remotePilotAddress on ports 15012 and 15017: `
        + 'use EastWestGatewayServiceType.LOAD_BALANCER, or set nodePorts.tlsIstiod to 15012 and nodePorts.tlsWebhook to 15017 '
        + '(the cluster\'s node-port range must allow them)'];
    }
    return [];
  }
}

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
}
