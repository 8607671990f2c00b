/**
 * What the DOT and Mermaid pictures say, shared: node labels, edge labels and
 * which items are highlighted as pending. Both renderers draw the same graph.
 */
import type { GraphModel } from './_model';
import type { GraphCertificate, GraphCluster, GraphMesh, GraphRemoteAccess, GraphServiceMirrorLink } from './mesh-graph';

/** Colours (fill, line) by meaning. */
export const COLOURS = {
  primary: { fill: '#e7f5ff', line: '#1c7ed6' },
  remote: { fill: '#f1f3f5', line: '#495057' },
  trust: { fill: '#fff9db', line: '#e67700' },
  discovery: { fill: '#ebfbee', line: '#2b8a3e' },
  link: { line: '#6741d9' },
  access: { line: '#1c7ed6' },
  pending: { fill: '#fff4e6', line: '#d9480f' },
};

/** How the pictures are drawn. */
export interface PictureOptions {
  /** Show expiry dates. */
  readonly showExpiry: boolean;
}

/** Clusters in one network row before the picture wraps to the next row. */
export const ROW = 6;

const day = (iso: string) => iso.slice(0, 10);

function certLine(what: string, c: GraphCertificate | undefined, o: PictureOptions): string | undefined {
  if (!c) { return undefined; }
  const made = c.state === 'generated' ? ' (new)' : c.state === 'reissued' ? ' (re-issued)' : c.state === 'imported' ? ' (imported)' : '';
  return `${what}${o.showExpiry ? ` until ${day(c.notAfter)}` : ''}${made}`;
}

/** The intermediate (Istio) or identity issuer (Linkerd) of a cluster. */
function issuerOf(model: GraphModel, cluster: GraphCluster): GraphCertificate | undefined {
  return model.meshes.find(m => m.meshId === cluster.meshId)?.trustRoot?.intermediates.find(i => i.cluster === cluster.name);
}

/** True when the cluster's picture is highlighted: an endpoint-discovery secret for it is pending. */
export function clusterPending(model: GraphModel, cluster: GraphCluster): boolean {
  const mesh = model.meshes.find(m => m.meshId === cluster.meshId);
  return mesh?.endpointDiscovery?.pendingClusters.includes(cluster.name) ?? false;
}

/** The lines of a cluster's label. */
export function clusterLines(model: GraphModel, mesh: GraphMesh, cluster: GraphCluster, o: PictureOptions): string[] {
  const issuer = issuerOf(model, cluster);
  const role = mesh.provider === 'istio' ? (cluster.primary ? `remote of ${cluster.primary}` : 'primary') : 'linkerd';
  const gw = cluster.gatewayAddresses.length > 0
    ? `gateway ${cluster.gatewayAddresses.join(', ')}`
    : cluster.hasGateway ? 'gateway (address not given)' : undefined;
  const lines = [cluster.name, role, gw, certLine(mesh.provider === 'istio' ? 'intermediate CA' : 'identity issuer', issuer, o)];
  if (clusterPending(model, cluster)) { lines.push('remote secret pending'); }
  return lines.filter((l): l is string => l !== undefined);
}

/** The lines of a mesh's trust-root label. */
export function trustLines(mesh: GraphMesh, o: PictureOptions): string[] {
  const t = mesh.trustRoot!;
  const n = t.intermediates.length;
  const changed = t.intermediates.filter(i => i.state === 'generated' || i.state === 'reissued').length;
  return [
    `trust root (${t.rootDirectory})`,
    certLine('root', t.root, o)!,
    `${n} ${mesh.provider === 'istio' ? 'intermediate CA' : 'identity issuer'}${n === 1 ? '' : 's'}${changed > 0 ? `, ${changed} new or re-issued` : ''}`,
  ];
}

/** The lines of a mesh's endpoint-discovery summary. */
export function discoveryLines(mesh: GraphMesh, clusterCount: number): string[] {
  const d = mesh.endpointDiscovery!;
  const lines = [
    'full-mesh endpoint discovery',
    `${d.readers.length} primar${d.readers.length === 1 ? 'y reads' : 'ies read'} ${clusterCount} cluster${clusterCount === 1 ? '' : 's'}`,
    `${d.remoteSecrets} remote secret${d.remoteSecrets === 1 ? '' : 's'}${d.pending > 0 ? `, ${d.pending} pending` : ''}${d.expiring > 0 ? `, ${d.expiring} expiring` : ''}`,
  ];
  return lines;
}

/** True when the discovery summary is highlighted. */
export function discoveryPending(mesh: GraphMesh): boolean {
  return (mesh.endpointDiscovery?.pending ?? 0) > 0 || (mesh.endpointDiscovery?.expiring ?? 0) > 0;
}

/** The label of a remote-access edge. */
export function accessLines(a: GraphRemoteAccess, o: PictureOptions): string[] {
  const scope = a.scope === 'cluster' ? 'cluster scope' : `namespaces ${a.scope}`;
  const until = o.showExpiry && a.credentialExpires && a.credential !== 'pending' ? ` (token until ${day(a.credentialExpires)})` : '';
  return [`${a.consumer} reads`, scope, `credential ${a.credential}${until}`];
}

/** The label of a link edge. */
export function linkLines(l: GraphServiceMirrorLink): string[] {
  return [
    `Link ${l.name}`,
    `controller: ${l.controllerMode}`,
    l.useGateway ? (l.gatewayAddresses.length > 0 ? `via ${l.gatewayAddresses.join(', ')}` : 'via gateway') : 'pod-to-pod',
    ...(l.credential !== 'present' ? [`credential ${l.credential}`] : []),
  ];
}

/** True when a credential state is highlighted. */
export function credentialPending(state: string): boolean {
  return state !== 'present';
}
