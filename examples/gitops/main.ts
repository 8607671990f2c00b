/**
 * GitOps delivery with Argo CD: two Istio primaries on two networks, installed
 * with the Helm charts, delivered by the Argo CD that runs in cluster1.
 * cluster1 reaches cluster2 through the Argo CD cluster Secret that the
 * RemoteAccess below declares (argocd-manager in cluster2, the Secret in
 * cluster1's key store). The synth writes, beside the cluster directories,
 * `_delivery/argocd/`: commit the outdir, `kubectl apply -k _delivery/argocd`
 * in cluster1 once, and Argo CD syncs every phase in order (docs/gitops.md).
 *
 *   npx ts-node --project test/tsconfig.json examples/gitops/main.ts
 *
 * writes dist/examples/gitops/ (and the key store .mesh-keys/examples/gitops/).
 * The Flux twin of this delivery is examples/gitops-flux.
 */
import {
  AccessConsumer, EastWestGateway, GitOpsDelivery, IstioInstall, KeyAlgorithm, Mesh, MeshApp, MeshAppProps, MeshCluster,
  RemoteAccess, TrustRoot,
} from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/gitops',
    keyStore: '.mesh-keys/examples/gitops',
    // The repository the outdir is committed to, at examples-out/gitops/ in it.
    delivery: GitOpsDelivery.argoCd({
      repoUrl: 'https://git.example.com/platform/mesh.git',
      pathPrefix: 'examples-out/gitops',
    }),
    ...props,
  });

  const mesh = new Mesh(app, 'mesh1', { install: IstioInstall.helm() });
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: 'root-mesh1' });

  const cluster1 = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
  new EastWestGateway(cluster1, 'EastWestGateway');
  const cluster2 = new MeshCluster(app, 'cluster2', { mesh, network: 'network2' });
  new EastWestGateway(cluster2, 'EastWestGateway');

  // Argo CD runs in cluster1 and deploys to cluster2 with the Secret this declares
  // (pending until a token is given: the synth prints the commands).
  new RemoteAccess(cluster2, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: cluster1 });
  // Kiali in cluster1 reads cluster2: its kiali-server chart values (install/kiali-server-values.yaml) are delivered too.
  new RemoteAccess(cluster2, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: cluster1 });

  return app;
}

if (require.main === module) {
  build().synth();
}
