/**
 * Multi-primary on different networks: two clusters, each with its own istiod,
 * on networks network1 and network2, installed with the Sail Operator (the default).
 *
 *   npx ts-node --project test/tsconfig.json examples/multi-primary/main.ts
 *
 * writes dist/examples/multi-primary/<cluster>/ (and the key store
 * .mesh-keys/examples/multi-primary/).
 */
import { Mesh, MeshApp, MeshAppProps, MeshCluster } from '../../src';

/** Builds the example app. */
export function build(props: MeshAppProps = {}): MeshApp {
  const app = new MeshApp({
    outdir: 'dist/examples/multi-primary',
    keyStore: '.mesh-keys/examples/multi-primary',
    ...props,
  });

  const mesh = new Mesh(app, 'mesh1');

  new MeshCluster(app, 'cluster1', {
    mesh,
    network: 'network1',
    discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }],
  });
  new MeshCluster(app, 'cluster2', {
    mesh,
    network: 'network2',
    discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }],
  });

  return app;
}

if (require.main === module) {
  build().synth();
}
