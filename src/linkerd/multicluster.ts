import { Construct } from 'constructs';
import { checkControllerOptions, CheckedControllerOptions } from './_controller';
import { ServiceMirrorControllerOptions } from './controller-options';
import { isMesh, isMeshCluster } from '../core/_brands';
import { fail, isAddress, isIpAddress, isLabelKey, requireCidrs, requireOptionalBoolean, requirePort, requirePositiveInteger } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { ExternalTrafficPolicy, GatewayServiceType } from '../core/workload';

/** Props of `LinkerdMulticluster`. */
export interface LinkerdMulticlusterProps {
  /**
   * Install the multicluster gateway `linkerd-gateway` (`gateway.enabled`):
   * other clusters' links in gateway mode reach this cluster's exported
   * Services through it.
   *
   * @default - true when a `ServiceMirrorLink` that uses a gateway targets this
   * cluster, false otherwise (no internet-facing load balancer nobody dials)
   */
  readonly gatewayEnabled?: boolean;
  /**
   * The type of the `linkerd-gateway` Service (`gateway.serviceType`).
   *
   * @default GatewayServiceType.LOAD_BALANCER
   */
  readonly gatewayServiceType?: GatewayServiceType;
  /**
   * The addresses (IPs or DNS names) other clusters dial to reach the gateway:
   * the load balancer's address, or node addresses for a NodePort Service. Links
   * to this cluster use them as `gatewayAddress` unless they give their own.
   *
   * @default - unknown: every link in gateway mode to this cluster must give gatewayAddresses
   */
  readonly gatewayAddresses?: string[];
  /**
   * The gateway port (`gateway.port`, the Service port `mc-gateway`).
   *
   * @default 4143
   */
  readonly gatewayPort?: number;
  /**
   * The node port of `mc-gateway` (`gateway.nodePort`); required with
   * `GatewayServiceType.NODE_PORT`, as links dial it.
   *
   * @default - none (LoadBalancer)
   */
  readonly gatewayNodePort?: number;
  /**
   * The gateway's probe port (`gateway.probe.port`, the Service port `mc-probe`).
   *
   * @default 4191
   */
  readonly gatewayProbePort?: number;
  /**
   * The node port of `mc-probe` (`gateway.probe.nodePort`); required with
   * `GatewayServiceType.NODE_PORT`.
   *
   * @default - none (LoadBalancer)
   */
  readonly gatewayProbeNodePort?: number;
  /**
   * Seconds between the links' gateway probes (`gateway.probe.seconds`, the
   * Service annotation `mirror.linkerd.io/probe-period`); links to this cluster
   * use it as `probeSpec.period` unless they give their own.
   *
   * @default 3
   */
  readonly gatewayProbeSeconds?: number;
  /**
   * A fixed load balancer IP (`gateway.loadBalancerIP`).
   *
   * @default - assigned by the cloud provider
   */
  readonly gatewayLoadBalancerIp?: string;
  /**
   * The client CIDRs the gateway's load balancer admits
   * (`gateway.loadBalancerSourceRanges`): the source clusters' egress addresses.
   *
   * @default - any address (the gateway still admits meshed mTLS clients only)
   */
  readonly gatewayLoadBalancerSourceRanges?: string[];
  /**
   * Annotations of the `linkerd-gateway` Service (`gateway.serviceAnnotations`), such as a
   * cloud's load balancer settings. The chart's own (`mirror.linkerd.io/*`, `component`,
   * `linkerd.io/created-by`) cannot be replaced.
   *
   * @default - none
   */
  readonly gatewayServiceAnnotations?: { [key: string]: string };
  /**
   * The load balancer implementation of the `linkerd-gateway` Service (`gateway.loadBalancerClass`),
   * such as `service.k8s.aws/nlb`. LoadBalancer only.
   *
   * @default - the cluster's default load balancer
   */
  readonly gatewayLoadBalancerClass?: string;
  /**
   * Whether the `linkerd-gateway` Service keeps the client source IP
   * (`gateway.serviceExternalTrafficPolicy`): `LOCAL` sends traffic only to nodes that run the gateway.
   *
   * @default - Kubernetes' default (Cluster)
   */
  readonly gatewayExternalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Whether the chart renders its own remote-access ServiceAccount `linkerd-service-mirror-remote-access-default`,
   * with its ClusterRole(Binding) and never-expiring token Secret (`remoteMirrorServiceAccount`), which links made
   * with `linkerd mc link-gen` (or `link`) from other clusters read with. Set it to false once no such link is left
   * (docs/linkerd.md, Adoption): Helm then deletes that ServiceAccount and its token.
   *
   * @default - true (the chart's default: existing link-gen links keep working), unless a ServiceMirrorLink of
   * this app reads with that very name (then false: its RemoteAccess owns it)
   */
  readonly remoteMirrorServiceAccount?: boolean;
  /**
   * Whether the `linkerd-crds` chart installs the Gateway API CRDs (`installGatewayAPI`), written
   * explicitly in `linkerd-crds-values.yaml`. With true, `helm install` fails on a cluster that
   * already has them (installed by another tool); with false, install them first.
   *
   * @default - the chart's own default for the mesh's version: true before edge-25.9.4, false from
   * edge-25.9.4 (linkerd/linkerd2#14523)
   */
  readonly installGatewayApi?: boolean;
  /**
   * Settings every link controller in this cluster falls back to
   * (`controllerDefaults`), in chart and in manifests mode.
   *
   * @default - the chart's controllerDefaults
   */
  readonly controllerDefaults?: ServiceMirrorControllerOptions;
  /**
   * Let the link controllers create the namespaces of mirrored Services
   * (`enableNamespaceCreation`: the `-enable-namespace-creation` flag and a
   * `create` rule on namespaces in the shared ClusterRole). Off, a Service is
   * mirrored only into a namespace that already exists.
   *
   * @default false
   */
  readonly enableNamespaceCreation?: boolean;
}


/** The `linkerd-gateway` Service settings beyond type and ports, as chart values. @internal */
export interface GatewayServiceSettings {
  readonly serviceAnnotations?: { [key: string]: string };
  readonly loadBalancerClass?: string;
  readonly serviceExternalTrafficPolicy?: string;
}

/** The chart writes these on the gateway Service itself (gateway.yaml); a second key would make the YAML invalid. */
const CHART_GATEWAY_ANNOTATIONS = /^(mirror\.linkerd\.io\/|component$|linkerd\.io\/created-by$)/;

function checkGatewayService(where: string, props: LinkerdMulticlusterProps, nodePort: boolean): GatewayServiceSettings {
  const annotations = props.gatewayServiceAnnotations;
  if (annotations !== undefined) {
    if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) {
      fail(where, 'gatewayServiceAnnotations', annotations, 'must be a map of annotation keys to string values');
    }
    for (const [k, v] of Object.entries(annotations)) {
      if (!isLabelKey(k)) { fail(where, 'gatewayServiceAnnotations', k, 'has a key that is not a valid annotation key ([prefix/]name)'); }
      if (CHART_GATEWAY_ANNOTATIONS.test(k)) {
        fail(where, `gatewayServiceAnnotations.${k}`, v, 'is written by the linkerd-multicluster chart on linkerd-gateway itself: set it through the chart\'s own values (gateway probe, trust domain)');
      }
      if (typeof v !== 'string') { fail(where, `gatewayServiceAnnotations.${k}`, v, 'must be a string'); }
    }
  }
  const lbClass = props.gatewayLoadBalancerClass;
  if (lbClass !== undefined) {
    if (nodePort) { fail(where, 'gatewayLoadBalancerClass', lbClass, 'is only used with GatewayServiceType.LOAD_BALANCER'); }
    if (!isLabelKey(lbClass)) { fail(where, 'gatewayLoadBalancerClass', lbClass, 'must be a load balancer class such as "service.k8s.aws/nlb" ([prefix/]name)'); }
  }
  const policy = props.gatewayExternalTrafficPolicy;
  if (policy !== undefined && !Object.values(ExternalTrafficPolicy).includes(policy)) {
    fail(where, 'gatewayExternalTrafficPolicy', policy, `must be one of ${Object.values(ExternalTrafficPolicy).join(', ')} (ExternalTrafficPolicy)`);
  }
  return {
    serviceAnnotations: annotations === undefined ? undefined : Object.fromEntries(Object.keys(annotations).sort().map(k => [k, annotations[k]])),
    loadBalancerClass: lbClass,
    serviceExternalTrafficPolicy: policy,
  };
}

