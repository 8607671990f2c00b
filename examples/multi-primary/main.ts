/**
 * Multi-primary on different networks: two clusters, each with its own istiod,
 * on networks network1 and network2, installed with the Sail Operator (the default).
 * Each cluster has an east-west gateway (a LoadBalancer Service) through which
 * the other network reaches its services on port 15443.
 *
 *   npx ts-node --project test/tsconfig.json examples/multi-primary/main.ts
 *
 * writes dist/examples/multi-primary/<cluster>/ (and the key store
 * .mesh-keys/examples/multi-primary/).
 */
import * as path from 'path';
import { AccessConsumer, ApiServer, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshAppProps, MeshCluster, RemoteAccess, TrustRoot } from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/multi-primary',
    keyStore: '.mesh-keys/examples/multi-primary',
    ...props,
  });

  // walkthrough: begin (the README shows the lines from here to the end marker: test/docs.test.ts)
  const mesh = new Mesh(app, 'mesh1');

  // One root CA for the mesh and an intermediate CA per cluster (the cacerts Secrets go to the
  // key store): proxies in different clusters trust each other only with a shared root.
  // ECDSA P-256 keeps the example fast; the default, RSA-4096, is what Istio's tools/certs make.
  // rootDirectory: where the mesh file keeps this mesh's root (root-<mesh ID>), so both write one key store.
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: 'root-mesh1' });

  // How the other cluster's istiod (and Kiali) reach each API server: the URL and the CA
  // that signs its serving certificate (example CA certificates, no keys, beside this file).
  const cluster1 = new MeshCluster(app, 'cluster1', {
    mesh,
    network: 'network1',
    discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }],
    apiServer: ApiServer.fromUrl('https://cluster1.example.com:6443', { caFile: path.join(__dirname, 'cluster1-api-ca.crt') }),
  });
  const cluster2 = new MeshCluster(app, 'cluster2', {
    mesh,
    network: 'network2',
    discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }],
    apiServer: ApiServer.fromUrl('https://cluster2.example.com:6443', { caFile: path.join(__dirname, 'cluster2-api-ca.crt') }),
  });

  // Endpoint discovery: each istiod reads the other cluster through a remote secret
  // (istio-remote-secret-<cluster>, in the key store). No token is given here, so the
  // synth lists both Secrets as pending, with the kubectl command that completes each.
  mesh.enableEndpointDiscovery();

  // The addresses are the load balancers' (documentation ranges here). Multi-primary
  // does not need them — istiod reads each gateway's address from its Service — but
  // knowing them lets remotes and other tools dial the gateways.
  new EastWestGateway(cluster1, 'EastWestGateway', { address: '192.0.2.10' });
  new EastWestGateway(cluster2, 'EastWestGateway', { address: '198.51.100.10' });

  // --- Remote access: Kiali in cluster1 reads cluster2 ---
  // cluster2 gets Kiali's ServiceAccount (kiali-service-account) and the
  // read-only ClusterRole kiali-viewer bound by ClusterRoleBinding kiali (Kiali
  // caches a remote cluster cluster-wide, so a remote gets cluster scope);
  // cluster1 gets install/kiali-clustering.yaml (Kiali CR) and
  // install/kiali-server-values.yaml (chart values) registering cluster2 in
  // clustering.clusters. No credential is given, so the synth warns that
  // kiali-remote-cluster-secret-cluster2 is pending and prints the commands that
  // complete it (the Secret then goes to the key store, never to this output tree).
  new RemoteAccess(cluster2, 'Kiali', {
    consumer: AccessConsumer.kiali(),
    consumerCluster: cluster1,
  });
  // --- end of remote access ---
  // walkthrough: end

  return app;
}

if (require.main === module) {
  build().synth();
}
