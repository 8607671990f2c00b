/**
 * Reads a `MeshApp`'s construct tree into the graph's data: meshes, networks,
 * trust roots (materialized in memory), clusters, remote access and links.
 */
import type { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CertificateState, CredentialState } from './graph-kinds';
import type {
  GraphCertificate, GraphCluster, GraphMesh, GraphNetwork, GraphRemoteAccess, GraphServiceMirrorLink, GraphTrustRoot,
} from './mesh-graph';
import { AccessScopeKind } from '../access/access-scope';
import { EndpointDiscovery } from '../access/endpoint-discovery';
import { RemoteAccess } from '../access/remote-access';
import { isMesh } from '../core/_brands';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { ServiceMirrorLink } from '../linkerd/service-mirror-link';
import { validateApp } from '../output/_writer';
import { TrustRoot } from '../pki/trust-root';

/** Tokens that expire within this many days are `expiring` (as synth warns and check reports). */
const EXPIRING_DAYS = 30;
const DAY_MS = 86_400_000;

/** The graph's data. */
export interface GraphModel {
  readonly meshes: GraphMesh[];
  readonly clusters: GraphCluster[];
  readonly remoteAccesses: GraphRemoteAccess[];
  readonly links: GraphServiceMirrorLink[];
}

/** The credential state of a `RemoteAccess` at `at`. */
export function credentialState(a: RemoteAccess, at: Date): CredentialState {
  if (a.pending) { return CredentialState.PENDING; }
  const exp = a._credentialExpiresAt;
  if (exp === undefined) { return CredentialState.PRESENT; }
  if (exp <= at.getTime()) { return CredentialState.EXPIRED; }
  return exp - at.getTime() < EXPIRING_DAYS * DAY_MS ? CredentialState.EXPIRING : CredentialState.PRESENT;
}

function certificate(c: { cluster?: string; notAfter: string; state: string; reason?: string }): GraphCertificate {
  const state = c.state as CertificateState;
  return {
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    notAfter: c.notAfter,
    state,
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
  };
}

function trustRootOf(roots: TrustRoot[], mesh: Mesh): GraphTrustRoot | undefined {
  const root = roots.find(r => r.mesh === mesh);
  if (!root) { return undefined; }
  const issuance = root._issuance();
  return { rootDirectory: issuance.rootDirectory, root: certificate(issuance.root), intermediates: issuance.intermediates.map(certificate) };
}

function gatewayAddresses(cluster: MeshCluster): string[] {
  const istio = cluster._networkGateways.map(g => g.address).filter((a): a is string => a !== undefined);
  const linkerd = cluster._linkerd?._settings?.gatewayAddresses ?? [];
  return [...new Set([...istio, ...linkerd])];
}

function networksOf(clusters: MeshCluster[]): GraphNetwork[] {
  const byNetwork = new Map<string, string[]>();
  for (const c of clusters) {
    byNetwork.set(c.network, [...(byNetwork.get(c.network) ?? []), c.clusterName]);
  }
  return [...byNetwork.entries()].map(([name, names]) => ({ name, clusters: names }));
}

/** Reads the graph of `app` (validated first, as a synth does). */
export function buildGraph(app: App, at: Date): GraphModel {
  const constructs: IConstruct[] = app.node.findAll();
  validateApp(app, constructs);
  const meshes = constructs.filter(isMesh) as Mesh[];
  const roots = constructs.filter(c => TrustRoot.isTrustRoot(c)) as TrustRoot[];
  const discoveries = constructs.filter(c => c instanceof EndpointDiscovery) as EndpointDiscovery[];
  const links = constructs.filter(c => c instanceof ServiceMirrorLink) as ServiceMirrorLink[];
  const summarised = new Set<RemoteAccess>([...discoveries.flatMap(d => d.accesses), ...links.map(l => l.remoteAccess)]);

  const graphMeshes: GraphMesh[] = meshes.map(mesh => {
    const discovery = discoveries.find(d => d.mesh === mesh);
    const accesses = discovery?.accesses ?? [];
    const states = accesses.map(a => credentialState(a, at));
    return {
      meshId: mesh.meshId,
      provider: mesh.provider,
      networks: networksOf(mesh.clusters),
      ...(() => { const t = trustRootOf(roots, mesh); return t ? { trustRoot: t } : {}; })(),
      ...(discovery ? {
        endpointDiscovery: {
          readers: [...new Set(accesses.map(a => a.consumerCluster.clusterName))],
          remoteSecrets: accesses.length,
          pending: states.filter(s => s === CredentialState.PENDING).length,
          expiring: states.filter(s => s === CredentialState.EXPIRING || s === CredentialState.EXPIRED).length,
          pendingClusters: [...new Set(accesses.filter(a => a.pending).map(a => a.cluster.clusterName))].sort(),
        },
      } : {}),
    };
  });

  const clusters: GraphCluster[] = meshes.flatMap(mesh => mesh.clusters.map(c => ({
    name: c.clusterName,
    meshId: mesh.meshId,
    network: c.network,
    role: mesh.provider === MeshProvider.ISTIO ? c.role : 'primary',
    ...(c.primary ? { primary: c.primary.clusterName } : {}),
    gatewayAddresses: gatewayAddresses(c),
    hasGateway: c._networkGateways.length > 0 || (c._linkerd?._settings !== undefined && c._linkerd._settings.gatewayEnabled !== false),
  })));

  const remoteAccesses: GraphRemoteAccess[] = (constructs.filter(c => c instanceof RemoteAccess) as RemoteAccess[])
    .filter(a => !summarised.has(a))
    .map(a => {
      const exp = a._credentialExpiresAt;
      return {
        path: a.node.path,
        consumer: a.consumer.kind,
        consumerCluster: a.consumerCluster.clusterName,
        cluster: a.cluster.clusterName,
        scope: a.namespaces.length === 0 ? AccessScopeKind.CLUSTER : a.namespaces.join(','),
        credential: credentialState(a, at),
        ...(exp !== undefined ? { credentialExpires: new Date(exp).toISOString() } : {}),
      };
    });

  const graphLinks: GraphServiceMirrorLink[] = links.map(l => ({
    name: l.linkName,
    source: l.source.clusterName,
    target: l.target.clusterName,
    controllerMode: l.controllerMode ?? 'legacy',
    useGateway: l.useGateway,
    gatewayAddresses: l.useGateway ? l.gatewayAddresses() : [],
    credential: credentialState(l.remoteAccess, at),
  }));

  return { meshes: graphMeshes, clusters, remoteAccesses, links: graphLinks };
}
