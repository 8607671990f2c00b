import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { brandMeshCluster, isMeshCluster } from './_brands';
import { fail, invalid, requireDns1123Label } from './_validation';
import { LabelSelectorConfig, RenderedLabelSelector, renderLabelSelector } from './label-selector';
import { IMesh, Mesh } from './mesh';
import { ControlPlaneRole, MeshProvider } from './mesh-kinds';
import { ApiServer, ApiServerEndpoint } from '../access/api-server';
import { IstioControlPlane } from '../istio/_control-plane';
import { LinkerdControlPlane } from '../linkerd/_control-plane';

/** Props of a `MeshCluster`. */
export interface MeshClusterProps {
  /**
   * The mesh the cluster joins. A cluster can also join with `mesh.addCluster()`.
   *
   * @default - the cluster joins no mesh until `mesh.addCluster()` is called
   */
  readonly mesh?: IMesh;
  /**
   * The cluster name (`global.multiCluster.clusterName`), unique in the mesh, and
   * the name of the cluster's output directory. A DNS-1123 label.
   *
   * @default - the construct id
   */
  readonly clusterName?: string;
  /**
   * The network the cluster's pods are on (`global.network` and the
   * `topology.istio.io/network` label). Clusters on the same network reach each
   * other's pods directly; others go through east-west gateways. A DNS-1123 label.
   *
   * @default - the cluster name: every cluster on its own network
   */
  readonly network?: string;
  /**
   * Whether the cluster runs its own control plane.
   *
   * @default ControlPlaneRole.PRIMARY
   */
  readonly role?: ControlPlaneRole;
  /**
   * The primary that manages this cluster. Required for, and only allowed with,
   * `ControlPlaneRole.REMOTE`.
   *
   * @default - none (a primary)
   */
  readonly primary?: IMeshCluster;
  /**
   * The namespaces istiod watches (`meshConfig.discoverySelectors`): a namespace
   * is included when it matches any selector.
   *
   * @default - all namespaces
   */
  readonly discoverySelectors?: LabelSelectorConfig[];
  /**
   * How other clusters reach this cluster's API server. Needed for remote-cluster
   * secrets (endpoint discovery, Kiali, Linkerd links, Argo CD).
   *
   * @default - unknown: no other cluster can be given credentials for this one
   */
  readonly apiServer?: ApiServer;
}

/** What a cluster knows of its east-west gateways. @internal */
export interface INetworkGateway extends IConstruct {
  /** The network the gateway serves. */
  readonly network: string;
  /** The address other networks dial, when known. */
  readonly address?: string;
  /**
   * The port to name in `global.meshNetworks` with `address`, when istiod
   * cannot discover the gateway itself (a NodePort Service).
   */
  readonly _meshNetworksPort?: number;
}

/** A cluster of a mesh. */
export interface IMeshCluster extends IConstruct {
  /** The cluster name. */
  readonly clusterName: string;
  /** The cluster's network. */
  readonly network: string;
  /** Whether the cluster runs its own control plane. */
  readonly role: ControlPlaneRole;
  /**
   * The primary that manages this cluster.
   *
   * @default - none (a primary)
   */
  readonly primary?: IMeshCluster;
  /**
   * The mesh the cluster belongs to.
   *
   * @default - none yet
   */
  readonly mesh?: IMesh;
  /**
   * How other clusters reach the API server.
   *
   * @default - unknown
   */
  readonly apiServerEndpoint?: ApiServerEndpoint;
}

/**
 * One Kubernetes cluster of a mesh: a cdk8s `Chart` whose objects are written to
 * `<outdir>/<clusterName>/`.
 *
 * When it joins an Istio mesh, the cluster gets its control-plane configuration:
 * the `istio-system` Namespace labelled with the network (and, on a remote,
 * annotated with its primary), and the Istio install in the mesh's install
 * method (Sail `Istio` resource, Helm values, or an IstioOperator file). In a
 * Linkerd mesh it gets the `linkerd` and `linkerd-multicluster` Namespaces, the
 * trust-anchor ConfigMap, and the Helm values of `linkerd-crds`,
 * `linkerd-control-plane` and `linkerd-multicluster`.
 */
export class MeshCluster extends Chart implements IMeshCluster {
  /** True when `x` is a `MeshCluster`. */
  public static isMeshCluster(x: unknown): x is MeshCluster {
    return isMeshCluster(x);
  }

  /** The cluster name, and the name of its output directory. */
  public readonly clusterName: string;
  /** The cluster's network. */
  public readonly network: string;
  /** Whether the cluster runs its own control plane. */
  public readonly role: ControlPlaneRole;
  /**
   * The primary that manages this cluster.
   *
   * @default - none (a primary)
   */
  public readonly primary?: IMeshCluster;
  /**
   * How other clusters reach the API server.
   *
   * @default - unknown
   */
  public readonly apiServerEndpoint?: ApiServerEndpoint;
  /** The discovery selectors, in their rendered form. @internal */
  public readonly _discoverySelectors: RenderedLabelSelector[];

