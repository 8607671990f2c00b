import { ApiObject, Chart } from 'cdk8s';
import { KeyAlgorithm, Mesh, MeshApp, MeshCluster, TrustRoot } from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { NETWORK } from './_shared';

/** A valid one-cluster app with the given MeshApp. */
function oneCluster(app: MeshApp): MeshApp {
  new MeshCluster(app, 'east', { mesh: new Mesh(app, 'mesh1'), network: NETWORK });
  return app;
}

/** A first, valid synth: the cases that follow must leave its output as it is. */
function firstSynth(ctx: CaseContext): void {
  oneCluster(ctx.app()).synth();
}

export const MESH_APP_CASES: BadInputCase[] = [
  {
    id: 'mesh-app-key-store-inside-outdir',
    area: 'mesh-app',
    title: 'The key store is inside the output directory',
    stage: Stage.CONSTRUCT,
    run: () => new MeshApp({ outdir: 'dist', keyStore: 'dist/keys' }),
    message: 'MeshApp: \'keyStore\' ("dist/keys") must not be inside the outdir ("dist") or contain it: '
      + 'the outdir is reviewed and committed, and the key store holds private keys',
  },
  {
    id: 'mesh-app-outdir-is-file',
    area: 'mesh-app',
    title: 'The output directory is a file',
    stage: Stage.SYNTH,
    setup: ctx => { ctx.file('dist', 'a file', 0o644); },
    run: ctx => {
      // With a TrustRoot: the key store must stay unwritten too.
      const app = oneCluster(ctx.app());
      new TrustRoot(app, 'trust', { mesh: app.node.findChild('mesh1') as Mesh, algorithm: KeyAlgorithm.ECDSA_P256, now: CaseContext.NOW });
      app.synth();
    },
    message: 'outdir "dist" exists and is not a directory: remove it or choose another outdir',
  },
  {
    id: 'mesh-app-outdir-not-ours',
    area: 'mesh-app',
    title: 'The output directory holds files this tool did not write',
    stage: Stage.SYNTH,
    setup: ctx => { ctx.file('dist/README.md', 'hand-written\n', 0o644); },
    run: ctx => oneCluster(ctx.app()).synth(),
    message: 'outdir "dist" is not empty and was not written by cdk8s-multicluster-mesh (no .cdk8s-mesh file): '
      + 'the writer replaces the whole outdir, so remove it or choose another outdir',
  },
  {
    id: 'mesh-app-outdir-is-cwd',
    area: 'mesh-app',
    title: 'The output directory is the current directory',
    stage: Stage.SYNTH,
    run: () => oneCluster(new MeshApp({ outdir: '.', keyStore: '../keys-of-a-case' })).synth(),
    message: 'outdir "." is the current directory or one of its parents: the writer replaces the whole outdir, so give it a directory of its own such as "dist"',
  },
  {
    id: 'mesh-app-key-store-is-file',
    area: 'mesh-app',
    title: 'The key store path is a file',
    stage: Stage.SYNTH,
    setup: ctx => { ctx.file('.mesh-keys', 'a file'); },
    run: ctx => {
      const app = ctx.app();
      const c = new Chart(app, 'east');
      new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } });
      app.synth();
    },
    message: 'key store ".mesh-keys" exists and is not a directory',
  },
  {
    id: 'mesh-app-object-defined-twice',
    area: 'mesh-app',
    title: 'An object is defined twice in one cluster',
    stage: Stage.SYNTH,
    setup: firstSynth,
    run: ctx => {
      const app = oneCluster(ctx.app());
      const east = app.node.findChild('east');
      for (const id of ['a', 'b']) {
        new ApiObject(east, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } });
      }
      app.synth();
    },
    message: 'east/b: ConfigMap "c" in namespace "x" is also defined by east/a in cluster "east": every object must be defined once',
  },
  {
    id: 'mesh-app-two-clusters-one-directory',
    area: 'mesh-app',
    title: 'Two clusters of one app have the same name (one output directory)',
    stage: Stage.SYNTH,
    setup: firstSynth,
    run: ctx => {
      const app = oneCluster(ctx.app());
      new MeshCluster(app, 'east2', { clusterName: 'east' });
      app.synth();
    },
    message: 'east2: the output directory "east" is also used by east: cluster names must be unique in an app',
  },
  {
    id: 'mesh-app-chart-id-not-dns-label',
    area: 'mesh-app',
    title: 'A plain chart whose id is not a DNS-1123 label',
    stage: Stage.SYNTH,
    run: ctx => {
      const app = ctx.app();
      new Chart(app, 'My_Chart');
      app.synth();
    },
    message: 'My_Chart: the chart id ("My_Chart") names its output directory and must be a DNS-1123 label',
  },
];
