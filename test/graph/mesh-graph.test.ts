import * as fs from 'fs';
import * as path from 'path';
import { build as linkerd } from '../../examples/linkerd/main';
import { build as multiPrimary } from '../../examples/multi-primary/main';
import { build as primaryRemote } from '../../examples/primary-remote/main';
import {
  AccessConsumer, ApiServer, CertificateState, Credential, CredentialState, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshCluster, MeshGraph,
  RemoteAccess, TrustRoot,
} from '../../src';
import { tempDir } from '../util';
import { testToken } from '../util/credentials';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function dirs(): { outdir: string; keyStore: string } {
  const d = tempDir();
  return { outdir: path.join(d, 'dist'), keyStore: path.join(d, 'keys') };
}

/** A multi-primary full mesh of `n` clusters on `networks` networks. */
function fleet(n: number, networks: number): MeshApp {
  const app = new MeshApp(dirs());
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
  mesh.enableEndpointDiscovery();
  for (let i = 0; i < n; i++) {
    const c = new MeshCluster(app, `c${i}`, { mesh, network: `network${i % networks}`, apiServer: ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: CA }) });
    new EastWestGateway(c, 'EastWestGateway', { address: `10.0.${i}.1` });
  }
  return app;
}

const quiet = <T>(fn: () => T): T => {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as any;
  try { return fn(); } finally { process.stderr.write = write; }
};