  private _mesh?: Mesh;
  private _controlPlane?: IstioControlPlane;
  private _linkerdControlPlane?: LinkerdControlPlane;
  private readonly _gateways: INetworkGateway[] = [];

  private readonly _registries = new Map<string, unknown>();

  constructor(scope: Construct, id: string, props: MeshClusterProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    brandMeshCluster(this);
    const where = this.node.path;

    this.clusterName = requireDns1123Label(where, props.clusterName === undefined ? 'clusterName (the construct id)' : 'clusterName', props.clusterName ?? id);
    this.network = requireDns1123Label(where, 'network', props.network ?? this.clusterName);
    this.role = props.role ?? ControlPlaneRole.PRIMARY;
    if (!Object.values(ControlPlaneRole).includes(this.role)) {
      fail(where, 'role', this.role, `must be one of ${Object.values(ControlPlaneRole).join(', ')}`);
    }
    if (this.role === ControlPlaneRole.REMOTE) {
      if (!props.primary) {
        fail(where, 'primary', undefined, 'must name the primary cluster that manages this remote (role is ControlPlaneRole.REMOTE)');
      }
      if (props.primary === this) {
        fail(where, 'primary', props.primary.clusterName, 'must be another cluster: a remote cannot be its own primary');
      }
      if (props.primary.role !== ControlPlaneRole.PRIMARY) {
        fail(where, 'primary', props.primary.clusterName, 'must be a primary cluster, but it is itself a remote: chains of remotes are not supported');
      }
    } else if (props.primary) {
      fail(where, 'primary', props.primary.clusterName, 'is only allowed for a remote cluster (role ControlPlaneRole.REMOTE); a primary runs its own control plane');
    }
    this.primary = props.primary;
    this._discoverySelectors = (props.discoverySelectors ?? []).map((s, i) => renderLabelSelector(where, `discoverySelectors[${i}]`, s));
    this.apiServerEndpoint = props.apiServer?._resolve(where, 'apiServer');

    if (props.mesh) {
      props.mesh.addCluster(this);
    }
  }

  /**
   * The cluster's registry `name`, made by `create` on first use: state that a
   * feature keeps per cluster (the ServiceAccounts `RemoteAccess` already
   * created in it, ...), so that nothing is kept in module globals.
   * @internal
   */
  public _registry<T>(name: string, create: () => T): T {
    if (!this._registries.has(name)) {
      this._registries.set(name, create());
    }
    return this._registries.get(name) as T;
  }

  /**
   * The mesh the cluster belongs to.
   *
   * @default - none yet
   */
  public get mesh(): IMesh | undefined {
    return this._mesh;
  }

  /**
   * Called by `Mesh.addCluster()`: records the mesh and creates the
   * provider's control-plane configuration.
   * @internal
   */
  public _joinMesh(mesh: Mesh): void {
    if (this._mesh === mesh) { return; }
    if (this._mesh) {
      throw new Error(invalid(this.node.path, 'mesh', mesh.meshId,
        `cannot be joined: cluster "${this.clusterName}" already belongs to mesh "${this._mesh.meshId}", and a cluster joins exactly one mesh`));
    }
    this._mesh = mesh;
    if (mesh.provider === MeshProvider.ISTIO) {
      this._controlPlane = new IstioControlPlane(this, 'ControlPlane', { cluster: this, mesh });
    } else if (mesh.provider === MeshProvider.LINKERD) {
      this._linkerdControlPlane = new LinkerdControlPlane(this, 'ControlPlane', { cluster: this, mesh });
    }
  }

  /**
   * The address other clusters dial to reach this cluster's east-west gateway
   * (and, for remotes, its istiod): the `address` of its `EastWestGateway`.
   *
   * @default - unknown: the cluster has no gateway, or its address was not given
   */
  public get eastWestGatewayAddress(): string | undefined {
    return this._gateways.find(g => g.address !== undefined)?.address;
  }

  /**
   * The east-west gateways of this cluster (a copy).
   * @internal
   */
  public get _networkGateways(): INetworkGateway[] {
    return [...this._gateways];
  }

  /**
   * Called by `EastWestGateway`: records the gateway. A cluster has at most one
   * gateway per network.
   * @internal
   */
  public _addGateway(gateway: INetworkGateway): void {
    const same = this._gateways.find(g => g.network === gateway.network);
    if (same) {
      throw new Error(invalid(gateway.node.path, 'network', gateway.network,
        `already has an east-west gateway in cluster "${this.clusterName}" (${same.node.path}): a cluster has exactly one gateway per network`));
    }
    this._gateways.push(gateway);
  }

  /**
   * The Istio control-plane configuration of this cluster.
   *
   * @default - none until the cluster joins an Istio mesh
   * @internal
   */
  public get _istio(): IstioControlPlane | undefined {
    return this._controlPlane;
  }

  /**
   * The Linkerd configuration of this cluster.
   *
   * @default - none until the cluster joins a Linkerd mesh
   * @internal
   */
  public get _linkerd(): LinkerdControlPlane | undefined {
    return this._linkerdControlPlane;
  }
}