/** Checks a list of gateway addresses. @internal */
export function requireAddresses(where: string, prop: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(where, prop, value, 'must list at least one IP address or DNS name');
  }
  value.forEach((a, i) => {
    if (!isAddress(a)) {
      fail(where, `${prop}[${i}]`, a, 'must be an IP address or a DNS name (gatewayAddress is a comma-separated list the controller resolves)');
    }
  });
  return [...value];
}

/**
 * The settings of the `linkerd-multicluster` chart in one cluster of a Linkerd
 * mesh: the multicluster gateway, the link controllers' defaults, and
 * namespace creation. At most one per cluster; without it the defaults apply.
 * It emits nothing itself: the cluster's `install/linkerd-multicluster-values.yaml`
 * carries the settings, and links to this cluster take their gateway address,
 * ports and probe period from it.
 *
 * ```ts
 * new LinkerdMulticluster(east, 'Multicluster', { gatewayAddresses: ['203.0.113.10'] });
 * ```
 */
export class LinkerdMulticluster extends Construct {
  /** The cluster. */
  public readonly cluster: MeshCluster;
  /**
   * Whether the gateway is installed, as set.
   *
   * @default - decided by the links to the cluster
   */
  public readonly gatewayEnabled?: boolean;
  /** The type of the gateway Service. */
  public readonly gatewayServiceType: GatewayServiceType;
  /** The addresses other clusters dial (a copy); empty when unknown. */
  public readonly gatewayAddresses: string[];
  /** The gateway Service port `mc-gateway`. */
  public readonly gatewayPort: number;
  /** The gateway Service port `mc-probe`. */
  public readonly gatewayProbePort: number;
  /** Seconds between gateway probes. */
  public readonly gatewayProbeSeconds: number;
  /** Whether the controllers may create namespaces. */
  public readonly enableNamespaceCreation: boolean;

