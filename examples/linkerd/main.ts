/**
 * Linkerd multicluster, the 2.18+ way: three clusters of one Linkerd mesh that
 * share a trust anchor (TrustRoot: one ECDSA P-256 anchor, one identity issuer
 * per cluster). east and west mirror each other's exported Services through
 * their gateways; north mirrors east one way, with its controller rendered as
 * plain manifests instead of a linkerd-multicluster chart entry.
 *
 *   npx ts-node --project test/tsconfig.json examples/linkerd/main.ts
 *
 * writes dist/examples/linkerd/<cluster>/ (and the key store
 * .mesh-keys/examples/linkerd/). No credential is given here, so the synth
 * warns that each link's two cluster-credentials Secrets are pending and
 * prints the commands that complete them; tokens never go into this file
 * (pass credential: Credential.fromTokenFile(...) or Credential.fromEnv(...)).
 */
import {
  ControllerMode, Mesh, MeshApp, MeshAppProps, MeshCluster, MeshProvider, ServiceMirrorLink, TrustRoot,
} from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/linkerd',
    keyStore: '.mesh-keys/examples/linkerd',
    ...props,
  });

  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
  // rootDirectory: where the mesh file keeps this mesh's root (root-<mesh ID>), so both write one key store.
  new TrustRoot(app, 'TrustRoot', { mesh, rootDirectory: 'root-l5d' });

  // No apiServer here: the pending warnings say to set it (ApiServer.fromKubeconfig or
  // ApiServer.fromUrl with the cluster's CA) before passing the credentials.
  const east = new MeshCluster(app, 'east', { mesh });
  const west = new MeshCluster(app, 'west', { mesh });
  const north = new MeshCluster(app, 'north', { mesh });

  // The addresses east's and west's gateways are reached at (their load balancers'; documentation
  // ranges). A LinkerdMulticluster per target (gatewayAddresses) would give every link to it the same.
  const eastGateway = ['192.0.2.10'];
  const westGateway = ['198.51.100.10'];

  // east <-> west, controllers in each cluster's linkerd-multicluster values (controllers[]).
  new ServiceMirrorLink(app, 'east-mirrors-west', { source: east, target: west, gatewayAddresses: westGateway });
  new ServiceMirrorLink(app, 'west-mirrors-east', { source: west, target: east, gatewayAddresses: eastGateway });

  // north -> east, one way: the controller as manifests; Argo CD's instance label is not copied
  // onto the mirrored Services (Argo CD would otherwise fight over them, linkerd/linkerd2#11358).
  new ServiceMirrorLink(app, 'north-mirrors-east', {
    source: north,
    target: east,
    gatewayAddresses: eastGateway,
    controllerMode: ControllerMode.MANIFESTS,
    excludedLabels: ['argocd.argoproj.io/instance'],
  });

  return app;
}

if (require.main === module) {
  build().synth();
}
