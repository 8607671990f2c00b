/**
 * Primary-remote on different networks: cluster1 runs istiod and manages
 * cluster2, which has no control plane of its own. cluster1's east-west gateway
 * exposes istiod (ports 15012 and 15017) to cluster2, which reaches it at the
 * gateway's address (global.remotePilotAddress); each cluster's gateway exposes
 * its services to the other network on port 15443. cluster1's istiod reads
 * cluster2's API server through a remote secret.
 *
 *   npx ts-node --project test/tsconfig.json examples/primary-remote/main.ts
 *
 * writes dist/examples/primary-remote/<cluster>/ (and the key store
 * .mesh-keys/examples/primary-remote/).
 */
import { AccessConsumer, ControlPlaneRole, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshAppProps, MeshCluster, RemoteAccess, TrustRoot } from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/primary-remote',
    keyStore: '.mesh-keys/examples/primary-remote',
    ...props,
  });

  const mesh = new Mesh(app, 'mesh1');

  // One root CA for the mesh and an intermediate CA per cluster (the cacerts Secrets go to the
  // key store): proxies in different clusters trust each other only with a shared root.
  // ECDSA P-256 keeps the example fast; the default, RSA-4096, is what Istio's tools/certs make.
  // rootDirectory: where the mesh file keeps this mesh's root (root-<mesh ID>), so both write one key store.
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: 'root-mesh1' });

  const cluster1 = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
  // The remote's discovery address: the primary's gateway load balancer
  // (a documentation address here; use your load balancer's IP or DNS name).
  new EastWestGateway(cluster1, 'EastWestGateway', { address: '192.0.2.10' });

  const cluster2 = new MeshCluster(app, 'cluster2', {
    mesh,
    network: 'network2',
    role: ControlPlaneRole.REMOTE,
    primary: cluster1,
  });
  new EastWestGateway(cluster2, 'EastWestGateway');

  // cluster1's istiod manages cluster2 through cluster2's API server, with a
  // remote secret (istio-remote-secret-cluster2 in cluster1). No credential is
  // given here, so the synth warns that it is pending and prints the command
  // that completes it; with an apiServer on cluster2 and a credential, the
  // synth builds it in the key store (never in this output tree). The reader
  // ServiceAccount comes with cluster2's Istio install.
  new RemoteAccess(cluster2, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: cluster1 });

  return app;
}

if (require.main === module) {
  build().synth();
}
