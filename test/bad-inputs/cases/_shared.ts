/** Builders shared by the cases: small valid meshes that a case then gets wrong in one place. */
import { Mesh, MeshApp, MeshCluster, MeshProps, MeshProvider, TrustRoot } from '../../../src';
import { CaseContext } from '../context';

/** The rule every DNS-1123 label message ends with. */
export const DNS_LABEL = "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** One network, so that no east-west gateway is needed. */
export const NETWORK = 'network1';

/** An app with an Istio mesh `mesh1`. */
export function istioMesh(ctx: CaseContext, props: MeshProps = {}): { app: MeshApp; mesh: Mesh } {
  const app = ctx.app();
  return { app, mesh: new Mesh(app, 'mesh1', props) };
}

/** Two clusters, `east` and `west`, of the Istio mesh `mesh1` on one network, with API-server settings. */
export function istioPair(ctx: CaseContext): { app: MeshApp; mesh: Mesh; east: MeshCluster; west: MeshCluster } {
  const { app, mesh } = istioMesh(ctx);
  const east = new MeshCluster(app, 'east', { mesh, network: NETWORK, apiServer: ctx.apiServer('east') });
  const west = new MeshCluster(app, 'west', { mesh, network: NETWORK, apiServer: ctx.apiServer('west') });
  return { app, mesh, east, west };
}

/** One cluster `cluster1` of the Istio mesh `mesh1`. */
export function oneCluster(ctx: CaseContext): { app: MeshApp; mesh: Mesh; cluster: MeshCluster } {
  const { app, mesh } = istioMesh(ctx);
  return { app, mesh, cluster: new MeshCluster(app, 'cluster1', { mesh, network: NETWORK }) };
}

/**
 * A Linkerd mesh `l5d` with its TrustRoot (the catalogue clock) and clusters
 * (`east` and `west` unless told), each with API-server settings.
 */
export function linkerdMesh(ctx: CaseContext, names: string[] = ['east', 'west']): { app: MeshApp; mesh: Mesh; clusters: MeshCluster[] } {
  const app = ctx.app();
  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
  new TrustRoot(app, 'TrustRoot', { mesh, now: CaseContext.NOW });
  return { app, mesh, clusters: names.map(c => new MeshCluster(app, c, { mesh, apiServer: ctx.apiServer(c) })) };
}
