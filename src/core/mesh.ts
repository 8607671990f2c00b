import { App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { brandMesh, isMesh } from './_brands';
import { endpointDiscoveryFactory } from './_features';
import { DNS1123_LABEL_RULE, fail, invalid, isDns1123Label, requireDns1123Label, requireDomain, requireList } from './_validation';
import type { MeshCluster } from './mesh-cluster';
import { ControlPlaneRole, DataPlaneMode, MeshProvider } from './mesh-kinds';
import type { EndpointDiscovery, EndpointDiscoveryOptions } from '../access/endpoint-discovery';
import { IstioInstall, IstioInstallMethod } from '../istio/install';
import { IstioVersion, olderVersionWarning, ParsedIstioVersion, parseIstioVersion, sailServedRanges, sailServes, sailZtunnelServes } from '../istio/version';
import { LinkerdVersion, ParsedLinkerdVersion, parseLinkerdVersion } from '../linkerd/version';
import { addWarning } from '../output/_metadata';
import type { ITrustRoot } from '../pki/trust-root';

/** The first Istio minor release with ambient multicluster (multi-primary, different networks; alpha). */
const AMBIENT_MULTICLUSTER_MINOR = 27;

/** Props of a `Mesh`. */
export interface MeshProps {
  /**
   * The mesh ID (`global.meshID`): identical in every cluster of the mesh and
   * unique wherever meshes interact. A DNS-1123 label.
   *
   * @default - the construct id
   */
  readonly meshId?: string;
  /**
   * The service mesh. The other provider's settings are refused, not ignored:
   * `istioVersion`, `install`, `revision` and `istioNamespace` only with Istio;
   * `linkerdVersion`, `linkerdTrustDomain` and `linkerdClusterDomain` only with Linkerd.
   *
   * @default MeshProvider.ISTIO
   */
  readonly provider?: MeshProvider;
  /**
   * The Istio release every cluster runs.
   *
   * @default IstioVersion.DEFAULT (1.30.3)
   */
  readonly istioVersion?: IstioVersion;
  /**
   * How each cluster installs its Istio control plane.
   *
   * @default IstioInstall.sail()
   */
  readonly install?: IstioInstall;
  /**
   * The Istio control-plane revision (`revision`, `istio.io/rev`). A DNS-1123 label.
   *
   * @default - no revision: the default control plane
   */
  readonly revision?: string;
  /**
   * The namespace of the Istio control plane.
   *
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * How workloads join the data plane (Istio meshes only). `DataPlaneMode.AMBIENT`
   * needs Istio 1.27 or later (ambient multicluster is alpha there, istio.io
   * "Install ambient multi-primary on different networks") and primaries only:
   * that guide calls multi-primary the only supported ambient configuration.
   *
   * @default DataPlaneMode.SIDECAR
   */
  readonly dataPlaneMode?: DataPlaneMode;
  /**
   * Namespaces whose Services are global in ambient mode: reachable from every
   * cluster, added to `meshConfig.serviceScopeConfigs` beside the ambient
   * profile's entry for Services labelled `istio.io/global: "true"` (ambient meshes only).
   *
   * @default - only Services labelled `istio.io/global: "true"` are global
   */
  readonly globalNamespaces?: string[];
  /**
   * The Linkerd release every cluster runs (Linkerd meshes only).
   *
   * @default LinkerdVersion.DEFAULT (edge-26.8.3)
   */
  readonly linkerdVersion?: LinkerdVersion;
  /**
   * Linkerd's identity trust domain (`identityTrustDomain`), the same in every
   * cluster: workload and gateway identities end with it (Linkerd meshes only).
   *
   * @default 'cluster.local'
   */
  readonly linkerdTrustDomain?: string;
  /**
   * The Kubernetes DNS domain of the clusters (Linkerd's `clusterDomain`, and
   * each Link's `targetClusterDomain`), the same in every cluster (Linkerd meshes only).
   *
   * @default 'cluster.local'
   */
  readonly linkerdClusterDomain?: string;
}

/** A service mesh that clusters join. */
export interface IMesh extends IConstruct {
  /** The mesh ID. */
  readonly meshId: string;
  /** The service mesh. */
  readonly provider: MeshProvider;
  /** The clusters of the mesh, in the order they joined (a copy). */
  readonly clusters: MeshCluster[];
  /** Adds a cluster to the mesh. A cluster joins exactly one mesh. */
  addCluster(cluster: MeshCluster): void;
}

/**
 * A multi-cluster service mesh: its ID, provider, version and install method,
 * and the clusters that join it.
 *
 * `Mesh` emits nothing itself. It checks the clusters against each other when
 * the app synthesizes: unique cluster names, one mesh per cluster, every
 * remote's primary a primary of the same mesh, unique mesh IDs in the app,
 * and, on more than one network, an east-west gateway in every cluster.
 *
 * ```ts
 * const app = new MeshApp();
 * const mesh = new Mesh(app, 'mesh1');
 * const east = new MeshCluster(app, 'east', { mesh, network: 'east-net' });
 * const west = new MeshCluster(app, 'west', { mesh, network: 'west-net' });
 * new EastWestGateway(east, 'EastWestGateway');
 * new EastWestGateway(west, 'EastWestGateway');
 * app.synth();
 * ```
 */
export class Mesh extends Construct implements IMesh {
  /** True when `x` is a `Mesh`. */
  public static isMesh(x: unknown): x is Mesh {
    return isMesh(x);
  }

  /** The mesh ID. */
  public readonly meshId: string;
  /** The service mesh. */
  public readonly provider: MeshProvider;
  /** The Istio release every cluster runs. */
  public readonly istioVersion: IstioVersion;
  /** How each cluster installs its Istio control plane. */
  public readonly install: IstioInstall;
  /**
   * The Istio control-plane revision.
   *
   * @default - the default control plane
   */
  public readonly revision?: string;
  /** The namespace of the Istio control plane. */
  public readonly istioNamespace: string;
  /** How workloads join the data plane. */
  public readonly dataPlaneMode: DataPlaneMode;
  /** Namespaces whose Services are global (ambient meshes; empty otherwise). */
  public readonly globalNamespaces: string[];
  /** The Linkerd release every cluster runs (Linkerd meshes). */
  public readonly linkerdVersion: LinkerdVersion;
  /** Linkerd's identity trust domain (Linkerd meshes). */
  public readonly linkerdTrustDomain: string;
  /** The clusters' DNS domain (Linkerd meshes). */
  public readonly linkerdClusterDomain: string;

  /** @internal */
  public readonly _version: ParsedIstioVersion;
  /** @internal */
  public readonly _linkerdVersion: ParsedLinkerdVersion;

  private readonly _clusters: MeshCluster[] = [];
  private readonly _clusterHooks: ((cluster: MeshCluster) => void)[] = [];
  private _trustRoot?: ITrustRoot;

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    brandMesh(this);
    const where = this.node.path;

    this.meshId = props.meshId ?? id;
    if (!isDns1123Label(this.meshId)) {
      fail(where, props.meshId === undefined ? 'meshId (the construct id)' : 'meshId', this.meshId, `must be ${DNS1123_LABEL_RULE}`);
    }
    this.provider = props.provider ?? MeshProvider.ISTIO;
    if (!Object.values(MeshProvider).includes(this.provider)) {
      fail(where, 'provider', this.provider, `must be one of ${Object.values(MeshProvider).join(', ')}`);
    }
    // Settings of the other provider would be silently ignored: refuse them.
    const foreign: [string, unknown][] = this.provider === MeshProvider.ISTIO
      ? [['linkerdVersion', props.linkerdVersion?.version], ['linkerdTrustDomain', props.linkerdTrustDomain], ['linkerdClusterDomain', props.linkerdClusterDomain]]
      : [['istioVersion', props.istioVersion?.version], ['install', props.install?.method], ['revision', props.revision], ['istioNamespace', props.istioNamespace],
        ['dataPlaneMode', props.dataPlaneMode], ['globalNamespaces', props.globalNamespaces]];
    for (const [prop, value] of foreign) {
      if (value !== undefined) {
        fail(where, prop, value, `is a setting of the other provider: this mesh's provider is ${this.provider}, which does not read it; remove it`);
      }
    }
    this.istioVersion = props.istioVersion ?? IstioVersion.DEFAULT;
    this.install = props.install ?? IstioInstall.sail();
    const parsed = parseIstioVersion(this.istioVersion.version);
    if (typeof parsed === 'string') {
      fail(where, 'istioVersion', this.istioVersion.version, parsed);
    }
    this._version = parsed;
    if (this.provider === MeshProvider.ISTIO) {
      if (parsed.olderThanModelled) {
        addWarning(this, olderVersionWarning(parsed.version));
      }
      if (this.install.method === IstioInstallMethod.SAIL && !sailServes(parsed.version)) {
        fail(where, 'istioVersion', parsed.version,
          `is not served by the Sail Operator (IstioInstall.sail(), the default install): its CRD accepts ${sailServedRanges()}; `
          + 'pick one of those, or install with IstioInstall.helm() or IstioInstall.istioctl()');
      }
    }
    if (props.revision !== undefined) {
      requireDns1123Label(where, 'revision', props.revision);
    }
    this.revision = props.revision;
    this.istioNamespace = requireDns1123Label(where, 'istioNamespace', props.istioNamespace ?? 'istio-system');
    this.dataPlaneMode = props.dataPlaneMode ?? DataPlaneMode.SIDECAR;
    this.globalNamespaces = this.checkDataPlaneMode(where, props.globalNamespaces);
    this.linkerdVersion = props.linkerdVersion ?? LinkerdVersion.DEFAULT;
    const linkerd = parseLinkerdVersion(this.linkerdVersion?.version);
    if (typeof linkerd === 'string') {
      fail(where, 'linkerdVersion', this.linkerdVersion?.version, linkerd);
    }
    this._linkerdVersion = linkerd;
    this.linkerdTrustDomain = requireDomain(where, 'linkerdTrustDomain', props.linkerdTrustDomain ?? 'cluster.local');
    this.linkerdClusterDomain = requireDomain(where, 'linkerdClusterDomain', props.linkerdClusterDomain ?? 'cluster.local');

    this.node.addValidation({ validate: () => this.validateMesh() });
  }

  /** Checks the data-plane mode against the version; returns the checked global namespaces. */
  private checkDataPlaneMode(where: string, globalNamespaces: string[] | undefined): string[] {
    if (!Object.values(DataPlaneMode).includes(this.dataPlaneMode)) {
      fail(where, 'dataPlaneMode', this.dataPlaneMode, `must be one of ${Object.values(DataPlaneMode).join(', ')} (DataPlaneMode)`);
    }
    const ambient = this.dataPlaneMode === DataPlaneMode.AMBIENT;
    if (ambient && this._version.minor < AMBIENT_MULTICLUSTER_MINOR) {
      fail(where, 'istioVersion', this._version.version,
        `cannot run an ambient multicluster mesh (dataPlaneMode ambient): upstream supports ambient multi-primary on different networks from Istio 1.${AMBIENT_MULTICLUSTER_MINOR} `
        + '(alpha; istio.io "Install ambient multi-primary on different networks", and samples/multicluster/gen-eastwest-gateway.sh --ambient first ships in 1.27): '
        + `use 1.${AMBIENT_MULTICLUSTER_MINOR}.0 or later, or DataPlaneMode.SIDECAR`);
    }
    if (ambient && this.install.method === IstioInstallMethod.SAIL && !sailZtunnelServes(this._version.version)) {
      fail(where, 'istioVersion', this._version.version,
        'is not accepted by the Sail Operator ZTunnel CRD in this package (ambient with IstioInstall.sail() emits a ZTunnel resource): '
        + 'pick a released 1.27 to 1.30 version, or install with IstioInstall.helm() or IstioInstall.istioctl()');
    }
    if (globalNamespaces === undefined) { return []; }
    if (!ambient) {
      fail(where, 'globalNamespaces', globalNamespaces,
        'is an ambient setting (meshConfig.serviceScopeConfigs, read by ambient istiod only): set dataPlaneMode to DataPlaneMode.AMBIENT, or remove it');
    }
    const list = requireList(where, 'globalNamespaces', globalNamespaces, 'namespace names');
    list.forEach((ns, i) => requireDns1123Label(where, `globalNamespaces[${i}]`, ns));
    return [...new Set(list)].sort();
  }

  /** The clusters of the mesh, in the order they joined (a copy). */
  public get clusters(): MeshCluster[] {
    return [...this._clusters];
  }

  /**
   * The mesh's root of trust: set by `new TrustRoot(scope, id, { mesh })`.
   *
   * @default - none: the clusters' control planes make their own, unrelated CAs
   */
  public get trustRoot(): ITrustRoot | undefined {
    return this._trustRoot;
  }

  /** Called by `TrustRoot`, which checks that the mesh has none yet. @internal */
  public _setTrustRoot(trustRoot: ITrustRoot): void {
    this._trustRoot = trustRoot;
  }

  /**
   * Adds a cluster to the mesh. `new MeshCluster(scope, id, { mesh })` calls this
   * for you. A cluster joins exactly one mesh.
   */
  public addCluster(cluster: MeshCluster): void {
    if (this._clusters.includes(cluster)) {
      return;
    }
    if (cluster.mesh && cluster.mesh !== this) {
      throw new Error(invalid(cluster.node.path, 'mesh', this.meshId,
        `cannot be joined: cluster "${cluster.clusterName}" already belongs to mesh "${cluster.mesh.meshId}", and a cluster joins exactly one mesh`));
    }
    this._clusters.push(cluster);
    cluster._joinMesh(this);
    for (const hook of this._clusterHooks) {
      hook(cluster);
    }
  }

  /**
   * Calls `hook` for every cluster of the mesh: now for those that already
   * joined, and later for each one that joins. Constructs that emit something
   * per cluster (TrustRoot, endpoint discovery) use it.
   * @internal
   */
  public _forEachCluster(hook: (cluster: MeshCluster) => void): void {
    this._clusterHooks.push(hook);
    for (const c of [...this._clusters]) {
      hook(c);
    }
  }

  /**
   * Full-mesh endpoint discovery: every primary's istiod reads every other
   * cluster of the mesh (an `AccessConsumer.istio()` `RemoteAccess` per ordered
   * pair), for the clusters present now and those that join later. Call it
   * once; give a credential per cluster to build the remote secrets.
   */
  public enableEndpointDiscovery(options: EndpointDiscoveryOptions = {}): EndpointDiscovery {
    if (this.node.tryFindChild('EndpointDiscovery')) {
      fail(this.node.path, 'enableEndpointDiscovery()', this.meshId, 'was already called for this mesh: call it once, with every credential');
    }
    return endpointDiscoveryFactory()(this, options);
  }

  /** The clusters that are remotes of `primary` (a copy). @internal */
  public _remotesOf(primary: MeshCluster): MeshCluster[] {
    return this._clusters.filter(c => c.primary === primary);
  }

  /**
   * On several networks, clusters reach each other only through east-west
   * gateways: every cluster needs one for its network. One network needs none.
   */
  private validateNetworkGateways(): string[] {
    if (this.provider !== MeshProvider.ISTIO) { return []; }
    const networks = [...new Set(this._clusters.map(c => c.network))].sort();
    if (networks.length < 2) { return []; }
    return this._clusters
      .filter(c => !c._networkGateways.some(g => g.network === c.network))
      .map(c => `cluster "${c.clusterName}" (network "${c.network}") has no east-west gateway, but mesh "${this.meshId}" spans networks `
        + `${networks.join(', ')} and clusters on different networks reach each other only through east-west gateways: `
        + `add new EastWestGateway(<${c.clusterName} cluster>, 'EastWestGateway')`);
  }

  private validateMesh(): string[] {
    const errors: string[] = [];
    const seen = new Map<string, MeshCluster>();
    for (const c of this._clusters) {
      const other = seen.get(c.clusterName);
      if (other) {
        errors.push(`cluster name "${c.clusterName}" is used by both ${other.node.path} and ${c.node.path}: cluster names must be unique in a mesh`);
      }
      seen.set(c.clusterName, c);
      if (c.role === (ControlPlaneRole.REMOTE) && c.primary && !this._clusters.includes(c.primary as MeshCluster)) {
        const primaryMesh = (c.primary as MeshCluster).mesh;
        errors.push(`remote cluster "${c.clusterName}" names primary "${c.primary.clusterName}", which is ${primaryMesh ? `in mesh "${primaryMesh.meshId}"` : 'in no mesh'}: a remote's primary must be a primary of the same mesh ("${this.meshId}")`);
      }
    }
    errors.push(...this.validateNetworkGateways());
    if (this.dataPlaneMode === DataPlaneMode.AMBIENT) {
      for (const c of this._clusters.filter(x => x.role === ControlPlaneRole.REMOTE)) {
        errors.push(`cluster "${c.clusterName}" is a remote (role remote), but mesh "${this.meshId}" runs in ambient mode, where upstream supports only multi-primary `
          + '(istio.io "Install Multicluster" for ambient: "Primary remote configuration is not currently supported"): '
          + `give "${c.clusterName}" its own control plane (role primary), or use DataPlaneMode.SIDECAR`);
      }
    }
    if (this.provider === MeshProvider.LINKERD && this._clusters.length > 0 && !this._trustRoot) {
      errors.push(`Linkerd mesh "${this.meshId}" has no TrustRoot: linked Linkerd clusters must share one trust anchor, and each needs an identity issuer `
        + 'signed by it (the control-plane values use identity.externalCA with the linkerd-identity-issuer Secret): add new TrustRoot(<app>, \'TrustRoot\', { mesh })');
    }
    for (const other of App.of(this).node.findAll()) {
      if (other !== this && Mesh.isMesh(other) && other.meshId === this.meshId && other.node.path < this.node.path) {
        errors.push(`mesh ID "${this.meshId}" is also used by ${other.node.path}: mesh IDs must be unique wherever meshes interact`);
      }
    }
    return errors;
  }
}