  /** @internal */
  public readonly _gatewayNodePort?: number;
  /** @internal */
  public readonly _gatewayProbeNodePort?: number;
  /** @internal */
  public readonly _gatewayLoadBalancerIp?: string;
  /** @internal */
  public readonly _gatewayLoadBalancerSourceRanges?: string[];
  /** @internal */
  public readonly _controllerDefaults: CheckedControllerOptions;
  /** @internal */
  public readonly _gatewayService: GatewayServiceSettings;
  /** Whether linkerd-crds installs the Gateway API CRDs (`installGatewayAPI`). */
  public readonly installGatewayApi: boolean;
  /**
   * The `remoteMirrorServiceAccount` value as set.
   *
   * @default - not set: see LinkerdMulticlusterProps
   */
  public readonly remoteMirrorServiceAccount?: boolean;

  constructor(cluster: MeshCluster, id: string, props: LinkerdMulticlusterProps = {}) {
    super(cluster, id);
    const where = this.node.path;
    const { mesh, controlPlane } = this.checkScope(cluster);
    this.cluster = cluster;

    // The gateway.
    this.gatewayEnabled = requireOptionalBoolean(where, 'gatewayEnabled', props.gatewayEnabled);
    this.gatewayServiceType = props.gatewayServiceType ?? GatewayServiceType.LOAD_BALANCER;
    if (!Object.values(GatewayServiceType).includes(this.gatewayServiceType)) {
      fail(where, 'gatewayServiceType', this.gatewayServiceType,
        `must be one of ${Object.values(GatewayServiceType).join(', ')} (GatewayServiceType): other clusters reach the gateway from outside`);
    }
    this.gatewayAddresses = props.gatewayAddresses === undefined ? [] : requireAddresses(where, 'gatewayAddresses', props.gatewayAddresses);
    this.gatewayPort = requirePort(where, 'gatewayPort', props.gatewayPort ?? 4143);
    this.gatewayProbePort = requirePort(where, 'gatewayProbePort', props.gatewayProbePort ?? 4191);
    const nodePort = this.gatewayServiceType === GatewayServiceType.NODE_PORT;
    this.checkNodePorts(props, nodePort);
    this._gatewayNodePort = props.gatewayNodePort;
    this._gatewayProbeNodePort = props.gatewayProbeNodePort;
    this.gatewayProbeSeconds = requirePositiveInteger(where, 'gatewayProbeSeconds', props.gatewayProbeSeconds ?? 3);
    this._gatewayLoadBalancerIp = this.checkLoadBalancerIp(props, nodePort);
    if (props.gatewayLoadBalancerSourceRanges !== undefined) {
      if (nodePort) {
        fail(where, 'gatewayLoadBalancerSourceRanges', props.gatewayLoadBalancerSourceRanges, 'is only used with GatewayServiceType.LOAD_BALANCER');
      }
      this._gatewayLoadBalancerSourceRanges = requireCidrs(where, 'gatewayLoadBalancerSourceRanges', props.gatewayLoadBalancerSourceRanges);
    }
    this._gatewayService = checkGatewayService(where, props, nodePort);

    // The extension and its controllers.
    this.installGatewayApi = requireOptionalBoolean(where, 'installGatewayApi', props.installGatewayApi) ?? mesh._linkerdVersion.chartInstallsGatewayApi;
    this.remoteMirrorServiceAccount = requireOptionalBoolean(where, 'remoteMirrorServiceAccount', props.remoteMirrorServiceAccount);
    this._controllerDefaults = checkControllerOptions(where, 'controllerDefaults', props.controllerDefaults, mesh._linkerdVersion);
    const rendered = controlPlane._manifestsLinks;
    if (props.controllerDefaults !== undefined && rendered.length > 0) {
      fail(where, 'controllerDefaults', props.controllerDefaults,
        `comes after ${rendered.join(', ')}, whose manifests-mode controller was rendered with the defaults known then: `
        + `create the LinkerdMulticluster of cluster "${cluster.clusterName}" before its ServiceMirrorLinks`);
    }
    this.enableNamespaceCreation = requireOptionalBoolean(where, 'enableNamespaceCreation', props.enableNamespaceCreation) ?? false;

    controlPlane._setSettings(this);
  }