describe('MeshGraph.of', () => {
  test('the multi-primary example: two networks, gateways with addresses, a summarised full mesh, Kiali pending', () => {
    // GIVEN the multi-primary example with an empty key store  WHEN its graph is built
    const g = MeshGraph.of(multiPrimary(dirs()), { at: '2026-01-01' });
    // THEN meshes, clusters and accesses are as declared
    expect(g.meshes).toHaveLength(1);
    const mesh = g.meshes[0];
    expect(mesh.meshId).toBe('mesh1');
    expect(mesh.networks).toEqual([{ name: 'network1', clusters: ['cluster1'] }, { name: 'network2', clusters: ['cluster2'] }]);
    expect(mesh.endpointDiscovery).toEqual({ readers: ['cluster2', 'cluster1'], remoteSecrets: 2, pending: 2, expiring: 0, pendingClusters: ['cluster1', 'cluster2'] });
    expect(mesh.trustRoot!.rootDirectory).toBe('root-mesh1');
    expect(mesh.trustRoot!.root.state).toBe(CertificateState.GENERATED);
    expect(mesh.trustRoot!.intermediates.map(i => [i.cluster, i.state])).toEqual([['cluster1', CertificateState.GENERATED], ['cluster2', CertificateState.GENERATED]]);
    expect(g.clusters).toEqual([
      { name: 'cluster1', meshId: 'mesh1', network: 'network1', role: 'primary', gatewayAddresses: ['192.0.2.10'], hasGateway: true },
      { name: 'cluster2', meshId: 'mesh1', network: 'network2', role: 'primary', gatewayAddresses: ['198.51.100.10'], hasGateway: true },
    ]);
    expect(g.remoteAccesses).toEqual([{
      path: 'cluster2/Kiali', consumer: 'kiali', consumerCluster: 'cluster1', cluster: 'cluster2', scope: 'cluster', credential: CredentialState.PENDING,
    }]);
    expect(g.links).toEqual([]);
  });

  test('the primary-remote example: the remote names its primary', () => {
    // GIVEN the primary-remote example  WHEN its graph is built
    const g = MeshGraph.of(primaryRemote(dirs()));
    // THEN cluster2 is a remote of cluster1, with a gateway whose address is not given
    expect(g.clusters.find(c => c.name === 'cluster2')).toEqual({
      name: 'cluster2', meshId: 'mesh1', network: 'network2', role: 'remote', primary: 'cluster1', gatewayAddresses: [], hasGateway: true,
    });
    expect(g.toDot()).toContain('"cluster:cluster2" -> "cluster:cluster1" [label="managed by"');
  });

  test('the Linkerd example: links with their controller mode and gateway address', () => {
    // GIVEN the Linkerd example  WHEN its graph is built
    const g = MeshGraph.of(linkerd(dirs()));
    // THEN each link is an edge with its mode; their remote access is not drawn twice
    expect(g.links.map(l => [l.source, l.target, l.name, l.controllerMode, l.gatewayAddresses, l.credential])).toEqual([
      ['east', 'west', 'west', 'chart', ['198.51.100.10'], CredentialState.PENDING],
      ['west', 'east', 'east', 'chart', ['192.0.2.10'], CredentialState.PENDING],
      ['north', 'east', 'east', 'manifests', ['192.0.2.10'], CredentialState.PENDING],
    ]);
    expect(g.remoteAccesses).toEqual([]);
    expect(g.meshes[0].endpointDiscovery).toBeUndefined();
  });

  test('a credential that expires within 30 days is expiring, and its expiry is shown', () => {
    // GIVEN Kiali reading cluster2 with a token that expires in 10 days
    const app = multiPrimary(dirs());
    const file = path.join(tempDir(), 'kiali.token');
    fs.writeFileSync(file, testToken(10), { mode: 0o600 });
    const cluster1 = app.node.findChild('cluster1') as MeshCluster;
    const cluster2 = app.node.findChild('cluster2') as MeshCluster;
    quiet(() => new RemoteAccess(cluster2, 'Argo', { consumer: AccessConsumer.argoCd(), consumerCluster: cluster1, credential: Credential.fromTokenFile(file) }));
    // WHEN its graph is built
    const g = quiet(() => MeshGraph.of(app));
    // THEN the access is expiring, with the token's date (never the token)
    const argo = g.remoteAccesses.find(a => a.consumer === 'argocd')!;
    expect(argo.credential).toBe(CredentialState.EXPIRING);
    expect(argo.credentialExpires).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(g.toDot()).toContain('credential expiring (token until ');
    // AND 60 days on, it has expired
    expect(quiet(() => MeshGraph.of(app, { at: new Date(Date.now() + 60 * 86_400_000).toISOString() })).remoteAccesses.find(a => a.consumer === 'argocd')!.credential)
      .toBe(CredentialState.EXPIRED);
  });

  test('full-mesh endpoint discovery is one edge per mesh, not one per pair: 50 clusters draw no more edges than 2', () => {
    // GIVEN full meshes of 2 and 50 clusters  WHEN drawn
    const edges = (dot: string) => dot.split('\n').filter(l => l.includes(' -> ') && !l.includes('style=invis')).length;
    const small = MeshGraph.of(fleet(2, 2));
    const large = MeshGraph.of(fleet(50, 50));
    // THEN the 2,450 remote secrets are one summary; the pictures have the trust and discovery edges only
    expect(large.meshes[0].endpointDiscovery!.remoteSecrets).toBe(2450);
    expect(edges(small.toDot())).toBe(2);
    expect(edges(large.toDot())).toBe(2);
    expect(large.toMermaid().split('\n').filter(l => l.includes('-->') || l.includes('<-.->'))).toHaveLength(2);
  });

  test('an invalid app throws the synth\'s validation error', () => {
    // GIVEN a mesh on two networks whose second cluster has no gateway
    const app = new MeshApp(dirs());
    const mesh = new Mesh(app, 'mesh1');
    const a = new MeshCluster(app, 'a', { mesh, network: 'n1' });
    new EastWestGateway(a, 'EastWestGateway');
    new MeshCluster(app, 'b', { mesh, network: 'n2' });
    // WHEN the graph is built  THEN it fails as synth would
    expect(() => MeshGraph.of(app)).toThrow(Error);
  });

  test('the SVG is laid out by Graphviz and names every cluster', async () => {
    // GIVEN the multi-primary example  WHEN drawn as SVG
    const svg = await MeshGraph.of(multiPrimary(dirs())).toSvg();
    // THEN it is an SVG document with the clusters and gateway addresses
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg /);
    expect(svg).toContain('>cluster1</text>');
    expect(svg).toContain('>gateway 198.51.100.10</text>');
  });
});
