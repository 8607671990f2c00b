import { AccessConsumer, GitOpsDelivery, Mesh, MeshApp, MeshCluster, RemoteAccess } from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { NETWORK } from './_shared';

const REPO = 'https://git.example.com/platform/mesh.git';

/** east, west and north on one network; Argo CD in east reaches west only. */
function argoApp(ctx: CaseContext, delivery: GitOpsDelivery, argoNamespace?: string): MeshApp {
  const app = ctx.app({ delivery });
  const mesh = new Mesh(app, 'mesh1');
  const east = new MeshCluster(app, 'east', { mesh, network: NETWORK });
  const west = new MeshCluster(app, 'west', { mesh, network: NETWORK });
  new MeshCluster(app, 'north', { mesh, network: NETWORK });
  new RemoteAccess(west, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: east, consumerNamespace: argoNamespace });
  return app;
}

function fluxApp(ctx: CaseContext, delivery: GitOpsDelivery): MeshApp {
  const app = ctx.app({ delivery });
  const mesh = new Mesh(app, 'mesh1');
  new MeshCluster(app, 'east', { mesh, network: NETWORK });
  new MeshCluster(app, 'west', { mesh, network: NETWORK });
  return app;
}

export const DELIVERY_CASES: BadInputCase[] = [
  {
    id: 'delivery-repo-url-not-a-url',
    area: 'delivery',
    title: 'The repository URL is not a URL',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.argoCd({ repoUrl: 'platform/mesh' }),
    message: 'GitOpsDelivery.argoCd: \'repoUrl\' ("platform/mesh") must be a Git repository URL: https://, http:// or ssh://host/path, '
      + 'or scp-like git@host:org/repo.git',
  },
  {
    id: 'delivery-flux-repo-url-scp-like',
    area: 'delivery',
    title: 'Flux is given an scp-like repository address',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.flux({ repoUrl: 'git@github.com:org/mesh.git' }),
    message: 'GitOpsDelivery.flux: \'repoUrl\' ("git@github.com:org/mesh.git") must be a Git repository URL with scheme https://, http:// or ssh:// '
      + '(the GitRepository CRD accepts no other form)',
    fix: 'Write it as ssh://git@github.com/org/mesh.git.',
  },
  {
    id: 'delivery-repo-url-with-password',
    area: 'delivery',
    title: 'The repository URL carries a password',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.argoCd({ repoUrl: 'https://ci:hunter2@git.example.com/mesh.git' }),
    message: 'GitOpsDelivery.argoCd: \'repoUrl\' ("<redacted>") must not carry a password: give the engine its repository credentials in its own Secret',
  },
  {
    id: 'delivery-path-outside-repo',
    area: 'delivery',
    title: 'The path prefix leaves the repository',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.flux({ repoUrl: REPO, pathPrefix: '../other/dist' }),
    message: 'GitOpsDelivery.flux: \'pathPrefix\' ("../other/dist") must be a relative path inside the repository '
      + "(no leading '/', no '..', '/' as separator), for example 'dist' or 'clusters/prod'",
  },
  {
    id: 'delivery-revision-not-a-ref',
    area: 'delivery',
    title: 'The revision is not a Git ref',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.argoCd({ repoUrl: REPO, revision: 'main branch' }),
    message: 'GitOpsDelivery.argoCd: \'revision\' ("main branch") must be a Git branch, tag or commit (no spaces, no "..", none of ~^:?*[\\)',
  },
  {
    id: 'delivery-flux-interval',
    area: 'delivery',
    title: 'The Flux interval is not a whole number of seconds, at least 1',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.flux({ repoUrl: REPO, intervalSeconds: 0 }),
    message: 'GitOpsDelivery.flux: \'intervalSeconds\' (0) must be a whole number of seconds, 1 or more',
  },
  {
    id: 'delivery-argocd-cluster-unreachable',
    area: 'delivery',
    title: 'Argo CD has no cluster Secret for a cluster',
    stage: Stage.SYNTH,
    run: ctx => argoApp(ctx, GitOpsDelivery.argoCd({ repoUrl: REPO })).synth(),
    message: 'MeshApp.delivery: cluster "north" has no Argo CD cluster Secret, so Argo CD cannot reach it: '
      + 'add a RemoteAccess with consumer AccessConsumer.argoCd() and consumerCluster "east" to it (in a mesh file: a RemoteAccess document with consumer argocd)',
  },
  {
    id: 'delivery-argocd-namespace-mismatch',
    area: 'delivery',
    title: 'The Argo CD cluster Secrets are in another namespace than the delivery',
    stage: Stage.SYNTH,
    run: ctx => {
      const app = argoApp(ctx, GitOpsDelivery.argoCd({ repoUrl: REPO, namespace: 'gitops' }), 'argocd');
      new RemoteAccess(app.node.findChild('north') as MeshCluster, 'ArgoCd', {
        consumer: AccessConsumer.argoCd(), consumerCluster: app.node.findChild('east') as MeshCluster, consumerNamespace: 'gitops',
      });
      app.synth();
    },
    message: 'MeshApp.delivery: \'namespace\' ("gitops") is not the namespace of the Argo CD cluster Secret that '
      + 'west/ArgoCd writes ("argocd"): Argo CD reads cluster Secrets from its own namespace; make them the same',
  },
  {
    id: 'delivery-flux-cluster-unreachable',
    area: 'delivery',
    title: 'Flux has no kubeconfig reference for a cluster',
    stage: Stage.SYNTH,
    run: ctx => fluxApp(ctx, GitOpsDelivery.flux({ repoUrl: REPO, managementCluster: 'east' })).synth(),
    message: 'MeshApp.delivery: cluster "west" has no kubeconfig reference, so Flux cannot reach it: '
      + 'add \'kubeConfigSecrets.west\' (a Secret in namespace "flux-system" with the kubeconfig under key "value"), '
      + 'or set \'managementCluster\' to "west" if Flux runs there',
  },
  {
    id: 'delivery-flux-kubeconfig-for-unknown-cluster',
    area: 'delivery',
    title: 'A Flux kubeconfig reference names no cluster of the app',
    stage: Stage.SYNTH,
    run: ctx => fluxApp(ctx, GitOpsDelivery.flux({
      repoUrl: REPO, managementCluster: 'east', kubeConfigSecrets: { west: 'west-kubeconfig', wset: 'wset-kubeconfig' },
    })).synth(),
    message: 'MeshApp.delivery: \'kubeConfigSecrets\' names cluster "wset", which is not a cluster of this app ("east", "west")',
  },
  {
    id: 'delivery-flux-management-cluster-with-kubeconfig',
    area: 'delivery',
    title: 'The Flux management cluster is also given a kubeconfig',
    stage: Stage.CONSTRUCT,
    run: () => GitOpsDelivery.flux({ repoUrl: REPO, managementCluster: 'east', kubeConfigSecrets: { east: 'east-kubeconfig' } }),
    message: 'GitOpsDelivery.flux: \'kubeConfigSecrets.east\' ("east-kubeconfig") names the management cluster, which Flux reaches '
      + 'without a kubeconfig: remove the entry or the managementCluster',
  },
];
