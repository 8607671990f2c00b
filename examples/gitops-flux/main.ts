/**
 * GitOps delivery with Flux: two Linkerd clusters that share a trust anchor and
 * mirror each other's exported Services, delivered by the Flux that runs in
 * east. Flux reaches west with the kubeconfig in the Secret `west-kubeconfig`
 * (namespace flux-system of east, key `value`), which you create. The synth
 * writes `_delivery/flux/` beside the cluster directories: commit the outdir,
 * `kubectl apply -k _delivery/flux` in east once, and Flux reconciles every
 * phase after the one before it is ready (docs/gitops.md).
 *
 *   npx ts-node --project test/tsconfig.json examples/gitops-flux/main.ts
 *
 * writes dist/examples/gitops-flux/ (and the key store .mesh-keys/examples/gitops-flux/).
 * The Argo CD twin of this delivery is examples/gitops.
 */
import { GitOpsDelivery, Mesh, MeshApp, MeshAppProps, MeshCluster, MeshProvider, SecretDelivery, ServiceMirrorLink, TrustRoot } from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/gitops-flux',
    keyStore: '.mesh-keys/examples/gitops-flux',
    delivery: GitOpsDelivery.flux({
      repoUrl: 'https://git.example.com/platform/mesh.git',
      pathPrefix: 'examples-out/gitops-flux',
      managementCluster: 'east',
      kubeConfigSecrets: { west: 'west-kubeconfig' },
    }),
    // The Secrets with private material (each cluster's linkerd-identity-issuer) go through Git too,
    // SOPS-encrypted for Flux's age key (the Secret sops-age in flux-system decrypts them), here age's
    // README example recipient (a public key). The key store keeps every Secret in plain form.
    secretDelivery: SecretDelivery.sops({ ageRecipients: ['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'] }),
    ...props,
  });

  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
  new TrustRoot(app, 'TrustRoot', { mesh, rootDirectory: 'root-l5d' });

  const east = new MeshCluster(app, 'east', { mesh });
  const west = new MeshCluster(app, 'west', { mesh });
  new ServiceMirrorLink(app, 'east-mirrors-west', { source: east, target: west, gatewayAddresses: ['198.51.100.10'] });
  new ServiceMirrorLink(app, 'west-mirrors-east', { source: west, target: east, gatewayAddresses: ['192.0.2.10'] });

  return app;
}

if (require.main === module) {
  build().synth();
}
