/**
 * Ambient multi-primary on different networks (istio.io "Install ambient
 * multi-primary on different networks", alpha from Istio 1.27): two clusters,
 * each with its own istiod in ambient mode (the `ambient` profile with
 * AMBIENT_ENABLE_MULTI_NETWORK, istio-cni and ztunnel: Sail `IstioCNI` and
 * `ZTunnel` resources), on networks network1 and network2. Each cluster has an
 * east-west gateway of class `istio-east-west` (HBONE on 15008), and the
 * helloworld sample is global (`istio.io/global: "true"`), with a global waypoint
 * in namespace sample.
 *
 *   npx ts-node --project test/tsconfig.json examples/ambient-multi-network/main.ts
 *
 * writes dist/examples/ambient-multi-network/<cluster>/ (and the key store
 * .mesh-keys/examples/ambient-multi-network/).
 */
import * as path from 'path';
import {
  ApiServer, DataPlaneMode, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshAppProps, MeshCluster, SampleApps, TrustRoot, Waypoint,
} from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/ambient-multi-network',
    keyStore: '.mesh-keys/examples/ambient-multi-network',
    ...props,
  });

  // Istio 1.30.3 (the default) with the Sail Operator (the default); ambient needs 1.27 or later.
  const mesh = new Mesh(app, 'mesh1', { dataPlaneMode: DataPlaneMode.AMBIENT });

  // One root CA and an intermediate CA per cluster, as for sidecars: ztunnels in different
  // clusters trust each other only with a shared root (the cacerts Secrets go to the key store).
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: 'root-mesh1' });

  const cluster1 = new MeshCluster(app, 'cluster1', {
    mesh,
    network: 'network1',
    apiServer: ApiServer.fromUrl('https://cluster1.example.com:6443', { caFile: path.join(__dirname, 'cluster1-api-ca.crt') }),
  });
  const cluster2 = new MeshCluster(app, 'cluster2', {
    mesh,
    network: 'network2',
    apiServer: ApiServer.fromUrl('https://cluster2.example.com:6443', { caFile: path.join(__dirname, 'cluster2-api-ca.crt') }),
  });

  // Endpoint discovery: remote secrets, exactly as in sidecar mode (pending until tokens are given).
  mesh.enableEndpointDiscovery();

  // The ambient east-west gateways: a Gateway API Gateway each, which istiod deploys.
  new EastWestGateway(cluster1, 'EastWestGateway', { address: '192.0.2.10' });
  new EastWestGateway(cluster2, 'EastWestGateway', { address: '198.51.100.10' });

  // helloworld and curl in namespace sample (istio.io/dataplane-mode: ambient); helloworld is global.
  new SampleApps(cluster1, 'SampleApps');
  new SampleApps(cluster2, 'SampleApps');

  // L7 for the samples across clusters: the same waypoint in every cluster, its Service global
  // (istio.io "Configure failover behavior in multicluster ambient installation"). Services use it
  // once labelled istio.io/use-waypoint: waypoint.
  new Waypoint(cluster1, 'Waypoint', { namespace: 'sample' });
  new Waypoint(cluster2, 'Waypoint', { namespace: 'sample' });

  return app;
}

if (require.main === module) {
  build().synth();
}