  /** The scope: a cluster of a Linkerd mesh without LinkerdMulticluster settings yet; its mesh and control plane. */
  private checkScope(cluster: MeshCluster): { mesh: Mesh; controlPlane: NonNullable<MeshCluster['_linkerd']> } {
    const where = this.node.path;
    if (!isMeshCluster(cluster)) {
      const given = cluster as unknown as { node?: { path?: string }; constructor?: { name?: string } } | undefined;
      fail(where, 'scope', given?.node?.path || given?.constructor?.name, 'must be a MeshCluster of a Linkerd mesh');
    }
    const mesh = cluster.mesh;
    if (!mesh || !isMesh(mesh) || mesh.provider !== MeshProvider.LINKERD) {
      fail(where, 'scope', cluster.clusterName,
        `is ${mesh ? `in mesh "${mesh.meshId}", whose provider is ${mesh.provider}` : 'in no mesh'}: LinkerdMulticluster configures the Linkerd multicluster extension of a Linkerd mesh's cluster`);
    }
    const controlPlane = cluster._linkerd!;
    if (controlPlane._settings) {
      fail(where, 'scope', cluster.clusterName, `already has LinkerdMulticluster settings (${controlPlane._settings.node.path}): a cluster has one`);
    }
    return { mesh, controlPlane };
  }

  /** The gateway's node ports: required with a NodePort Service, refused without one. */
  private checkNodePorts(props: LinkerdMulticlusterProps, nodePort: boolean): void {
    const where = this.node.path;
    for (const [prop, v] of [['gatewayNodePort', props.gatewayNodePort], ['gatewayProbeNodePort', props.gatewayProbeNodePort]] as const) {
      if (v === undefined) {
        if (nodePort) {
          fail(where, prop, v, 'must be set with GatewayServiceType.NODE_PORT: links dial the node port, so it must be fixed and known');
        }
        continue;
      }
      if (!nodePort) {
        fail(where, prop, v, 'is only used with GatewayServiceType.NODE_PORT');
      }
      if (!Number.isInteger(v) || v < 30000 || v > 32767) {
        fail(where, prop, v, 'must be a node port, from 30000 to 32767 (the default service-node-port-range)');
      }
    }
  }

  /** The gateway's load-balancer IP: an IP address, with a LoadBalancer Service only. */
  private checkLoadBalancerIp(props: LinkerdMulticlusterProps, nodePort: boolean): string | undefined {
    const where = this.node.path;
    if (props.gatewayLoadBalancerIp !== undefined) {
      if (nodePort) {
        fail(where, 'gatewayLoadBalancerIp', props.gatewayLoadBalancerIp, 'is only used with GatewayServiceType.LOAD_BALANCER');
      }
      if (!isIpAddress(props.gatewayLoadBalancerIp)) {
        fail(where, 'gatewayLoadBalancerIp', props.gatewayLoadBalancerIp, 'must be an IP address');
      }
    }
    return props.gatewayLoadBalancerIp;
  }

  /** The port links dial: the node port of `mc-gateway` with a NodePort Service, else its port. */
  public get linkGatewayPort(): number {
    return this._gatewayNodePort ?? this.gatewayPort;
  }

  /** The probe port links dial: the node port of `mc-probe` with a NodePort Service, else its port. */
  public get linkProbePort(): number {
    return this._gatewayProbeNodePort ?? this.gatewayProbePort;
  }
}
