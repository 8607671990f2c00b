/**
 * The topology of a `MeshApp` as data, and as a picture: Graphviz DOT and
 * Mermaid text (synchronous), and an SVG laid out by Graphviz (asynchronous:
 * Graphviz runs as WebAssembly, which loads asynchronously).
 */
import { toDot } from './_dot';
import { toMermaid } from './_mermaid';
import { buildGraph } from './_model';
import { CertificateState, CredentialState } from './graph-kinds';
import type { MeshApp } from '../core/mesh-app';

/** A certificate of a trust root, with its expiry. */
export interface GraphCertificate {
  /** The cluster of an intermediate CA or identity issuer. @default - none: the root */
  readonly cluster?: string;
  /** Its notAfter, ISO 8601. */
  readonly notAfter: string;
  /** What the synth does with it. */
  readonly state: CertificateState;
  /** Why it is generated or re-issued. @default - none: stored or imported */
  readonly reason?: string;
}

/** The trust root of a mesh. */
export interface GraphTrustRoot {
  /** Its directory in the key store. */
  readonly rootDirectory: string;
  /** The root certificate. */
  readonly root: GraphCertificate;
  /** One intermediate CA (Istio) or identity issuer (Linkerd) per cluster. */
  readonly intermediates: GraphCertificate[];
}

/** The full-mesh endpoint discovery of an Istio mesh, summarised (not one edge per ordered pair). */
export interface GraphEndpointDiscovery {
  /** The primaries whose istiod reads other clusters. */
  readonly readers: string[];
  /** The number of remote secrets (ordered consumer → read pairs). */
  readonly remoteSecrets: number;
  /** The number of those that are pending (no credential). */
  readonly pending: number;
  /** The number of those whose token expires within 30 days or has expired. */
  readonly expiring: number;
  /** The clusters read through at least one pending remote secret, sorted. */
  readonly pendingClusters: string[];
}

/** A network of a mesh and its clusters. */
export interface GraphNetwork {
  /** The network name. */
  readonly name: string;
  /** Its clusters, in declaration order. */
  readonly clusters: string[];
}

/** A mesh. */
export interface GraphMesh {
  /** The mesh ID. */
  readonly meshId: string;
  /** `istio` or `linkerd`. */
  readonly provider: string;
  /** Its networks. */
  readonly networks: GraphNetwork[];
  /** Its trust root. @default - none */
  readonly trustRoot?: GraphTrustRoot;
  /** Its full-mesh endpoint discovery. @default - none */
  readonly endpointDiscovery?: GraphEndpointDiscovery;
}

/** A cluster. */
export interface GraphCluster {
  /** The cluster name. */
  readonly name: string;
  /** Its mesh's ID. */
  readonly meshId: string;
  /** Its network. */
  readonly network: string;
  /** `primary` or `remote` (Istio); `primary` for a Linkerd cluster. */
  readonly role: string;
  /** The primary that manages it (a remote). @default - none */
  readonly primary?: string;
  /** The addresses of its east-west gateways (Istio) or multicluster gateway (Linkerd), as given. */
  readonly gatewayAddresses: string[];
  /** Whether it has an east-west gateway (even without a known address). */
  readonly hasGateway: boolean;
}

/** A consumer in one cluster reading another cluster's API server (`RemoteAccess`, other than endpoint discovery and links). */
export interface GraphRemoteAccess {
  /** The construct path of the `RemoteAccess`. */
  readonly path: string;
  /** The consumer kind (`kiali`, `argocd`, `custom`, …). */
  readonly consumer: string;
  /** The cluster the consumer runs in. */
  readonly consumerCluster: string;
  /** The cluster it reads. */
  readonly cluster: string;
  /** `cluster`, or the namespaces it reads (comma-separated). */
  readonly scope: string;
  /** The credential's state. */
  readonly credential: CredentialState;
  /** The token's expiry (ISO 8601), when it has one. @default - unknown */
  readonly credentialExpires?: string;
}

/** A Linkerd link: the source cluster mirrors the target's exported Services. */
export interface GraphServiceMirrorLink {
  /** The Link name. */
  readonly name: string;
  /** The mirroring cluster. */
  readonly source: string;
  /** The mirrored cluster. */
  readonly target: string;
  /** Who runs its controller: `chart`, `manifests`, or `legacy` (the `linkerd mc link` controller). */
  readonly controllerMode: string;
  /** Whether traffic goes through the target's gateway. */
  readonly useGateway: boolean;
  /** The gateway addresses the Link dials. */
  readonly gatewayAddresses: string[];
  /** The credential's state. */
  readonly credential: CredentialState;
}

/** Options of `MeshGraph.of`. */
export interface MeshGraphOptions {
  /**
   * The date tokens' expiry is evaluated at.
   *
   * @default - now
   */
  readonly at?: string;
  /**
   * Show expiry dates in the pictures (DOT, Mermaid, SVG). Turn it off for a
   * picture kept in documentation, which should not change with the day it is
   * drawn; the model's data keeps the dates.
   *
   * @default true
   */
  readonly showExpiry?: boolean;
}

/**
 * The topology of a `MeshApp`: meshes with their networks, trust root and
 * endpoint discovery, clusters with roles and gateways, remote access and
 * Linkerd links. Full-mesh endpoint discovery is one summary per mesh, so the
 * picture stays legible at 50 clusters.
 *
 * Building the graph validates the app and materializes the trust roots in
 * memory (as a synth does before writing); it writes nothing.
 *
 * ```ts
 * const graph = MeshGraph.of(app);
 * fs.writeFileSync('mesh.dot', graph.toDot());
 * fs.writeFileSync('mesh.svg', await graph.toSvg());
 * ```
 */
export class MeshGraph {
  /** The graph of `app` (validated first: an invalid app throws the error a synth would). */
  public static of(app: MeshApp, options: MeshGraphOptions = {}): MeshGraph {
    const at = options.at === undefined ? new Date() : new Date(options.at);
    if (isNaN(at.getTime())) {
      throw new Error(`MeshGraph.of: 'at' (${JSON.stringify(options.at)}) must be an ISO 8601 date, for example 2027-01-31`);
    }
    const m = buildGraph(app, at);
    return new MeshGraph(m.meshes, m.clusters, m.remoteAccesses, m.links, options.showExpiry ?? true);
  }

  /** The meshes. */
  public readonly meshes: GraphMesh[];
  /** The clusters. */
  public readonly clusters: GraphCluster[];
  /** Remote access other than endpoint discovery and Linkerd links. */
  public readonly remoteAccesses: GraphRemoteAccess[];
  /** Linkerd links. */
  public readonly links: GraphServiceMirrorLink[];

  private readonly showExpiry: boolean;

  private constructor(
    meshes: GraphMesh[], clusters: GraphCluster[], remoteAccesses: GraphRemoteAccess[], links: GraphServiceMirrorLink[], showExpiry: boolean,
  ) {
    this.showExpiry = showExpiry;
    this.meshes = meshes;
    this.clusters = clusters;
    this.remoteAccesses = remoteAccesses;
    this.links = links;
  }

  /** The graph as Graphviz DOT text. */
  public toDot(): string {
    return toDot(this, { showExpiry: this.showExpiry });
  }

  /** The graph as a Mermaid flowchart. */
  public toMermaid(): string {
    return toMermaid(this, { showExpiry: this.showExpiry });
  }

  /** The graph as SVG, laid out by Graphviz (`@viz-js/viz`). */
  public async toSvg(): Promise<string> {
    return renderSvg(this.toDot());
  }
}

/** Lays out DOT text with Graphviz (WebAssembly) into SVG. @internal */
export async function renderSvg(dot: string): Promise<string> {
  // @viz-js/viz ships ES-module types; its CommonJS build (viz.cjs) is what require() loads. The part used here:
  const lib: VizModule = require('@viz-js/viz'); // eslint-disable-line @typescript-eslint/no-require-imports
  const viz = await lib.instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success' || result.output === undefined) {
    throw new Error(`Graphviz could not lay out the mesh graph: ${result.errors.map(e => e.message).join('; ')}`);
  }
  return result.output;
}

/** The part of `@viz-js/viz` this module uses. */
interface VizModule {
  instance(): Promise<{
    render(dot: string, options: { format: string; engine: string }): { status: string; output?: string; errors: { message: string }[] };
  }>;
}
